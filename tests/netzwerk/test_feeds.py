"""iCalendar and RSS feeds: parsed back with icalendar, expanded with recurring-ical-events, compared with the pages."""

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.core.cache import cache
from django.test import override_settings

from netzwerk.models import EventPage
from termine.dates import BERLIN
from termine.ical import FeedBuilder
from termine.models import AttendanceMode, EventStatus
from tests.factories import berlin, event, single

WINDOW = (date(2027, 1, 1), date(2028, 7, 1))  # 18 months


@pytest.fixture
def season(calendar_page, vocab):
    """A weekly series over the March DST change with a cancelled and a moved date, a festival over a month
    border, a daily series over Easter that skips the holidays, a cancelled event, an online event."""
    event(
        calendar_page,
        "Stammtisch",
        [single(date(2027, 3, 4), frequency="WEEKLY", weekdays="TH", until=date(2027, 4, 15))],
        exceptions=[
            {"original_date": date(2027, 3, 18), "kind": "cancel", "note": "Fällt aus."},
            {
                "original_date": date(2027, 3, 25),
                "kind": "move",
                "new_start": berlin(2027, 3, 26, 19),
                "location_note": "Bürgerhaus Artern",
            },
            {"original_date": date(2027, 4, 8), "kind": "note", "note": "Mit Gast aus dem Landtag."},
        ],
        venue=vocab["buergerhaus"],
        category=vocab["stammtisch"],
    )
    event(
        calendar_page,
        "Ehrenamtsfest",
        [{"start_date": date(2027, 6, 30), "end_date": date(2027, 7, 2), "all_day": True}],
        venue=vocab["vereinsheim"],
    )
    event(
        calendar_page,
        "Osterferienprogramm",
        [
            single(
                date(2027, 3, 25),
                start=time(10),
                end=time(12),
                frequency="DAILY",
                count=5,
                skip_holidays=True,
            )
        ],
    )
    event(calendar_page, "Kino im Hof", [single(date(2027, 8, 6))], date_status=EventStatus.CANCELLED)
    event(
        calendar_page,
        "Webinar",
        [single(date(2027, 10, 28), frequency="WEEKLY", weekdays="TH", count=2)],
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://konferenz.kyffhaeuser.example/webinar",
    )


def feed(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def moment(value) -> datetime:
    """Whole days as local midnight, so that dates and times sort together."""
    return value if isinstance(value, datetime) else datetime.combine(value, time(), BERLIN)


def expanded(calendar):
    """(summary, start, status) of every date in the window, as a calendar program would show them."""
    return sorted(
        (str(e["SUMMARY"]), moment(e["DTSTART"].dt), str(e.get("STATUS", "CONFIRMED")))
        for e in recurring_ical_events.of(calendar).between(*WINDOW)
    )


def page_dates(client, calendar_page, params=None):
    """(title, start, status) of every date the calendar list shows for the window.

    A festival listed on each of its days is one date, as in the feed.
    """
    query = {
        "von": WINDOW[0].isoformat(),
        "bis": (WINDOW[1] - timedelta(days=1)).isoformat(),
        **(params or {}),
    }
    response = client.get(calendar_page.url, query)
    shown = {o.pk: o for _day, _heading, items in response.context["days"] for o in items}
    result = []
    for o in shown.values():
        start = moment(o.first_day if o.all_day else o.local_start)
        result.append(
            (o.entry.title, start, "CANCELLED" if o.status == EventStatus.CANCELLED else "CONFIRMED")
        )
    return sorted(result)


@pytest.mark.django_db
def test_full_feed_expands_to_exactly_the_dates_the_calendar_shows(client, calendar_page, season):
    dates_in_feed = expanded(feed(client, f"{calendar_page.url}ical/"))

    assert dates_in_feed == page_dates(client, calendar_page)
    assert len(dates_in_feed) == 7 + 1 + 5 + 1 + 2


@pytest.mark.django_db
def test_weekly_series_keeps_18_local_across_dst_with_cancelled_and_moved_dates(
    client, calendar_page, season
):
    stammtisch = [d for d in expanded(feed(client, f"{calendar_page.url}ical/")) if d[0] == "Stammtisch"]

    assert [(start, status) for _s, start, status in stammtisch] == [
        (berlin(2027, 3, 4, 18), "CONFIRMED"),
        (berlin(2027, 3, 11, 18), "CONFIRMED"),
        (berlin(2027, 3, 18, 18), "CANCELLED"),
        (berlin(2027, 3, 26, 19), "CONFIRMED"),
        (berlin(2027, 4, 1, 18), "CONFIRMED"),
        (berlin(2027, 4, 8, 18), "CONFIRMED"),
        (berlin(2027, 4, 15, 18), "CONFIRMED"),
    ]
    assert [start.utcoffset() for _s, start, _st in stammtisch][3:5] == [
        timedelta(hours=1),
        timedelta(hours=2),
    ]


@pytest.mark.django_db
def test_series_is_one_rrule_with_exdate_and_recurrence_id_overrides(client, calendar_page, season):
    calendar = feed(client, f"{calendar_page.url}ical/")
    events = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Stammtisch"]
    master = next(e for e in events if "RRULE" in e)
    overrides = {e["RECURRENCE-ID"].dt: e for e in events if "RECURRENCE-ID" in e}
    holidays = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Osterferienprogramm")

    assert master["RRULE"]["FREQ"] == ["WEEKLY"] and master["RRULE"]["BYDAY"] == ["TH"]
    assert master["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert {str(e["UID"]) for e in events} == {str(master["UID"])}
    assert set(overrides) == {berlin(2027, 3, 18, 18), berlin(2027, 3, 25, 18), berlin(2027, 4, 8, 18)}
    assert str(overrides[berlin(2027, 3, 18, 18)]["STATUS"]) == "CANCELLED"
    assert str(overrides[berlin(2027, 3, 25, 18)]["LOCATION"]) == "Bürgerhaus Artern"
    assert "Mit Gast aus dem Landtag." in str(overrides[berlin(2027, 4, 8, 18)]["DESCRIPTION"])
    assert [d.dt for d in holidays["EXDATE"].dts] == [berlin(2027, 3, 26, 10), berlin(2027, 3, 29, 10)]
    assert holidays["RRULE"]["UNTIL"] == [berlin(2027, 3, 31, 10)]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


@pytest.mark.django_db
def test_whole_days_are_dates_with_an_exclusive_end(client, calendar_page, season):
    fest = next(
        e
        for e in feed(client, f"{calendar_page.url}ical/").walk("VEVENT")
        if str(e["SUMMARY"]) == "Ehrenamtsfest"
    )

    assert (fest["DTSTART"].dt, fest["DTEND"].dt) == (date(2027, 6, 30), date(2027, 7, 3))
    assert not isinstance(fest["DTSTART"].dt, datetime)
    assert "VALUE=DATE" in fest.to_ical().decode()


@pytest.mark.django_db
def test_event_properties_uid_sequence_stamps_status_and_url(client, calendar_page, season):
    page = EventPage.objects.get(title="Kino im Hof")
    kino = next(
        e
        for e in feed(client, f"{calendar_page.url}ical/").walk("VEVENT")
        if str(e["SUMMARY"]) == "Kino im Hof"
    )

    assert str(kino["UID"]).startswith(f"{page.ical_uid}-")
    assert kino["SEQUENCE"] == 1
    assert str(kino["STATUS"]) == "CANCELLED"
    assert kino["DTSTAMP"].dt == page.last_published_at.replace(microsecond=0)
    assert kino["LAST-MODIFIED"].dt == page.last_published_at.replace(microsecond=0)
    assert str(kino["URL"]) == f"http://testserver{page.url}"


@pytest.mark.django_db
def test_republishing_raises_the_sequence_in_the_feed_and_keeps_the_uid(client, calendar_page, season):
    url = f"{calendar_page.url}ical/"
    before = next(e for e in feed(client, url).walk("VEVENT") if str(e["SUMMARY"]) == "Webinar")
    page = EventPage.objects.get(title="Webinar")
    page.teaser = "Jetzt mit Aufzeichnung."
    page.save_revision().publish()

    after = next(e for e in feed(client, url).walk("VEVENT") if str(e["SUMMARY"]) == "Webinar")

    assert (before["SEQUENCE"], after["SEQUENCE"]) == (1, 2)
    assert after["UID"] == before["UID"]
    assert "Jetzt mit Aufzeichnung." in str(after["DESCRIPTION"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{"kategorie": "stammtisch"}, {"gemeinde": "greussen"}, {"teilnahme": "online"}, {"von": "2027-06-01"}],
)
def test_filtered_feed_has_the_dates_of_the_filtered_view(client, calendar_page, season, params):
    """A filtered feed carries the whole series of every matching event; from "von" on it is the view."""
    lower = moment(date.fromisoformat(params.get("von", WINDOW[0].isoformat())))
    dates_in_feed = [d for d in expanded(feed(client, f"{calendar_page.url}ical/", params)) if d[1] >= lower]

    assert dates_in_feed == page_dates(client, calendar_page, params)
    assert len(dates_in_feed) < 16


@pytest.mark.django_db
def test_event_feed_carries_only_this_event_with_all_its_dates(client, calendar_page, season):
    page = EventPage.objects.get(title="Stammtisch")
    response = client.get(f"{page.url}ical/")
    calendar = icalendar.Calendar.from_ical(response.content)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"Stammtisch"}
    assert len(expanded(calendar)) == 7
    assert 'filename="stammtisch.ics"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_feed_reflects_a_new_event_at_once_despite_the_cache(client, calendar_page, season):
    url = f"{calendar_page.url}ical/"
    feed(client, url)

    event(calendar_page, "Neuer Termin", [single(date(2027, 9, 1))])

    assert "Neuer Termin" in {str(e["SUMMARY"]) for e in feed(client, url).walk("VEVENT")}


@pytest.mark.django_db
def test_feed_shows_a_renamed_venue_at_once_despite_the_cache(client, calendar_page, season, vocab):
    url = f"{calendar_page.url}ical/"
    feed(client, url)
    vocab["vereinsheim"].name = "Sportlerheim Greußen"
    vocab["vereinsheim"].save()

    fest = next(e for e in feed(client, url).walk("VEVENT") if str(e["SUMMARY"]) == "Ehrenamtsfest")

    assert str(fest["LOCATION"]).startswith("Sportlerheim Greußen, Sportplatzweg 1")


@pytest.mark.django_db
def test_after_a_publication_only_that_event_is_serialised_again(client, calendar_page, season, monkeypatch):
    url = f"{calendar_page.url}ical/"
    client.get(url)
    serialised = []
    original = FeedBuilder.fragments
    monkeypatch.setattr(
        FeedBuilder, "fragments", lambda self, ids: serialised.append(sorted(ids)) or original(self, ids)
    )
    page = EventPage.objects.get(title="Webinar")
    page.save_revision().publish()

    client.get(url)

    assert serialised == [[page.pk]]


@pytest.mark.django_db
def test_cached_and_fresh_feed_are_the_same(client, calendar_page, season):
    url = f"{calendar_page.url}ical/"
    warm_first = client.get(url).content
    warm_second = client.get(url).content
    cache.clear()

    assert client.get(url).content == warm_first == warm_second


@pytest.mark.django_db
def test_rss_lists_the_next_dates_with_status_and_filters(client, calendar_page, season):
    response = client.get(f"{calendar_page.url}rss/", {"kategorie": "stammtisch"})
    channel = ET.fromstring(response.content).find("channel")
    items = [item.findtext("title") for item in channel.findall("item")]

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert channel.findtext("language") == "de"
    assert items[:4] == [
        "Stammtisch – Donnerstag, 4. März 2027, 18–20 Uhr",
        "Stammtisch – Donnerstag, 11. März 2027, 18–20 Uhr",
        "Abgesagt: Stammtisch – Donnerstag, 18. März 2027, 18–20 Uhr",
        "Neuer termin: Stammtisch – Freitag, 26. März 2027, 19–21 Uhr",
    ]
    assert len(items) == 7


@pytest.mark.django_db
def test_help_page_and_subscription_box_use_the_real_feed_address(client, calendar_page):
    from home.models import ContentPage

    help_page = ContentPage(
        title="Kalender abonnieren",
        slug="kalender-abonnieren",
        body=[{"type": "calendar_subscription", "value": {"intro": "Die Adresse:"}}],
    )
    calendar_page.add_child(instance=help_page)
    help_page.save_revision().publish()

    help_html = client.get(help_page.url).content.decode()
    calendar_html = client.get(calendar_page.url, {"gemeinde": "artern"}).content.decode()

    # The public address of the tests is http://testserver: the full address to copy, no webcal link, no "https".
    assert '<code class="calendar__feed-url">http://testserver/termine/ical/</code>' in help_html
    assert (
        '<code class="calendar__feed-url">http://testserver/termine/ical/?gemeinde=artern</code>'
        in calendar_html
    )
    assert "webcal://" not in help_html + calendar_html
    main = help_html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "https" not in re.sub(r"<[^>]+>", " ", main)
    assert f'href="{help_page.url}"' in calendar_html

    with override_settings(PUBLIC_BASE_URL="https://ehrenamt.kyffhaeuser.example"):
        help_html = client.get(help_page.url).content.decode()
        calendar_html = client.get(calendar_page.url, {"gemeinde": "artern"}).content.decode()
    assert (
        '<code class="calendar__feed-url">https://ehrenamt.kyffhaeuser.example/termine/ical/</code>'
        in help_html
    )
    assert 'href="webcal://ehrenamt.kyffhaeuser.example/termine/ical/"' in help_html
    assert 'href="webcal://ehrenamt.kyffhaeuser.example/termine/ical/?gemeinde=artern"' in calendar_html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("von", "bis"),
    [("2027-03-20", "2027-04-03"), ("2027-03-26", "2027-03-31"), ("2027-07-01", "2027-07-31")],
)
def test_feed_for_a_range_carries_only_the_dates_of_that_range(client, calendar_page, season, von, bis):
    """Expanded over 18 months, the feed of a range has exactly the view's dates: series are cut, not whole."""
    params = {"von": von, "bis": bis}
    calendar = feed(client, f"{calendar_page.url}ical/", params)

    assert expanded(calendar) == page_dates(client, calendar_page, params)
    first, last = moment(date.fromisoformat(von)), moment(date.fromisoformat(bis) + timedelta(days=1))
    every_date = recurring_ical_events.of(calendar).between(date(2020, 1, 1), date(2035, 1, 1))
    assert every_date
    for occurrence in every_date:
        start = moment(occurrence["DTSTART"].dt)
        end = moment(occurrence["DTEND"].dt) if "DTEND" in occurrence else start
        assert start < last and max(end, start + timedelta(seconds=1)) > first


@pytest.mark.django_db
def test_a_cut_series_stays_one_rrule_with_the_exceptions_of_its_range(client, calendar_page, season):
    calendar = feed(client, f"{calendar_page.url}ical/", {"von": "2027-03-20", "bis": "2027-04-03"})
    stammtisch = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Stammtisch"]
    master = next(e for e in stammtisch if "RRULE" in e)
    overrides = sorted(e["RECURRENCE-ID"].dt for e in stammtisch if "RECURRENCE-ID" in e)

    assert master["DTSTART"].dt == berlin(2027, 3, 25, 18)
    assert master["RRULE"]["UNTIL"][0].astimezone(BERLIN) == berlin(2027, 4, 1, 18)
    assert overrides == [berlin(2027, 3, 25, 18)]
    assert "EXDATE" not in master
    ostern = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Osterferienprogramm")
    assert ostern["DTSTART"].dt == berlin(2027, 3, 25, 10)
    exdates = ostern["EXDATE"] if isinstance(ostern["EXDATE"], list) else [ostern["EXDATE"]]
    assert sorted(d.dt.date() for x in exdates for d in x.dts) == [
        date(2027, 3, 26),
        date(2027, 3, 29),
    ]


@pytest.mark.django_db
def test_a_cold_feed_after_a_cache_clear_serialises_nothing_again(client, calendar_page, season, monkeypatch):
    """The VEVENT text is kept in the database: a new worker or a cleared cache only joins it."""
    url = f"{calendar_page.url}ical/"
    warm = client.get(url).content
    cache.clear()
    serialised = []
    original = FeedBuilder.fragments
    monkeypatch.setattr(
        FeedBuilder,
        "fragments",
        lambda self, ids, *a: serialised.append(sorted(ids)) or original(self, ids, *a),
    )

    cold = client.get(url).content

    assert serialised == []
    assert cold == warm
