"""Factories for the page types (all on wagtail-factories), people and places, and the builders the tests
share: the home page as site root, events with date rules (published or in bulk), courses with their runs,
good-practice examples.

Dates: the suite runs on a frozen clock (tests/conftest.py), so `date.today()` and `in_days()` are the
same on every run."""

from datetime import date, datetime, time, timedelta

import factory
import wagtail_factories
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from cms.models import FieldOfEngagement, FundingPurpose, Municipality, Organisation, TargetGroup, Venue
from home.models import BeiratPage, ContentPage, FundingProgrammePage, HomePage, NewsIndexPage, NewsPage
from netzwerk.events import add_live_events_in_bulk, create_event
from netzwerk.models import CalendarPage, EventPage
from praxisbeispiele.models import LibraryPage, PracticeExamplePage
from qualifizierung.models import CoursePage, CourseProgrammePage, CourseRunPage, CourseTrainer
from termine.dates import BERLIN
from termine.models import DateRule, EventStatus


class ProjectPageFactory(wagtail_factories.PageFactory):
    """The base of the page factories: post-generation hooks save the page themselves where they must."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True


def page_factory(model, base=ProjectPageFactory, **defaults):
    """A wagtail-factories factory of ``model`` pages with these defaults (the slug follows the title
    unless given): factory_boy's ``make_factory``, so that each page type takes one declaration."""
    return factory.make_factory(model, FACTORY_CLASS=base, **defaults)


def children(relation):
    """A post-generation declaration: ``relation=[{field: value, …}, …]`` gives the page these children of
    its child relation (members of the Beirat, results of a funding programme) in this order."""

    def add(page, create, rows, **kwargs):
        for position, row in enumerate(rows or ()):
            getattr(page, relation).create(sort_order=position, **row)
        if create and rows:
            page.save()

    return factory.PostGeneration(add)


def numbered(text):
    """A default that counts: "Meldung 0", "Meldung 1", …"""
    return factory.Sequence(lambda n: f"{text} {n}")


class ContactPersonFactory(factory.django.DjangoModelFactory):
    name = numbered("Ansprechperson")
    role = "Beratung für Vereine"
    organisation = "Ehrenamtsagentur des Kyffhäuserkreises"
    phone = "03632 741-512"
    email = factory.Sequence(lambda n: f"kontakt{n}@kyffhaeuser.example")

    class Meta:
        model = "cms.ContactPerson"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with an admin account; `groups=["Redaktion"]` puts them into Wagtail groups by name,
    `superuser=True` makes them a superuser."""

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@kyffhaeuser.example")
    password = factory.django.Password("x" * 12)

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    @factory.post_generation
    def groups(user, create, names, **kwargs):
        if create and names:
            user.groups.add(*Group.objects.filter(name__in=names))


class ContactRecordFactory(factory.django.DjangoModelFactory):
    """What a sender of a public form leaves: contact data with consent, received ``created_days_ago`` and
    decided ``decided_days_ago`` (None: not yet) days before now."""

    name = numbered("Person")
    email = "person@verein.example"
    consent = True
    created_at = factory.LazyAttribute(
        lambda record: timezone.now() - timedelta(days=record.created_days_ago)
    )
    decided_at = factory.LazyAttribute(
        lambda record: (
            None
            if record.decided_days_ago is None
            else timezone.now() - timedelta(days=record.decided_days_ago)
        )
    )

    class Meta:
        abstract = True

    class Params:
        created_days_ago = 0
        decided_days_ago = None


class EventSubmissionFactory(ContactRecordFactory):
    event_title = numbered("Gemeldete Veranstaltung")

    class Meta:
        model = "netzwerk.EventSubmission"


class ExampleProposalFactory(ContactRecordFactory):
    """Give it ``page=make_example(library, title)``."""

    class Meta:
        model = "praxisbeispiele.ExampleProposal"


class VenueFactory(factory.django.DjangoModelFactory):
    name = numbered("Treffpunkt")
    town = "Sondershausen"

    class Meta:
        model = Venue
        django_get_or_create = ("name",)


HomePageFactory = page_factory(
    HomePage,
    title="Ehrenamt im Kyffhäuserkreis",
    slug="start",
    intro="Beratung, Förderung und Vernetzung für alle, die sich engagieren.",
)


ContentPageFactory = page_factory(
    ContentPage, title=numbered("Informationsseite"), teaser="Eine Seite mit Informationen."
)


NewsIndexPageFactory = page_factory(NewsIndexPage, title="Aktuelles")


NewsPageFactory = page_factory(
    NewsPage,
    title=numbered("Meldung"),
    date=factory.LazyFunction(date.today),
    teaser="Kurzer Text zur Meldung.",
)


BeiratPageFactory = page_factory(
    BeiratPage,
    title="Der Ehrenamtsbeirat",
    slug="beirat",
    intro="<p>Die Stimme des Ehrenamts im Kreis.</p>",
    members=children("members"),
)
FundingProgrammePageFactory = page_factory(
    FundingProgrammePage,
    title=numbered("Förderprogramm"),
    teaser="Zuschüsse für Vereine.",
    eligibility="<p>Gemeinnützige Vereine im Kyffhäuserkreis.</p>",
    results=children("results"),  # the published allocation results of the years
)


def root_page():
    return Page.get_first_root_node()


def home_as_site_root(**fields) -> HomePage:
    """A HomePage as root of the default site, in place of Wagtail's welcome page."""
    home = HomePageFactory(parent=root_page(), **fields)
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.save()
    if old_root.pk != home.pk:
        old_root.delete()
    return home


class PublishedPageFactory(ProjectPageFactory):
    """A page published with a revision, as an editor leaves it."""

    class Meta:
        abstract = True

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if create:
            page.save_revision().publish()


# --- netzwerk: calendar and events --------------------------------------------------------------------


CalendarPageFactory = page_factory(
    CalendarPage, PublishedPageFactory, title="Termine im Netzwerk", slug="termine", per_page=100
)


def town_hall() -> Venue:
    """The venue of events and runs that name none: the district office in Sondershausen."""
    return VenueFactory(name="Landratsamt Sondershausen")


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def event(calendar_page, title, rules, exceptions=(), venue=None, **fields) -> EventPage:
    """A published event with the given rules (dicts of DateRule fields)."""
    fields.setdefault("teaser", f"Kurztext zu {title}.")
    if (
        venue is None
        and fields.get("attendance_mode", "OfflineEventAttendanceMode") != "OnlineEventAttendanceMode"
    ):
        venue = town_hall()
    return create_event(
        calendar_page, title=title, rules=rules, exceptions=exceptions, venue=venue, publish=True, **fields
    )


def single(day: date, start=time(18), end=time(20), **extra) -> dict:
    return {"start_date": day, "start_time": start, "end_time": end, **extra}


def bulk_events(calendar_page, count: int, first_day: date, venue=None, **fields) -> list[EventPage]:
    """``count`` live events, one a day from ``first_day`` on (three a day share a day), without revisions."""
    venue = venue or town_hall()
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


CourseProgrammePageFactory = page_factory(
    CourseProgrammePage, PublishedPageFactory, title="Kursprogramm", slug="kurse", per_page=12
)


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
        venue = town_hall()
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


LibraryPageFactory = page_factory(LibraryPage, title="Praxisbeispiele", intro="Gute Beispiele aus dem Kreis.")


PracticeExamplePageFactory = page_factory(
    PracticeExamplePage,
    title=numbered("Praxisbeispiel"),
    summary="Ein Verein hat etwas ausprobiert, das anderen hilft.",
)


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
