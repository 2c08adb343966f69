"""Browser fixtures: Debian's Chromium through Playwright, the seeded demo site on the live server, axe-core."""

import os

import pytest
from django.core.management import call_command
from django.db import connections
from wagtail.models import Page

from tests.browser.support import PHONE, follow_frozen_clock, log_in_to_the_admin
from tests.seed_snapshot import seed_demo_once

# Playwright's sync API keeps an event loop running; Django refuses database access under a running loop
# unless told otherwise. `make test` sets this too; here it is for running pytest directly.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    """One Chromium for the whole session; every test gets its own context.

    While Playwright's sync API is active an event loop counts as running in this thread, and Django then
    hands out a second set of database connections (asgiref's Local switches from thread-local to
    context-local storage). The test database is therefore set up first, and the migrated state that
    Django serialized for `serialized_rollback` is handed on to the connections the tests will use.
    At the end that state is written back, so that a later run with --reuse-db finds the database as
    the migrations left it rather than flushed by the last live-server test.
    """
    from playwright.sync_api import sync_playwright

    serialized = {
        conn.alias: conn._test_serialized_contents
        for conn in connections.all()
        if hasattr(conn, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        with django_db_blocker.unblock():
            for alias, contents in serialized.items():
                call_command(  # as TransactionTestCase does: sequences stay above the restored ids
                    "flush",
                    database=alias,
                    interactive=False,
                    reset_sequences=False,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )
                connections[alias].creation.deserialize_db_from_string(contents)
        connections.close_all()


@pytest.fixture
def site(browser, live_server, transactional_db, django_db_serialized_rollback):
    """The demo site as `manage.py seed_demo` creates it, served by the live server; returns its base URL.

    Seeded by the first test that asks for it and copied back for every later one (tests/seed_snapshot.py).

    The live server needs committed data, hence transactional_db; the serialized rollback brings back
    what the migrations created (Wagtail's root page, the default site) after each test's flush.
    """
    if Page.get_first_root_node() is None:
        pytest.fail(
            "The test database lacks Wagtail's root page (flushed by an earlier run): use --create-db."
        )
    seed_demo_once()
    return live_server.url


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    follow_frozen_clock(context)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def admin_page(site, page):
    """A page of the desktop context, signed in to the admin as the demo admin."""
    log_in_to_the_admin(page, site)
    return page


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="de-DE", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    follow_frozen_clock(context)
    yield context.new_page()
    context.close()
