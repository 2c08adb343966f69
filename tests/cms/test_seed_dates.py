"""The demo content plans nothing on Thuringian public holidays, names course runs after their dates and
addresses citizens as "Sie"."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from cms.content.seeding import clear_of_holidays, thuringian_holidays
from netzwerk.models import EventPage
from qualifizierung.models import CourseRunPage
from qualifizierung.seed import MONTH_SLUGS
from termine import dates
from termine.models import Occurrence


def test_thuringian_holidays_of_2027_with_easter_and_the_two_thuringian_days():
    assert thuringian_holidays(2027) == {
        date(2027, 1, 1),
        date(2027, 3, 26),  # Karfreitag (Easter Sunday is 28 March 2027)
        date(2027, 3, 29),  # Ostermontag
        date(2027, 5, 1),
        date(2027, 5, 6),  # Christi Himmelfahrt
        date(2027, 5, 17),  # Pfingstmontag
        date(2027, 9, 20),  # Weltkindertag, only in Thuringia
        date(2027, 10, 3),
        date(2027, 10, 31),  # Reformationstag
        date(2027, 12, 25),
        date(2027, 12, 26),
    }


def test_a_workshop_on_christmas_moves_on_by_weeks_past_new_year():
    rule = clear_of_holidays({"start_date": date(2026, 12, 25)})
    assert rule["start_date"] == date(2027, 1, 8)  # 1 January is a holiday too; same weekday, a Friday


def test_a_weekly_course_keeps_its_weekday_and_skips_a_holiday_on_its_second_evening():
    first = date(2027, 9, 13)  # Monday; the second evening would be Weltkindertag, 20 September
    rule = clear_of_holidays({"start_date": first, "frequency": "WEEKLY", "weekdays": "MO", "count": 2})
    assert rule["start_date"] == first + timedelta(weeks=2)


def test_an_open_series_is_left_to_the_editors():
    rule = {
        "start_date": date(2026, 12, 25),
        "frequency": "WEEKLY",
        "weekdays": "FR",
        "until": date(2027, 6, 1),
    }
    assert clear_of_holidays(rule) == rule


def public_holiday_days(occurrences):
    return sorted(
        {
            (timezone.localtime(item.start).date(), item.page.title)
            for item in occurrences
            if timezone.localtime(item.start).date()
            in thuringian_holidays(timezone.localtime(item.start).year)
        }
    )


def test_no_course_session_of_the_demo_falls_on_a_public_holiday(demo, db):
    runs = CourseRunPage.objects.all()
    assert runs.count() > 10
    sessions = Occurrence.objects.filter(page__in=runs).select_related("page")
    assert public_holiday_days(sessions) == []


def test_no_single_or_counted_demo_event_falls_on_a_public_holiday(demo, db):
    finite = [
        page
        for page in EventPage.objects.all()
        if all(not rule.frequency or rule.count for rule in page.date_rules.all())
    ]
    assert len(finite) > 5
    listed = Occurrence.objects.filter(page__in=finite).select_related("page")
    assert public_holiday_days(listed) == []


def test_demo_runs_named_after_a_time_of_year_name_the_month_they_start_in(demo, db):
    named = []
    for run in CourseRunPage.objects.all():
        prefix = run.slug.split("-")[0]
        if prefix in MONTH_SLUGS or prefix in {"fruehjahr", "sommer", "herbst", "winter"}:
            first = timezone.localtime(run.occurrences.order_by("start").first().start).date()
            named.append((run.slug, MONTH_SLUGS[first.month - 1]))
    assert len(named) == 2
    assert all(slug.startswith(month + "-") for slug, month in named)


@pytest.mark.parametrize("year", range(2026, 2031))
def test_the_seeds_holidays_agree_with_the_date_engines(year):
    assert thuringian_holidays(year) == set(dates._thuringian_holidays(year))


def test_seeded_home_page_addresses_citizens_with_capital_sie(demo, db):
    html = Client().get(Site.objects.get(is_default_site=True).root_page.url).content.decode()
    assert "Hier finden Sie" in html
    assert "finden sie" not in html
