"""Builders and fixtures for the course tests: programme, courses and published runs (no tests here)."""

from datetime import date, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms.models import FieldOfEngagement, FundingPurpose, Municipality, TargetGroup, Venue
from qualifizierung.models import CoursePage, CourseProgrammePage, CourseRunPage, CourseTrainer
from termine.models import DateRule, EventStatus


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(home):
    page = CourseProgrammePage(title="Kursprogramm", slug="kurse", per_page=12)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def places(db):
    artern = Municipality.objects.get(slug="artern")
    greussen = Municipality.objects.get(slug="greussen")
    return {
        "artern": artern,
        "greussen": greussen,
        "buergerhaus": Venue.objects.create(
            name="Bürgerhaus Artern",
            street="Gartenstraße 12",
            postcode="06556",
            town="Artern",
            municipality=artern,
        ),
        "vereinsheim": Venue.objects.create(
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
    return timezone.localdate() + timedelta(days=days)


def cancel_run(run):
    run = CourseRunPage.objects.get(pk=run.pk)
    run.date_status = EventStatus.CANCELLED
    run.save_revision().publish()
    return CourseRunPage.objects.get(pk=run.pk)


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
