"""Factories for the page types (all on wagtail-factories) and the builders the tests share: events with
date rules (published or in bulk), courses with their runs, good-practice examples.

Dates: the suite runs on a frozen clock (tests/conftest.py), so `date.today()` and `in_days()` are the
same on every run."""

from datetime import date, datetime, time, timedelta

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Page

from cms.models import (
    ContactPerson,
    FieldOfEngagement,
    FundingPurpose,
    Municipality,
    Organisation,
    TargetGroup,
    Venue,
)
from home.models import BeiratPage, ContentPage, FundingProgrammePage, HomePage, NewsIndexPage, NewsPage
from netzwerk.events import add_live_events_in_bulk, create_event
from netzwerk.models import CalendarPage, EventPage
from praxisbeispiele.models import LibraryPage, PracticeExamplePage
from qualifizierung.models import CoursePage, CourseProgrammePage, CourseRunPage, CourseTrainer
from termine.dates import BERLIN
from termine.models import DateRule, EventStatus


class ContactPersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ansprechperson {n}")
    role = "Beratung für Vereine"
    organisation = "Ehrenamtsagentur des Kyffhäuserkreises"
    phone = "03632 741-512"
    email = factory.Sequence(lambda n: f"kontakt{n}@kyffhaeuser.example")

    class Meta:
        model = ContactPerson


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Ehrenamt im Kyffhäuserkreis"
    slug = "start"
    intro = "Beratung, Förderung und Vernetzung für alle, die sich engagieren."

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Informationsseite {n}")
    teaser = "Eine Seite mit Informationen."

    class Meta:
        model = ContentPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aktuelles"
    slug = "aktuelles"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Meldung {n}")
    date = factory.LazyFunction(date.today)
    teaser = "Kurzer Text zur Meldung."

    class Meta:
        model = NewsPage


class BeiratPageFactory(wagtail_factories.PageFactory):
    title = "Der Ehrenamtsbeirat"
    slug = "beirat"
    intro = "<p>Die Stimme des Ehrenamts im Kreis.</p>"

    class Meta:
        model = BeiratPage


class FundingProgrammePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Förderprogramm {n}")
    teaser = "Zuschüsse für Vereine."
    eligibility = "<p>Gemeinnützige Vereine im Kyffhäuserkreis.</p>"

    class Meta:
        model = FundingProgrammePage


def root_page():
    return Page.get_first_root_node()


# --- netzwerk: calendar and events --------------------------------------------------------------------


class CalendarPageFactory(wagtail_factories.PageFactory):
    title = "Termine im Netzwerk"
    slug = "termine"
    per_page = 100

    class Meta:
        model = CalendarPage


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


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


# --- qualifizierung: programme, courses, runs ---------------------------------------------------------


class CourseProgrammePageFactory(wagtail_factories.PageFactory):
    title = "Kursprogramm"
    slug = "kurse"
    per_page = 12

    class Meta:
        model = CourseProgrammePage


def make_course(
    programme, title, topics=(), groups=(), fee=None, trainers=(("Ines Kaltwasser", "Juristin."),), **fields
):
    fields.setdefault("teaser", f"Kurztext zu {title}.")
    fields.setdefault("goals", "Sie kennen die Grundlagen.\nSie wenden sie im Verein an.")
    course = CoursePage(
        title=title,
        is_free=fee is None,
        fee=fee,
        funding_purpose=FundingPurpose.objects.filter(code="e").first(),
        **fields,
    )
    course.fields_of_engagement = list(topics)
    course.target_groups = list(groups)
    for position, (name, bio) in enumerate(trainers):
        course.trainers.add(CourseTrainer(name=name, bio=bio, sort_order=position))
    programme.add_child(instance=course)
    course.save_revision().publish()
    return course


def make_run(course, title, first_day, sessions=1, capacity=10, venue=None, hours=(18, 20), **fields):
    if venue is None and fields.get("attendance_mode") != "OnlineEventAttendanceMode":
        venue = Venue.objects.get_or_create(
            name="Landratsamt Sondershausen", defaults={"town": "Sondershausen"}
        )[0]
    run = CourseRunPage(title=title, capacity=capacity, venue=venue, **fields)
    rule = {"start_date": first_day, "start_time": time(hours[0]), "end_time": time(hours[1])}
    if sessions > 1:
        rule.update(
            frequency="WEEKLY",
            weekdays="MO,TU,WE,TH,FR,SA,SU"[first_day.weekday() * 3 : first_day.weekday() * 3 + 2],
            count=sessions,
        )
    run.date_rules.add(DateRule(sort_order=0, **rule))
    course.add_child(instance=run)
    run.save_revision().publish()
    return CourseRunPage.objects.get(pk=run.pk)


def in_days(days: int) -> date:
    """A day relative to the (frozen) today in Berlin."""
    return timezone.localdate() + timedelta(days=days)


def cancel_run(run):
    run = CourseRunPage.objects.get(pk=run.pk)
    run.date_status = EventStatus.CANCELLED
    run.save_revision().publish()
    return CourseRunPage.objects.get(pk=run.pk)


# --- praxisbeispiele: library and examples ------------------------------------------------------------


class LibraryPageFactory(wagtail_factories.PageFactory):
    title = "Praxisbeispiele"
    slug = "praxisbeispiele"
    intro = "Gute Beispiele aus dem Kreis."

    class Meta:
        model = LibraryPage


class PracticeExamplePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Praxisbeispiel {n}")
    summary = "Ein Verein hat etwas ausprobiert, das anderen hilft."

    class Meta:
        model = PracticeExamplePage


def make_example(
    library, title, *, fields=(), groups=(), town=None, kind=None, purposes=(), tags=(), days_ago=1, **extra
):
    """A published example with the given classification; returns it fresh from the database."""
    organisation = None
    if kind:
        organisation = Organisation.objects.create(name=f"Organisation von {title}", kind=kind)
    page = PracticeExamplePageFactory(
        parent=library,
        title=title,
        municipality=Municipality.objects.get(slug=town) if town else None,
        organisation=organisation,
        **extra,
    )
    page.fields_of_engagement.set(FieldOfEngagement.objects.filter(slug__in=fields))
    page.target_groups.set(TargetGroup.objects.filter(slug__in=groups))
    page.funding_purposes.set(FundingPurpose.objects.filter(code__in=purposes))
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    when = timezone.now() - timedelta(days=days_ago)
    PracticeExamplePage.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    return PracticeExamplePage.objects.get(pk=page.pk)
