"""The calendar views: list by day, month grid, day view, archive, filters in the URL, German 400s, queries."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from termine.models import AttendanceMode, EventStatus
from tests.factories import bulk_events, event, single
from tests.page_types import queries_for


def titles(response):
    """Event titles in the list or day view, in order."""
    if "days" in response.context:
        return [o.entry.title for _day, _heading, items in response.context["days"] for o in items]
    return [o.entry.title for o in response.context["occurrences"]]


def cell(response, day):
    return next(c for week in response.context["weeks"] for c in week if c.day == day and c.in_month)


@pytest.fixture
def festival(calendar_page):
    """Whole days from Wednesday 30 June to Friday 2 July 2027."""
    return event(
        calendar_page,
        "Kyffhäuser-Ehrenamtsfest",
        [{"start_date": date(2027, 6, 30), "end_date": date(2027, 7, 2), "all_day": True}],
    )


@pytest.mark.django_db
def test_list_groups_upcoming_dates_by_day_and_leaves_out_past_ones(client, calendar_page):
    today = timezone.localdate()
    event(calendar_page, "Vorbei", [single(today - timedelta(days=3))])
    event(calendar_page, "Stammtisch", [single(date(2027, 3, 9))])
    event(calendar_page, "Chorprobe", [single(date(2027, 3, 9), start=time(16), end=time(17))])
    event(calendar_page, "Lesung", [single(date(2027, 3, 10))])

    response = client.get(calendar_page.url)

    assert [(day, [o.entry.title for o in items]) for day, _h, items in response.context["days"]] == [
        (date(2027, 3, 9), ["Chorprobe", "Stammtisch"]),
        (date(2027, 3, 10), ["Lesung"]),
    ]
    html = response.content.decode()
    assert '<time datetime="2027-03-09">Dienstag, 9. März 2027</time>' in html
    assert "16–17 Uhr" in html


@pytest.mark.django_db
def test_a_running_multi_day_date_is_listed_today(client, calendar_page):
    today = timezone.localdate()
    event(
        calendar_page,
        "Ausstellung",
        [{"start_date": today - timedelta(days=10), "end_date": today + timedelta(days=10), "all_day": True}],
    )

    response = client.get(calendar_page.url)

    assert [(day, [o.entry.title for o in items]) for day, _h, items in response.context["days"]] == [
        (today, ["Ausstellung"])
    ]


@pytest.mark.django_db
def test_month_grid_is_an_accessible_table_with_links_to_each_day(client, calendar_page):
    today = timezone.localdate()
    event(calendar_page, "Heute dabei", [single(today, start=time(23), end=time(23, 30))])

    html = client.get(f"{calendar_page.url}monat/{today.year}/{today.month}/").content.decode()

    assert '<table class="kern-table calendar__grid">' in html
    assert "<caption" in html
    assert html.count('<th scope="col"') == 7
    assert '<abbr title="Montag">Mo</abbr>' in html
    assert html.count('aria-current="date"') == 1
    assert f'href="{calendar_page.url}tag/{today.isoformat()}/" aria-current="date"' in html
    assert "Heute dabei" in html


@pytest.mark.django_db
def test_multi_day_event_is_named_once_per_week_row_on_both_sides_of_the_month_border(
    client, calendar_page, festival
):
    june = client.get(f"{calendar_page.url}monat/2027/06/")
    july = client.get(f"{calendar_page.url}monat/2027/07/")

    assert [c.day for w in june.context["weeks"] for c in w if c.in_month and c.dates] == [date(2027, 6, 30)]
    assert [c.day for w in july.context["weeks"] for c in w if c.in_month and c.dates] == [date(2027, 7, 1)]
    assert [o.cell_text for o in cell(july, date(2027, 7, 1)).dates] == [
        "Kyffhäuser-Ehrenamtsfest, bis 2. Juli"
    ]
    assert titles(client.get(f"{calendar_page.url}tag/2027-07-02/")) == ["Kyffhäuser-Ehrenamtsfest"]
    assert titles(client.get(f"{calendar_page.url}tag/2027-07-03/")) == []


@pytest.mark.django_db
def test_a_timed_date_over_midnight_appears_on_both_days(client, calendar_page):
    event(
        calendar_page,
        "Silvesterwache",
        [
            {
                "start_date": date(2027, 12, 31),
                "start_time": time(22),
                "end_date": date(2028, 1, 1),
                "end_time": time(2),
            }
        ],
    )

    assert titles(client.get(f"{calendar_page.url}tag/2027-12-31/")) == ["Silvesterwache"]
    assert titles(client.get(f"{calendar_page.url}tag/2028-01-01/")) == ["Silvesterwache"]
    assert cell(client.get(f"{calendar_page.url}monat/2028/1/"), date(2028, 1, 1)).total == 1


@pytest.mark.django_db
def test_a_busy_day_names_three_dates_and_links_to_the_others(client, calendar_page):
    for hour in range(10, 15):
        event(
            calendar_page,
            f"Termin um {hour}",
            [single(date(2027, 3, 5), start=time(hour), end=time(hour, 30))],
        )

    response = client.get(f"{calendar_page.url}monat/2027/03/")

    busy = cell(response, date(2027, 3, 5))
    assert ([o.entry.title for o in busy.dates], busy.more) == (
        ["Termin um 10", "Termin um 11", "Termin um 12"],
        2,
    )
    assert "und 2 weitere" in response.content.decode()
    assert len(titles(client.get(f"{calendar_page.url}tag/2027-03-05/"))) == 5


@pytest.mark.django_db
def test_cancelled_and_moved_dates_are_marked_in_list_and_day_view(client, calendar_page):
    event(
        calendar_page,
        "Stammtisch",
        [single(date(2027, 3, 2), frequency="WEEKLY", weekdays="TU", count=3)],
        exceptions=[
            {"original_date": date(2027, 3, 9), "kind": "cancel", "note": "Fällt aus."},
            {
                "original_date": date(2027, 3, 16),
                "kind": "move",
                "new_start": timezone.make_aware(timezone.datetime(2027, 3, 17, 19)),
            },
        ],
    )

    html = client.get(calendar_page.url).content.decode()
    day = client.get(f"{calendar_page.url}tag/2027-03-17/").content.decode()

    assert "abgesagt" in html and "Fällt aus." in html
    assert "Verlegt, ursprünglich geplant: 16. März 2027, 18 Uhr" in day


@pytest.mark.django_db
def test_archive_shows_past_dates_latest_first(client, calendar_page):
    today = timezone.localdate()
    event(calendar_page, "Vor zehn Tagen", [single(today - timedelta(days=10))])
    event(calendar_page, "Vor zwei Tagen", [single(today - timedelta(days=2))])
    event(calendar_page, "Nächstes Jahr", [single(date(2027, 3, 9))])

    assert titles(client.get(f"{calendar_page.url}archiv/")) == ["Vor zwei Tagen", "Vor zehn Tagen"]


# --- filters ----------------------------------------------------------------------------------------


@pytest.fixture
def program(calendar_page, vocab):
    """Four events in March 2027 that differ in every filter."""
    event(
        calendar_page,
        "Stammtisch Artern",
        [single(date(2027, 3, 2))],
        venue=vocab["buergerhaus"],
        category=vocab["stammtisch"],
        target_groups=[vocab["vorstaende"]],
        organiser=vocab["agentur"],
    )
    event(
        calendar_page,
        "Feuerwehrfest Greußen",
        [{"start_date": date(2027, 3, 13), "all_day": True}],
        venue=vocab["vereinsheim"],
        category=vocab["fest"],
        target_groups=[vocab["familien"]],
        organiser=vocab["feuerwehr"],
        is_free=False,
        cost="2 Euro",
    )
    event(
        calendar_page,
        "Webinar Vereinsrecht",
        [single(date(2027, 3, 20))],
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://konferenz.kyffhaeuser.example/recht",
        category=vocab["stammtisch"],
        target_groups=[vocab["vorstaende"]],
        organiser=vocab["agentur"],
    )
    event(
        calendar_page,
        "Hybrides Vorstandstreffen",
        [single(date(2027, 3, 27))],
        venue=vocab["vereinsheim"],
        attendance_mode=AttendanceMode.MIXED,
        online_url="https://konferenz.kyffhaeuser.example/treffen",
        teaser="Mit Gästen aus Artern.",
    )
    return vocab


ALL = ["Stammtisch Artern", "Feuerwehrfest Greußen", "Webinar Vereinsrecht", "Hybrides Vorstandstreffen"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"kategorie": "stammtisch"}, ["Stammtisch Artern", "Webinar Vereinsrecht"]),
        ({"zielgruppe": "familien"}, ["Feuerwehrfest Greußen"]),
        ({"gemeinde": "greussen"}, ["Feuerwehrfest Greußen", "Hybrides Vorstandstreffen"]),
        ({"teilnahme": "online"}, ["Webinar Vereinsrecht", "Hybrides Vorstandstreffen"]),
        (
            {"teilnahme": "vor-ort"},
            ["Stammtisch Artern", "Feuerwehrfest Greußen", "Hybrides Vorstandstreffen"],
        ),
        ({"kostenlos": "ja"}, ["Stammtisch Artern", "Webinar Vereinsrecht", "Hybrides Vorstandstreffen"]),
        ({"von": "2027-03-10", "bis": "2027-03-20"}, ["Feuerwehrfest Greußen", "Webinar Vereinsrecht"]),
        ({"suche": "artern"}, ["Stammtisch Artern", "Hybrides Vorstandstreffen"]),
        ({"kategorie": "stammtisch", "teilnahme": "vor-ort"}, ["Stammtisch Artern"]),
        ({"gemeinde": "greussen", "kostenlos": "ja", "suche": "treffen"}, ["Hybrides Vorstandstreffen"]),
    ],
    ids=lambda value: "-".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None,
)
def test_filters_narrow_the_list_alone_and_combined(client, calendar_page, program, params, expected):
    assert titles(client.get(calendar_page.url, params)) == expected


@pytest.mark.django_db
def test_organiser_filter_uses_the_organisation_id(client, calendar_page, program):
    response = client.get(calendar_page.url, {"veranstalter": program["feuerwehr"].pk})

    assert titles(response) == ["Feuerwehrfest Greußen"]


@pytest.mark.django_db
def test_filters_apply_to_month_and_day_views_and_are_kept_in_their_links(client, calendar_page, program):
    month = client.get(f"{calendar_page.url}monat/2027/03/", {"gemeinde": "greussen"})
    day = client.get(f"{calendar_page.url}tag/2027-03-02/", {"gemeinde": "greussen"})

    assert {o.entry.title for w in month.context["weeks"] for c in w for o in c.dates} == {
        "Feuerwehrfest Greußen",
        "Hybrides Vorstandstreffen",
    }
    assert titles(day) == []
    html = month.content.decode()
    assert f'href="{calendar_page.url}tag/2027-03-13/?gemeinde=greussen"' in html
    assert f'href="{calendar_page.url}monat/2027/04/?gemeinde=greussen"' in html
    assert f'href="{calendar_page.url}?gemeinde=greussen"' in html
    assert f'href="{calendar_page.url}ical/?gemeinde=greussen"' in html
    assert '<option value="greussen" selected>Greußen</option>' in html


@pytest.mark.django_db
def test_reset_link_leads_to_the_unfiltered_view(client, calendar_page, program):
    filtered = client.get(f"{calendar_page.url}monat/2027/03/", {"kategorie": "fest"}).content.decode()
    unfiltered = client.get(f"{calendar_page.url}monat/2027/03/").content.decode()

    assert (
        f'<a class="kern-link" href="{calendar_page.url}monat/2027/03/">Alle Filter zurücksetzen</a>'
        in filtered
    )
    assert "Alle Filter zurücksetzen" not in unfiltered


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, calendar_page):
    calendar_page.per_page = 5
    calendar_page.save_revision().publish()
    bulk_events(calendar_page, 12, date(2027, 3, 1))

    response = client.get(calendar_page.url, {"suche": "Massentermin", "seite": 2})

    assert len(titles(response)) == 5
    assert 'href="?suche=Massentermin&amp;seite=3" rel="next"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("monat/2027/13/", {}, "Den Monat 13 gibt es nicht"),
        ("monat/1500/01/", {}, "Der Kalender reicht von 2000 bis 2100."),
        ("tag/2027-02-30/", {}, "„Tag“ muss ein Datum in der Form JJJJ-MM-TT sein"),
        ("tag/morgen/", {}, "„Tag“ muss ein Datum in der Form JJJJ-MM-TT sein"),
        ("", {"kategorie": "gibt-es-nicht"}, "Diese Veranstaltungsart gibt es nicht."),
        ("", {"zielgruppe": "niemand"}, "Diese Zielgruppe gibt es nicht."),
        ("", {"gemeinde": "berlin"}, "Diese Gemeinde gibt es nicht."),
        ("", {"veranstalter": "abc"}, "Diesen Veranstalter gibt es im Kalender nicht."),
        ("", {"teilnahme": "mond"}, "„Teilnahme“ kann „vor-ort“ oder „online“ sein."),
        ("", {"kostenlos": "vielleicht"}, "„kostenlos“ kann nur „ja“ sein."),
        ("", {"von": "14.03.2027"}, "„von“ muss ein Datum in der Form JJJJ-MM-TT sein"),
        ("", {"von": "2027-03-10", "bis": "2027-03-01"}, "Das Datum „bis“ liegt vor dem Datum „von“."),
        ("", {"suche": "x" * 101}, "Der Suchtext ist zu lang: höchstens 100 Zeichen."),
        ("", {"seite": "zwei"}, "Die Seitenzahl muss eine ganze Zahl ab 1 sein."),
        ("ical/", {"kategorie": "gibt-es-nicht"}, "Diese Veranstaltungsart gibt es nicht."),
        ("rss/", {"bis": "2027-13-01"}, "„bis“ muss ein Datum in der Form JJJJ-MM-TT sein"),
    ],
)
def test_bad_parameters_get_a_german_400(client, calendar_page, vocab, path, params, message):
    response = client.get(calendar_page.url + path, params)

    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_every_view_links_its_ical_and_rss_feed(client, calendar_page, festival):
    for path in ("", "monat/2027/06/", "tag/2027-06-30/", "archiv/"):
        html = client.get(calendar_page.url + path, {"kategorie": ""}).content.decode()
        assert (
            f'<link rel="alternate" type="text/calendar" title="iCalendar: Termine" href="{calendar_page.url}ical/">'
            in html
        )
        assert (
            f'<link rel="alternate" type="application/rss+xml" title="RSS: Nächste Termine" href="{calendar_page.url}rss/">'
            in html
        )


@pytest.mark.django_db
def test_the_calendar_shows_an_unpublished_event_no_more(client, calendar_page, festival):
    festival.unpublish()

    assert titles(client.get(f"{calendar_page.url}tag/2027-07-01/")) == []


@pytest.mark.django_db
def test_a_cancelled_event_stays_visible_as_cancelled(client, calendar_page):
    event(calendar_page, "Kino im Hof", [single(date(2027, 8, 6))], date_status=EventStatus.CANCELLED)

    response = client.get(f"{calendar_page.url}tag/2027-08-06/")

    assert titles(response) == ["Kino im Hof"]
    assert "abgesagt" in response.content.decode()


# --- constant queries ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_month_day_and_feeds_need_no_more_queries_for_200_events_than_for_10(
    client, calendar_page, vocab
):
    urls = [
        calendar_page.url,
        f"{calendar_page.url}?gemeinde=artern&kostenlos=ja",
        f"{calendar_page.url}monat/2027/03/",
        f"{calendar_page.url}tag/2027-03-02/",
        f"{calendar_page.url}archiv/",
        f"{calendar_page.url}ical/",
        f"{calendar_page.url}ical/?gemeinde=artern",
        f"{calendar_page.url}rss/",
    ]
    bulk_events(calendar_page, 10, date(2027, 3, 1), venue=vocab["buergerhaus"], municipality=vocab["artern"])
    small = [queries_for(client, url, warm_ups=2) for url in urls]
    bulk_events(
        calendar_page, 190, date(2027, 3, 1), venue=vocab["buergerhaus"], municipality=vocab["artern"]
    )
    large = [queries_for(client, url, warm_ups=2) for url in urls]

    assert large == small
    assert max(large) <= 12
    assert len(titles(client.get(f"{calendar_page.url}tag/2027-03-02/"))) == 6  # three of each batch


@pytest.mark.django_db
def test_uncached_feed_needs_no_more_queries_for_200_events_than_for_10(client, calendar_page, vocab):
    from django.core.cache import cache

    def cold(url):
        cache.clear()
        client.get(calendar_page.url)  # routing caches
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    bulk_events(calendar_page, 10, date(2027, 3, 1), venue=vocab["buergerhaus"])
    small = cold(f"{calendar_page.url}ical/")
    bulk_events(calendar_page, 190, date(2027, 3, 1), venue=vocab["buergerhaus"])
    large = cold(f"{calendar_page.url}ical/")

    assert large == small


@pytest.mark.django_db
def test_the_list_shows_a_festival_and_an_exhibition_once_under_their_first_day_with_their_span(
    client, calendar_page, festival
):
    event(calendar_page, "Chorprobe", [single(date(2027, 7, 5))])
    event(
        calendar_page,
        "Ausstellung im Schloss",
        [{"start_date": date(2027, 7, 1), "end_date": date(2027, 9, 30), "all_day": True}],
    )

    response = client.get(calendar_page.url)

    assert [(day, [o.entry.title for o in items]) for day, _h, items in response.context["days"]] == [
        (date(2027, 6, 30), ["Kyffhäuser-Ehrenamtsfest"]),
        (date(2027, 7, 1), ["Ausstellung im Schloss"]),
        (date(2027, 7, 5), ["Chorprobe"]),
    ]
    html = response.content.decode()
    assert "30. Juni – 2. Juli 2027, ganztägig" in html
    assert "3 kommende Termine" in html
