"""Builders for calendar tests: venues, vocabularies, events with date rules (published or in bulk)."""

from datetime import date, datetime, time

import pytest

from cms.models import Municipality, Organisation, TargetGroup, Venue
from netzwerk.events import add_live_events_in_bulk, create_event
from netzwerk.models import CalendarPage, EventCategory, EventPage
from termine.dates import BERLIN
from termine.models import DateRule


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def calendar_page(home):
    """The calendar below the home page; the cache starts empty (it outlives a test's database)."""
    from django.core.cache import cache

    cache.clear()
    page = CalendarPage(title="Termine im Netzwerk", slug="termine", per_page=100)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def vocab(db):
    """Categories, target groups, municipalities (from the migration), an organiser and two venues."""
    artern = Municipality.objects.get(slug="artern")
    greussen = Municipality.objects.get(slug="greussen")
    return {
        "stammtisch": EventCategory.objects.create(name="Stammtisch und Austausch", slug="stammtisch"),
        "fest": EventCategory.objects.create(name="Fest und Feier", slug="fest"),
        "vorstaende": TargetGroup.objects.get(slug="vereinsvorstaende"),
        "familien": TargetGroup.objects.get(slug="familien"),
        "artern": artern,
        "greussen": greussen,
        "agentur": Organisation.objects.create(name="Ehrenamtsagentur des Kyffhäuserkreises"),
        "feuerwehr": Organisation.objects.create(name="Feuerwehrverein Greußen e. V."),
        "buergerhaus": Venue.objects.create(
            name="Bürgerhaus Artern",
            street="Gartenstraße 12",
            postcode="06556",
            town="Artern",
            municipality=artern,
            step_free_access=True,
            hearing_loop=True,
        ),
        "vereinsheim": Venue.objects.create(
            name="Vereinsheim Greußen",
            street="Sportplatzweg 1",
            postcode="99718",
            town="Greußen",
            municipality=greussen,
        ),
    }


def event(calendar_page, title, rules, exceptions=(), venue=None, **fields) -> EventPage:
    """A published event with the given rules (dicts of DateRule fields)."""
    fields.setdefault("teaser", f"Kurztext zu {title}.")
    if (
        venue is None
        and fields.get("attendance_mode", "OfflineEventAttendanceMode") != "OnlineEventAttendanceMode"
    ):
        venue = Venue.objects.get_or_create(
            name="Landratsamt Sondershausen", defaults={"town": "Sondershausen"}
        )[0]
    return create_event(
        calendar_page, title=title, rules=rules, exceptions=exceptions, venue=venue, publish=True, **fields
    )


def single(day: date, start=time(18), end=time(20), **extra) -> dict:
    return {"start_date": day, "start_time": start, "end_time": end, **extra}


def bulk_events(calendar_page, count: int, first_day: date, venue=None, **fields) -> list[EventPage]:
    """``count`` live events, one a day from ``first_day`` on (three a day share a day), without revisions."""
    venue = (
        venue
        or Venue.objects.get_or_create(name="Landratsamt Sondershausen", defaults={"town": "Sondershausen"})[
            0
        ]
    )
    existing = EventPage.objects.count()
    items = []
    for number in range(count):
        page = EventPage(
            title=f"Massentermin {existing + number}",
            slug=f"massentermin-{existing + number}",
            teaser="Für die Messung der Abfragen.",
            venue=venue,
            **fields,
        )
        day = date.fromordinal(first_day.toordinal() + number // 3)
        items.append((page, [DateRule(start_date=day, start_time=time(10 + number % 3), end_time=time(12))]))
    return add_live_events_in_bulk(calendar_page, items)
