"""Shared fixtures: a frozen clock, a site whose root is our HomePage, and the seeded demo site."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, NewsIndexPageFactory


def _flush_by_delete(original):
    """PostgreSQL flushes the test database after every transactional test with one TRUNCATE over all
    ~100 tables, which costs seconds because each table gets new files; DELETE on the few rows a test
    leaves takes milliseconds. Foreign keys are deferred, so the order of the tables does not matter."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"DELETE FROM {self.quote_name(table)};" for table in tables
        ]

    return sql_flush


PostgresOperations.sql_flush = _flush_by_delete(PostgresOperations.sql_flush)

# --- the clock ----------------------------------------------------------------------------------------

# Every test runs on this morning in Berlin, whatever the system clock says: events on fixed dates stay
# "upcoming", relative dates ("in 30 Tagen") stay on the same weekday, and the seeded demo site is the
# same on every run. The clock ticks on from there (durations, timeouts and rate-limit windows keep
# working); a whole run takes far less than the 15 hours left to midnight.
FROZEN_NOW = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(scope="session", autouse=True)
def frozen_clock():
    """Moves the clock to FROZEN_NOW for the whole session, before any fixture (module- and session-scoped
    ones such as the seeded demo site included). The live server of the browser tests runs in a thread of
    this process and sees the same clock; Chromium keeps its own."""
    with time_machine.travel(FROZEN_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def frozen_today() -> date:
    """The frozen today (Europe/Berlin); build dates relative to it."""
    return FROZEN_NOW.date()


@pytest.fixture
def home(db):
    """A HomePage as root of the default site (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.save()
    if old_root.pk != home.pk:
        old_root.delete()
    return home


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def seeded(db):
    """The full demo content as `manage.py seed_demo` creates it."""
    call_command("seed_demo", verbosity=0)
    return Site.objects.get(is_default_site=True).root_page.specific
