"""`make bench` (scripts/bench.py): targets against the floor of the same run, and the worker memory."""

import importlib.util
from pathlib import Path

import pytest

BENCH_PATH = Path(__file__).resolve().parents[2] / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_under_test", BENCH_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measured(bench, label, app_ms, queries, **targets):
    row = bench.Row(0, label, "/seite/", **targets)
    for value in app_ms:
        for key, sample in zip(row.samples, (value, 0.5, queries, value + 1), strict=True):
            row.samples[key].append(sample)
    return row


def test_a_page_type_over_two_and_a_half_times_the_floor_misses_its_target(bench):
    within = measured(bench, "schnell", [20.0, 25.0, 30.0], queries=9).result(floor_median=10.0)
    over = measured(bench, "langsam", [24.0, 26.0, 28.0], queries=9).result(floor_median=10.0)

    assert within["ratio"] == 2.5
    assert within["within_target"] is True
    assert over["ratio"] == 2.6
    assert over["within_target"] is False
    assert "2.60 × Boden" in bench.target_text(over)


def test_too_many_queries_miss_the_target_even_when_fast(bench):
    row = measured(bench, "viele Abfragen", [11.0], queries=13).result(floor_median=10.0)

    assert row["ratio"] == 1.1
    assert row["within_target"] is False


def test_a_row_with_an_absolute_target_ignores_the_ratio(bench):
    feed = measured(bench, "Feed", [120.0], queries=6, max_median_ms=300.0).result(floor_median=10.0)
    slow_feed = measured(bench, "Feed", [320.0], queries=6, max_median_ms=300.0).result(floor_median=10.0)

    assert feed["ratio"] == 12.0
    assert feed["within_target"] is True
    assert slow_feed["within_target"] is False


def test_a_row_without_answers_is_not_ok(bench):
    row = bench.Row(0, "kaputt", "/kaputt/")
    row.status = 500

    result = row.result(floor_median=10.0)

    assert result["ok_status"] is False
    assert result["status"] == 500


def test_the_floor_setup_makes_a_bare_wagtail_page_below_the_home_page(bench):
    code = bench.FLOOR_SETUP % {"slug": bench.FLOOR[1].strip("/")}

    assert bench.FLOOR == ("Boden: leere Wagtail-Seite", "/bench-boden/")
    assert "Page(title=\"Leere Wagtail-Seite\", slug='bench-boden')" in code
    assert "home.add_child" in code
