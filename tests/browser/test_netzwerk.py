"""The network calendar in a real browser: filter, month view, an event, subscribing; axe on every view."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_citizen_filters_switches_to_month_view_opens_an_event_and_finds_the_subscribe_link(site, page):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Termine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Termine im Netzwerk")

    page.locator("details.filters > summary").click()  # the filters are folded away
    filters = page.get_by_role("form", name="Termine filtern")
    filters.get_by_label("Gemeinde").select_option(label="Artern")
    filters.get_by_role("button", name="Filter anwenden").click()

    expect(page).to_have_url(re.compile(r"/termine/\?.*gemeinde=artern"))
    expect(page.get_by_role("link", name="Offener Treff für Ehrenamtliche in Artern").first).to_be_visible()
    expect(page.get_by_role("link", name="Gala zum Kyffhäuser-Ehrenamtspreis")).to_have_count(0)

    page.get_by_role("navigation", name="Ansicht des Kalenders").get_by_role(
        "link", name="Monatsansicht"
    ).click()

    today = timezone.localdate()
    expect(page).to_have_url(
        re.compile(rf"/termine/monat/{today.year}/{today.month:02d}/\?.*gemeinde=artern")
    )
    grid = page.get_by_role("table")
    expect(grid.locator("caption")).to_have_text(re.compile(r"\w+ \d{4}"))
    expect(grid.get_by_role("columnheader")).to_have_count(7)
    expect(page.locator('[aria-current="date"]')).to_have_count(1)

    grid.get_by_role("link", name=re.compile("Offener Treff für Ehrenamtliche in Artern")).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Offener Treff für Ehrenamtliche in Artern")
    # The test site's public address is http: no webcal link (offered on https only, see tests/netzwerk/test_feeds.py).
    expect(page.get_by_role("link", name="Termine in den eigenen Kalender übernehmen (Abo)")).to_have_count(0)
    download = page.get_by_role("link", name="als iCalendar-Datei herunterladen")
    response = page.request.get(site + download.get_attribute("href"))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in response.text()


def test_the_month_grid_works_with_the_keyboard_alone(site, page):
    today = timezone.localdate()
    page.goto(f"{site}/termine/monat/{today.year}/{today.month:02d}/")
    today_link = page.locator('a[aria-current="date"]')

    today_link.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{site}/termine/tag/{today.isoformat()}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Termine am")


def test_the_subscribe_box_of_a_filtered_view_offers_that_selection(site, page):
    page.goto(site + "/termine/?kategorie=weiterbildung")

    box = page.get_by_role("region", name="Diese Auswahl abonnieren")
    # The test site's public address is http: the address to copy, no webcal link (https only).
    expect(box.locator("code.calendar__feed-url")).to_have_text(
        re.compile(r"^http://.+/termine/ical/\?kategorie=weiterbildung$")
    )
    expect(box.get_by_role("link", name="Im Kalenderprogramm abonnieren (webcal)")).to_have_count(0)
    box.get_by_role("link", name=re.compile("So abonnieren Sie den Kalender")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kalender abonnieren")
    expect(page.get_by_role("main").locator("code.calendar__feed-url")).to_have_text(
        re.compile(r"^http://.+/termine/ical/$")
    )


@pytest.mark.parametrize(
    "path",
    [
        "/termine/",
        "/termine/?gemeinde=artern&kostenlos=ja",
        "/termine/monat/",
        "/termine/tag/{today}/",
        "/termine/archiv/",
        "/termine/vereinsstammtisch-sondershausen/",
        "/termine/kyffhaeuser-ehrenamtsfest/",
        "/termine/kalender-abonnieren/",
    ],
)
def test_calendar_views_and_event_pages_pass_axe(site, page, path):
    response = page.goto(site + path.format(today=timezone.localdate().isoformat()))

    assert response.status == 200
    assert_no_axe_violations(page)
