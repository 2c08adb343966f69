"""Shared fixtures: a frozen clock, a site whose root is our HomePage, the seeded demo site, places and
vocabularies, the calendar and the course programme, editors, and the demo site with its public forms
(tests/public_forms.py).

Builders and factories live in tests/factories.py, helpers that are neither in tests/page_types.py,
tests/public_forms.py and tests/servers.py; no test module imports fixtures from another."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from django.test import Client
from wagtail.models import Site

from tests.factories import (
    CalendarPageFactory,
    CourseProgrammePageFactory,
    NewsIndexPageFactory,
    UserFactory,
    VenueFactory,
    home_as_site_root,
)


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


_travel = time_machine.travel(FROZEN_NOW, tick=True)
_COORDINATES = pytest.StashKey()


def pytest_configure(config):
    """The clock moves before collection, so that dates computed when a test module is imported (module
    constants such as `DAY = timezone.localdate() + timedelta(days=21)`) agree with the tests' today, and
    before any fixture (module- and session-scoped ones such as the seeded demo site included). The live
    server of the browser tests runs in a thread of this process and sees the same clock; Chromium's own
    clock is set from it per browser context (tests/browser/conftest.py)."""
    config.stash[_COORDINATES] = _travel.start()


def pytest_unconfigure(config):
    if _COORDINATES in config.stash:
        _travel.stop()


@pytest.fixture(scope="session")
def frozen_clock(pytestconfig):
    """time-machine's coordinates of the frozen clock (`.shift()`, `.move_to()` for a test that travels)."""
    return pytestconfig.stash[_COORDINATES]


@pytest.fixture
def frozen_today() -> date:
    """The frozen today (Europe/Berlin); build dates relative to it."""
    return FROZEN_NOW.date()


@pytest.fixture
def home(db):
    """A HomePage as root of the default site (Wagtail's welcome page removed)."""
    return home_as_site_root()


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def seeded(db):
    """The full demo content as `manage.py seed_demo` creates it."""
    call_command("seed_demo", verbosity=0)
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts and ends with an empty cache (the local-memory cache outlives a test's database)."""
    cache.clear()
    yield
    cache.clear()


# --- places, vocabularies and the calendar -----------------------------------------------------------


@pytest.fixture
def calendar_page(home):
    """The calendar below the home page, published with a revision."""
    return CalendarPageFactory(parent=home)


@pytest.fixture
def places(db):
    """Municipalities, fields of engagement and target groups (from the migrations) and two venues."""
    from cms.models import FieldOfEngagement, Municipality, TargetGroup

    artern = Municipality.objects.get(slug="artern")
    greussen = Municipality.objects.get(slug="greussen")
    return {
        "artern": artern,
        "greussen": greussen,
        "buergerhaus": VenueFactory(
            name="Bürgerhaus Artern",
            street="Gartenstraße 12",
            postcode="06556",
            town="Artern",
            municipality=artern,
            step_free_access=True,
            hearing_loop=True,
        ),
        "vereinsheim": VenueFactory(
            name="Vereinsheim Greußen",
            street="Sportplatzweg 1",
            postcode="99718",
            town="Greußen",
            municipality=greussen,
        ),
        "sport": FieldOfEngagement.objects.get(slug="sport"),
        "hospiz": FieldOfEngagement.objects.get(slug="hospiz"),
        "vorstaende": TargetGroup.objects.get(slug="vereinsvorstaende"),
        "familien": TargetGroup.objects.get(slug="familien"),
    }


@pytest.fixture
def vocab(places):
    """The places and, for the calendar, two event categories and two organisers."""
    from cms.models import Organisation
    from netzwerk.models import EventCategory

    return {
        **places,
        "stammtisch": EventCategory.objects.create(name="Stammtisch und Austausch", slug="stammtisch"),
        "fest": EventCategory.objects.create(name="Fest und Feier", slug="fest"),
        "agentur": Organisation.objects.create(name="Ehrenamtsagentur des Kyffhäuserkreises"),
        "feuerwehr": Organisation.objects.create(name="Feuerwehrverein Greußen e. V."),
    }


# --- qualifizierung -----------------------------------------------------------------------------------


@pytest.fixture
def programme(home):
    """The course programme below the home page, published with a revision."""
    return CourseProgrammePageFactory(parent=home)


# --- people -------------------------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    """An editor of the group Redaktion with an e-mail address."""
    return UserFactory(username="redakteurin", email="redaktion@kyffhaeuser.example", groups=["Redaktion"])


@pytest.fixture
def editors(editor):
    """The editor and a reviewer (Freigabe), both returned; a superuser with an e-mail address and one
    without, and a reader in no group, who are all not to be told."""
    publisher = UserFactory(username="freigeber", email="freigabe@kyffhaeuser.example", groups=["Freigabe"])
    UserFactory(username="chefin", email="chefin@kyffhaeuser.example", superuser=True)
    UserFactory(username="ohne-adresse", email="", superuser=True)
    UserFactory(username="leser", email="leser@kyffhaeuser.example")
    return editor, publisher


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Calls a function and runs what it left for after the commit (e-mails), as a real request would."""

    def call(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return call


@pytest.fixture
def citizen(client, committed):
    """The test client whose POSTs run their after-commit work (e-mails)."""

    class Citizen:
        def get(self, *args, **kwargs):
            return client.get(*args, **kwargs)

        def post(self, *args, **kwargs):
            return committed(client.post, *args, **kwargs)

    return Citizen()


# --- the demo site with its public forms (bad input, rate and request limits) -------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, seeded once for the module and rolled back after it (see tests/public_forms.py)."""
    from tests.public_forms import seed_demo_site

    cache.clear()
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo_site()
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def web(demo, db, settings):
    settings.COURSE_REGISTRATIONS_PER_HOUR = 10**6
    settings.NETZWERK_SUBMISSIONS_PER_HOUR = 10**6
    settings.PRAXIS_PROPOSALS_PER_HOUR = 10**6
    settings.BARRIER_REPORTS_PER_HOUR = 10**6
    return Client()
