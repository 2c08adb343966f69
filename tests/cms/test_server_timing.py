"""The Server-Timing middleware behind `make bench`."""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from cms.operations.timing import ServerTimingMiddleware, parse_server_timing, timing_summary


def three_queries(request):
    for _ in range(3):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    return HttpResponse("ok")


def test_header_reports_query_count_and_duration_when_enabled(db, settings):
    settings.SERVER_TIMING = True
    middleware = ServerTimingMiddleware(three_queries)

    response = middleware(RequestFactory().get("/"))

    app_ms, db_ms, queries = timing_summary(response["Server-Timing"])
    assert queries == 3
    assert app_ms > 0
    assert 0 < db_ms <= app_ms


def test_no_header_when_disabled(db, settings):
    settings.SERVER_TIMING = False
    middleware = ServerTimingMiddleware(three_queries)

    response = middleware(RequestFactory().get("/"))

    assert response.content == b"ok"
    assert "Server-Timing" not in response


def test_parser_reads_quoted_descriptions_and_durations():
    metrics = parse_server_timing('app;dur=12.34, db;dur=0.5, queries;desc="7", cache;desc="hit \\"a\\""')

    assert metrics == {
        "app": {"dur": 12.34},
        "db": {"dur": 0.5},
        "queries": {"desc": "7"},
        "cache": {"desc": 'hit "a"'},
    }
