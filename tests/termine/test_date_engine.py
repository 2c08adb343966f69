"""The date engine: recurrence in Berlin time, holidays, exceptions, German text, stored occurrences."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import QueryDict
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.models import Page

from termine.dates import BERLIN, DAILY, MONTHLY, WEEKLY, Rule, holiday_name
from termine.models import (
    DATE_PANELS,
    DateException,
    DateRule,
    EventStatus,
    ExceptionKind,
    Frequency,
    Occurrence,
    WeekdaysFormField,
)
from termine.occurrences import build_occurrences, default_horizon, sync_occurrences


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def page(db):
    """A plain Wagtail page, so the engine is tested without any app's page type."""
    root = Page.get_first_root_node()
    return root.add_child(instance=Page(title="Stammtisch der Vereine", slug="stammtisch-der-vereine"))


def add_rule(page, **fields) -> DateRule:
    fields.setdefault("start_time", time(18))
    return DateRule.objects.create(page=page, **fields)


# --- Recurrence ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "days", "utc_offsets", "utc_hours", "end_hours"),
    [
        pytest.param(
            Rule(date(2027, 3, 18), time(18), end_time=time(20), frequency=WEEKLY, weekdays=("TH",), count=3),
            [date(2027, 3, 18), date(2027, 3, 25), date(2027, 4, 1)],
            [1, 1, 2],
            [17, 17, 16],
            [20, 20, 20],
            id="march",
        ),
        pytest.param(
            Rule(date(2027, 10, 24), time(18), frequency=WEEKLY, weekdays=("SU",), until=date(2027, 11, 7)),
            [date(2027, 10, 24), date(2027, 10, 31), date(2027, 11, 7)],
            [2, 1, 1],
            [16, 17, 17],
            [18, 18, 18],  # without an end time a session ends when it starts
            id="october",
        ),
    ],
)
def test_a_weekly_series_stays_at_18_local_across_a_dst_change(rule, days, utc_offsets, utc_hours, end_hours):
    slots = rule.slots()

    assert [s.start for s in slots] == [berlin(day.year, day.month, day.day, 18) for day in days]
    assert [s.start.utcoffset() for s in slots] == [timedelta(hours=hours) for hours in utc_offsets]
    assert [s.start.astimezone(UTC).hour for s in slots] == utc_hours
    assert [s.end.astimezone(BERLIN).hour for s in slots] == end_hours


@pytest.mark.parametrize(
    ("rule", "until", "days"),
    [
        pytest.param(
            Rule(date(2027, 1, 1), time(19), frequency=MONTHLY, month_ordinal=-1, month_weekday="FR"),
            date(2027, 7, 31),
            [
                "2027-01-29",
                "2027-02-26",
                "2027-03-26",
                "2027-04-30",
                "2027-05-28",
                "2027-06-25",
                "2027-07-30",
            ],
            id="last-friday-of-the-month-over-several-months",
        ),
        pytest.param(
            Rule(date(2027, 1, 1), time(18), frequency=MONTHLY, month_ordinal=2, month_weekday="TU"),
            date(2027, 5, 31),
            ["2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11"],
            id="second-tuesday-of-the-month",
        ),
        pytest.param(
            Rule(date(2027, 1, 8), time(16), frequency=WEEKLY, interval=2, weekdays=("FR",)),
            date(2027, 2, 28),
            ["2027-01-08", "2027-01-22", "2027-02-05", "2027-02-19"],
            id="every-second-week-on-friday",
        ),
    ],
)
def test_a_repeating_rule_gives_its_dates_up_to_a_day(rule, until, days):
    assert [day.isoformat() for day in rule.dates(until=until)] == days


def test_weekly_on_two_weekdays():
    rule = Rule(
        date(2027, 1, 4), time(9, 30), frequency=WEEKLY, weekdays=("MO", "WE"), until=date(2027, 1, 13)
    )

    assert rule.dates() == [date(2027, 1, 4), date(2027, 1, 6), date(2027, 1, 11), date(2027, 1, 13)]


def test_count_gives_exactly_that_many_dates_when_start_matches():
    rule = Rule(date(2027, 1, 4), time(18), frequency=DAILY, count=3)

    assert rule.dates() == [date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 6)]


def test_count_gives_exactly_that_many_dates_when_start_does_not_match_the_weekday():
    # 3 January 2027 is a Sunday; the series runs on Mondays.
    rule = Rule(date(2027, 1, 3), time(18), frequency=WEEKLY, weekdays=("MO",), count=3)

    assert rule.dates() == [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18)]


def test_until_date_is_inclusive():
    rule = Rule(date(2027, 1, 4), time(18), frequency=WEEKLY, weekdays=("MO",), until=date(2027, 1, 18))

    assert rule.dates()[-1] == date(2027, 1, 18)
    assert len(rule.dates()) == 3


def test_open_ended_series_needs_a_horizon():
    rule = Rule(date(2027, 1, 4), time(18), frequency=DAILY)

    with pytest.raises(ValueError):
        rule.dates()


def test_reformationstag_and_christmas_are_thuringian_holidays():
    assert holiday_name(date(2027, 10, 31)) == "Reformationstag"
    assert holiday_name(date(2027, 12, 25)) is not None
    assert holiday_name(date(2027, 12, 24)) is None


def test_daily_series_skips_thuringian_holidays():
    autumn = Rule(date(2027, 10, 29), time(10), frequency=DAILY, until=date(2027, 11, 2), skip_holidays=True)
    winter = Rule(date(2027, 12, 23), time(10), frequency=DAILY, until=date(2027, 12, 27), skip_holidays=True)

    assert autumn.dates() == [date(2027, 10, 29), date(2027, 10, 30), date(2027, 11, 1), date(2027, 11, 2)]
    assert winter.dates() == [date(2027, 12, 23), date(2027, 12, 24), date(2027, 12, 27)]
    assert winter.skipped_holidays() == [date(2027, 12, 25), date(2027, 12, 26)]


def test_skipped_holidays_do_not_use_up_the_count():
    rule = Rule(date(2027, 10, 29), time(10), frequency=DAILY, count=4, skip_holidays=True)

    assert rule.dates() == [date(2027, 10, 29), date(2027, 10, 30), date(2027, 11, 1), date(2027, 11, 2)]
    assert rule.skipped_holidays() == [date(2027, 10, 31)]


def test_daily_series_keeps_holidays_unless_asked_to_skip():
    rule = Rule(date(2027, 10, 29), time(10), frequency=DAILY, until=date(2027, 11, 2))

    assert date(2027, 10, 31) in rule.dates()


def test_whole_day_ends_exclusively_at_next_midnight():
    (slot,) = Rule(date(2027, 6, 12), all_day=True).slots()

    assert (slot.start, slot.end, slot.all_day) == (berlin(2027, 6, 12), berlin(2027, 6, 13), True)


def test_multi_day_whole_days_end_at_midnight_after_last_day():
    (slot,) = Rule(date(2027, 6, 12), end_date=date(2027, 6, 14), all_day=True).slots()

    assert (slot.start, slot.end) == (berlin(2027, 6, 12), berlin(2027, 6, 15))


def test_multi_day_with_times_runs_from_first_start_to_last_end():
    (slot,) = Rule(date(2027, 6, 11), time(18), end_date=date(2027, 6, 13), end_time=time(13)).slots()

    assert (slot.start, slot.end) == (berlin(2027, 6, 11, 18), berlin(2027, 6, 13, 13))


@pytest.mark.parametrize("end", [{"until": date(2027, 4, 26)}, {"count": 8}], ids=["until", "count"])
def test_feed_rule_expanded_by_recurring_ical_events_gives_the_same_dates(end):
    # Mondays from March 2027 over the DST change, Easter Monday (29 March) skipped.
    rule = Rule(
        date(2027, 2, 28),
        time(18),
        end_time=time(20),
        frequency=WEEKLY,
        weekdays=("MO",),
        skip_holidays=True,
        **end,
    )
    slots = rule.slots()
    event = icalendar.Event()
    event.add("uid", "test@ehrenamt")
    event.add("dtstart", slots[0].start)
    event.add("dtend", slots[0].end)
    event.add("rrule", rule.to_ical_recur())
    for day in rule.skipped_holidays():
        event.add("exdate", rule.slot(day).start)
    calendar = icalendar.Calendar()
    calendar.add_component(event)

    expanded = recurring_ical_events.of(calendar).between(date(2027, 1, 1), date(2028, 1, 1))

    assert sorted(e["DTSTART"].dt for e in expanded) == [s.start for s in slots]
    assert len(slots) == 8
    assert date(2027, 3, 29) not in [s.day for s in slots]


# --- German text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (
            Rule(
                date(2027, 1, 1),
                time(18),
                end_time=time(20),
                frequency=MONTHLY,
                month_ordinal=2,
                month_weekday="TU",
                until=date(2027, 6, 30),
            ),
            "jeden 2. Dienstag im Monat, 18–20 Uhr, bis 30. Juni 2027",
        ),
        (
            Rule(date(2027, 1, 4), time(9, 30), end_time=time(11), frequency=WEEKLY, weekdays=("WE", "MO")),
            "wöchentlich montags und mittwochs, 9:30–11 Uhr",
        ),
        (Rule(date(2027, 1, 4), all_day=True, frequency=DAILY), "täglich, ganztägig"),
        (
            Rule(date(2027, 1, 8), time(16), frequency=WEEKLY, interval=2, weekdays=("FR",)),
            "alle 2 Wochen freitags, 16 Uhr",
        ),
        (
            Rule(date(2027, 1, 1), time(19), frequency=MONTHLY, month_ordinal=-1, month_weekday="FR"),
            "am letzten Freitag im Monat, 19 Uhr",
        ),
        (
            Rule(date(2027, 1, 4), time(18), frequency=WEEKLY, weekdays=("MO",), count=10),
            "wöchentlich montags, 18 Uhr, 10 Termine",
        ),
        (Rule(date(2027, 6, 12), end_date=date(2027, 6, 14), all_day=True), "12.–14. Juni 2027, ganztägig"),
        (
            Rule(date(2027, 6, 30), end_date=date(2027, 7, 2), all_day=True),
            "30. Juni – 2. Juli 2027, ganztägig",
        ),
        (Rule(date(2027, 6, 12), time(10), end_time=time(12, 15)), "12. Juni 2027, 10–12:15 Uhr"),
        (
            Rule(date(2027, 1, 4), time(10), frequency=DAILY, count=5, skip_holidays=True),
            "täglich, 10 Uhr, 5 Termine, nicht an Feiertagen",
        ),
    ],
)
def test_rule_is_described_in_german(rule, text):
    assert rule.describe() == text


def test_description_can_name_the_first_day():
    rule = Rule(date(2027, 1, 12), time(18), frequency=MONTHLY, month_ordinal=2, month_weekday="TU")

    assert rule.describe(include_start=True) == "jeden 2. Dienstag im Monat, 18 Uhr, ab 12. Januar 2027"


# --- Editor validation ---------------------------------------------------------------------------


def validation_messages(rule: DateRule) -> dict:
    with pytest.raises(ValidationError) as error:
        rule.clean()
    return error.value.message_dict


def test_until_before_start_is_refused():
    rule = DateRule(start_date=date(2027, 3, 1), start_time=time(18), frequency=DAILY, until=date(2027, 2, 1))

    assert validation_messages(rule)["until"] == ["Das Ende der Wiederholung liegt vor dem ersten Tag."]


def test_weekly_without_weekday_is_refused():
    rule = DateRule(start_date=date(2027, 3, 1), start_time=time(18), frequency=WEEKLY)

    assert validation_messages(rule)["weekdays"] == ["Bitte mindestens einen Wochentag wählen."]


def test_both_until_and_count_are_refused():
    rule = DateRule(
        start_date=date(2027, 3, 1), start_time=time(18), frequency=DAILY, until=date(2027, 4, 1), count=5
    )

    assert "nicht beides" in validation_messages(rule)["count"][0]


def test_moved_date_without_new_start_is_refused():
    exception = DateException(original_date=date(2027, 3, 1), kind=ExceptionKind.MOVE)

    with pytest.raises(ValidationError) as error:
        exception.clean()

    assert error.value.message_dict["new_start"] == ["Bitte den neuen Beginn angeben."]


def test_weekday_checkboxes_are_stored_as_compact_string():
    field = WeekdaysFormField(required=False)

    assert field.clean(["WE", "MO"]) == "MO,WE"
    assert field.prepare_value("MO,WE") == ["MO", "WE"]
    assert field.has_changed("MO,WE", ["WE", "MO"]) is False


def editing_form(weekdays: list[str]):
    """Wagtail's page editing form with the date panels, as an editor submits it."""
    form_class = ObjectList([FieldPanel("title"), *DATE_PANELS]).bind_to_model(Page).get_form_class()
    data = QueryDict(mutable=True)
    data.update({"title": "Stammtisch", "slug": "stammtisch"})
    for prefix, total in (("date_rules", "1"), ("date_exceptions", "0")):
        data.update({f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": "0"})
        data.update({f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update({"date_rules-0-start_date": "2027-01-04", "date_rules-0-start_time": "18:00"})
    data.update({"date_rules-0-frequency": "WEEKLY", "date_rules-0-interval": "1", "date_rules-0-ORDER": "1"})
    data.setlist("date_rules-0-weekdays", weekdays)
    return form_class(data, instance=Page(), parent_page=Page.get_first_root_node(), for_user=None)


def test_editor_form_stores_chosen_weekdays_of_a_series(db):
    form = editing_form(["WE", "MO"])

    assert form.is_valid()
    rule = form.save(commit=False).date_rules.get()
    assert (rule.weekdays, rule.describe()) == ("MO,WE", "wöchentlich montags und mittwochs, 18 Uhr")


def test_editor_form_refuses_weekly_series_without_weekday(db):
    form = editing_form([])

    assert not form.is_valid()
    assert form.formsets["date_rules"].forms[0].errors == {
        "weekdays": ["Bitte mindestens einen Wochentag wählen."]
    }


# --- Exceptions and stored occurrences -----------------------------------------------------------


def test_cancelled_date_is_kept_with_status_cancelled(page):
    add_rule(page, frequency=WEEKLY, weekdays="MO", count=3, start_date=date(2027, 1, 4))
    DateException.objects.create(page=page, original_date=date(2027, 1, 11), kind=ExceptionKind.CANCEL)

    sync_occurrences(page, horizon=date(2027, 12, 31))

    assert [(o.start, o.status) for o in page.occurrences.order_by("start")] == [
        (berlin(2027, 1, 4, 18), EventStatus.SCHEDULED),
        (berlin(2027, 1, 11, 18), EventStatus.CANCELLED),
        (berlin(2027, 1, 18, 18), EventStatus.SCHEDULED),
    ]


def test_moved_date_has_new_start_and_original_start(page):
    add_rule(page, frequency=WEEKLY, weekdays="MO", end_time=time(20), count=3, start_date=date(2027, 1, 4))
    DateException.objects.create(
        page=page,
        original_date=date(2027, 1, 11),
        kind=ExceptionKind.MOVE,
        new_start=berlin(2027, 1, 13, 19),
        location_note="Bürgerhaus Artern",
        note="Wegen Bauarbeiten am Mittwoch.",
    )

    sync_occurrences(page, horizon=date(2027, 12, 31))
    moved = page.occurrences.get(original_start__isnull=False)

    assert (moved.start, moved.end) == (berlin(2027, 1, 13, 19), berlin(2027, 1, 13, 21))
    assert moved.original_start == berlin(2027, 1, 11, 18)
    assert moved.status == EventStatus.RESCHEDULED
    assert (moved.location_note, moved.note) == ("Bürgerhaus Artern", "Wegen Bauarbeiten am Mittwoch.")
    assert page.occurrences.count() == 3


def test_status_override_for_one_date_wins_over_item_status(page):
    rule = add_rule(page, frequency=DAILY, count=2, start_date=date(2027, 1, 4))
    note = DateException(
        page=page, original_date=date(2027, 1, 5), kind=ExceptionKind.NOTE, status=EventStatus.MOVED_ONLINE
    )

    occurrences = build_occurrences(page, [rule], [note], date(2027, 12, 31), status=EventStatus.POSTPONED)

    assert [o.status for o in occurrences] == [EventStatus.POSTPONED, EventStatus.MOVED_ONLINE]


def test_whole_day_occurrence_ends_on_its_last_day(page):
    add_rule(page, start_date=date(2027, 6, 12), end_date=date(2027, 6, 14), all_day=True, start_time=None)

    sync_occurrences(page, horizon=date(2027, 12, 31))
    occurrence = page.occurrences.get()

    assert (occurrence.start, occurrence.end, occurrence.all_day) == (
        berlin(2027, 6, 12),
        berlin(2027, 6, 15),
        True,
    )
    assert occurrence.last_day == date(2027, 6, 14)


def test_open_ended_series_is_stored_up_to_the_horizon(page):
    add_rule(page, frequency=WEEKLY, weekdays="MO", start_date=date(2027, 1, 4))

    sync_occurrences(page, horizon=date(2027, 1, 31))

    assert page.occurrences.count() == 4
    assert page.occurrences.last().start == berlin(2027, 1, 25, 18)


def test_default_horizon_follows_the_setting(settings):
    settings.NETZWERK_OCCURRENCE_HORIZON_DAYS = 30

    assert default_horizon(date(2027, 1, 1)) == date(2027, 1, 31)


# --- Range queries -------------------------------------------------------------------------------


def test_multi_day_occurrence_across_month_border_is_found_from_both_months(page):
    add_rule(page, start_date=date(2027, 6, 30), end_date=date(2027, 7, 2), all_day=True, start_time=None)
    sync_occurrences(page, horizon=date(2027, 12, 31))

    june = Occurrence.objects.between(date(2027, 6, 1), date(2027, 7, 1))
    july = Occurrence.objects.between(date(2027, 7, 1), date(2027, 8, 1))
    august = Occurrence.objects.between(date(2027, 8, 1), date(2027, 9, 1))

    assert [o.start for o in june] == [berlin(2027, 6, 30)]
    assert [o.start for o in july] == [berlin(2027, 6, 30)]
    assert list(august) == []


def test_exhibition_over_three_months_is_found_in_its_middle_month_and_as_upcoming(page):
    add_rule(page, start_date=date(2027, 5, 1), end_date=date(2027, 7, 31), all_day=True, start_time=None)
    sync_occurrences(page, horizon=date(2027, 12, 31))

    assert Occurrence.objects.between(date(2027, 6, 10), date(2027, 6, 11)).count() == 1
    assert Occurrence.objects.between(date(2027, 8, 1), date(2027, 9, 1)).count() == 0
    assert Occurrence.objects.upcoming(now=berlin(2027, 7, 31, 12)).count() == 1
    assert Occurrence.objects.upcoming(now=berlin(2027, 8, 1)).count() == 0


def test_whole_day_is_not_found_on_the_following_day(page):
    add_rule(page, start_date=date(2027, 6, 12), all_day=True, start_time=None)
    sync_occurrences(page, horizon=date(2027, 12, 31))

    assert Occurrence.objects.on_day(date(2027, 6, 12)).count() == 1
    assert Occurrence.objects.on_day(date(2027, 6, 13)).count() == 0


def test_date_without_end_time_is_found_on_its_day(page):
    add_rule(page, start_date=date(2027, 6, 12), start_time=time(0))
    sync_occurrences(page, horizon=date(2027, 12, 31))

    assert Occurrence.objects.on_day(date(2027, 6, 12)).count() == 1
    assert Occurrence.objects.on_day(date(2027, 6, 11)).count() == 0


def test_upcoming_includes_running_dates_and_excludes_past_ones(page):
    add_rule(page, frequency=DAILY, count=3, end_time=time(20), start_date=date(2027, 1, 4))
    sync_occurrences(page, horizon=date(2027, 12, 31))

    upcoming = Occurrence.objects.upcoming(now=berlin(2027, 1, 5, 19))

    assert [o.start for o in upcoming] == [berlin(2027, 1, 5, 18), berlin(2027, 1, 6, 18)]
    assert [o.start for o in Occurrence.objects.past(now=berlin(2027, 1, 5, 19))] == [berlin(2027, 1, 4, 18)]


@pytest.mark.parametrize("amount", [10, 200])
def test_month_range_query_costs_one_query_whatever_the_number_of_dates(
    page, amount, django_assert_num_queries
):
    starts = [berlin(2027, 3, 1, 8) + timedelta(hours=3 * i) for i in range(amount)]
    Occurrence.objects.bulk_create(Occurrence(page=page, start=s, end=s + timedelta(hours=1)) for s in starts)

    with django_assert_num_queries(1):
        found = list(
            Occurrence.objects.live().between(date(2027, 3, 1), date(2027, 4, 1)).select_related("page")
        )

    assert len(found) == amount
    assert found[0].page.title == "Stammtisch der Vereine"


# --- Keeping occurrences in step with publishing ------------------------------------------------


def test_publishing_a_page_stores_its_occurrences(page):
    add_rule(page, frequency=Frequency.WEEKLY, weekdays="TU", count=4, start_date=date(2027, 2, 1))

    page.save_revision().publish()

    assert [o.start for o in page.occurrences.all()] == [
        berlin(2027, 2, 2, 18),
        berlin(2027, 2, 9, 18),
        berlin(2027, 2, 16, 18),
        berlin(2027, 2, 23, 18),
    ]


def test_publishing_a_changed_rule_replaces_the_occurrences(page):
    rule = add_rule(page, frequency=Frequency.DAILY, count=4, start_date=date(2027, 2, 1))
    page.save_revision().publish()
    rule.count = 2
    rule.save()

    page.save_revision().publish()

    assert page.occurrences.count() == 2


def test_unpublishing_a_page_removes_its_occurrences(page):
    add_rule(page, frequency=Frequency.DAILY, count=4, start_date=date(2027, 2, 1))
    page.save_revision().publish()

    page.unpublish()

    assert page.occurrences.count() == 0


def test_deleting_a_page_removes_its_occurrences(page):
    add_rule(page, frequency=Frequency.DAILY, count=4, start_date=date(2027, 2, 1))
    page.save_revision().publish()

    page.delete()

    assert Occurrence.objects.count() == 0


def test_publishing_a_page_without_rules_stores_nothing(page):
    page.save_revision().publish()

    assert page.occurrences.count() == 0


def test_extend_command_extends_open_series_and_is_idempotent(page):
    add_rule(page, frequency=Frequency.WEEKLY, weekdays="MO", start_date=date(2027, 1, 4))
    sync_occurrences(page, horizon=date(2027, 1, 31))

    call_command("extend_occurrences", until=date(2027, 3, 31), verbosity=0)
    after_first = list(page.occurrences.values_list("start", flat=True))
    call_command("extend_occurrences", until=date(2027, 3, 31), verbosity=0)

    assert len(after_first) == 13
    assert after_first[-1] == berlin(2027, 3, 29, 18)
    assert list(page.occurrences.values_list("start", flat=True)) == after_first


def test_extend_command_leaves_unpublished_pages_without_dates(page):
    add_rule(page, frequency=Frequency.WEEKLY, weekdays="MO", start_date=date(2027, 1, 4))
    page.unpublish()

    call_command("extend_occurrences", until=date(2027, 3, 31), verbosity=0)

    assert page.occurrences.count() == 0


def test_first_day_of_a_series_is_its_first_matching_day_that_is_not_a_skipped_holiday():
    mondays_from_a_sunday = Rule(date(2027, 1, 3), time(18), frequency=WEEKLY, weekdays=("MO",))
    daily_from_good_friday = Rule(date(2027, 3, 26), time(10), frequency=DAILY, skip_holidays=True)

    assert mondays_from_a_sunday.first_day() == date(2027, 1, 4)
    assert daily_from_good_friday.first_day() == date(2027, 3, 27)
    assert Rule(date(2027, 6, 12), all_day=True).first_day() == date(2027, 6, 12)
