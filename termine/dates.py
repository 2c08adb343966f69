"""The date engine: recurrence rules in Berlin local time, Thuringian holidays and German rule text.

Pure logic without Django models, so events, courses and feeds share one way of computing dates.

Conventions:
- Recurrence is computed on local *dates* (python-dateutil ``rrule``); the wall-clock time is attached
  afterwards in Europe/Berlin. A weekly series at 18:00 therefore stays at 18:00 local time across the
  changes to and from summer time, and its UTC offset changes from +01:00 to +02:00 and back.
- The series consists only of dates that match the rule. If the start date does not match (a weekly
  rule on Mondays starting on a Sunday), the first date is the first matching one, and ``count`` counts
  matching dates only: "n Termine" always gives exactly n dates. A feed must therefore use the first
  occurrence as DTSTART (see ``Rule.to_ical_recur``), which makes RFC 5545 agree with this engine.
- Skipped public holidays are left out (EXDATE in a feed) and do not use up the count:
  "10 Termine, nicht an Feiertagen" gives ten dates that are not holidays. A feed then states the end
  as UNTIL instead of COUNT (``to_ical_recur`` does this), so RRULE and EXDATE give the same dates.
- Whole days: ``start`` is local midnight of the first day, ``end`` is local midnight *after* the last
  day (exclusive end, as DTEND;VALUE=DATE in iCalendar). "12.–14. Juni" runs from 12 June 00:00 to
  15 June 00:00.
- A timed date without end time is a point in time: ``end == start``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil import rrule

BERLIN = ZoneInfo("Europe/Berlin")

ONCE, DAILY, WEEKLY, MONTHLY = "", "DAILY", "WEEKLY", "MONTHLY"
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LAST = -1

MONTH_NAMES = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
WEEKDAY_NAMES = dict(
    zip(
        WEEKDAY_CODES,
        ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        strict=True,
    )
)
WEEKDAY_ADVERBS = dict(
    zip(
        WEEKDAY_CODES,
        ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags"),
        strict=True,
    )
)
_RRULE_WEEKDAYS = dict(zip(WEEKDAY_CODES, rrule.weekdays, strict=True))
_RRULE_FREQUENCIES = {DAILY: rrule.DAILY, WEEKLY: rrule.WEEKLY, MONTHLY: rrule.MONTHLY}


# --- Public holidays of Thuringia -------------------------------------------------------------


@lru_cache(maxsize=64)
def _thuringian_holidays(year: int) -> dict[date, str]:
    return dict(holidays.Germany(subdiv="TH", years=year, language="de"))


def holiday_name(day: date) -> str | None:
    """The German name of the Thuringian public holiday on ``day``, or None."""
    return _thuringian_holidays(day.year).get(day)


def is_holiday(day: date) -> bool:
    return holiday_name(day) is not None


# --- Rules and their dates --------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One computed date of a rule: its local day and its aware start and end."""

    day: date
    start: datetime
    end: datetime
    all_day: bool


@dataclass(frozen=True)
class Rule:
    """A date or a series of dates as an editor describes it, without RRULE knowledge."""

    start_date: date
    start_time: time | None = None
    end_date: date | None = None
    end_time: time | None = None
    all_day: bool = False
    frequency: str = ONCE
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    month_ordinal: int | None = None
    month_weekday: str | None = None
    until: date | None = None
    count: int | None = None
    skip_holidays: bool = False

    def __post_init__(self):
        # Weekdays in calendar order, whatever order the caller gave.
        ordered = tuple(code for code in WEEKDAY_CODES if code in set(self.weekdays))
        object.__setattr__(self, "weekdays", ordered)

    @property
    def is_recurring(self) -> bool:
        return self.frequency != ONCE

    @property
    def is_bounded(self) -> bool:
        """True when the series ends by itself (a single date, an until date or a count)."""
        return not self.is_recurring or self.until is not None or self.count is not None

    @property
    def day_span(self) -> int:
        """Extra days a single date lasts: 0 for one day, 2 for Friday to Sunday."""
        if self.end_date is None:
            return 0
        return max((self.end_date - self.start_date).days, 0)

    def _rrule(self) -> rrule.rrule:
        kwargs = {
            "dtstart": datetime.combine(self.start_date, time()),
            "interval": max(self.interval or 1, 1),
            "wkst": rrule.MO,
        }
        if self.frequency == WEEKLY:
            kwargs["byweekday"] = [_RRULE_WEEKDAYS[code] for code in self.weekdays]
        elif self.frequency == MONTHLY:
            if self.month_ordinal and self.month_weekday:
                kwargs["byweekday"] = _RRULE_WEEKDAYS[self.month_weekday](self.month_ordinal)
            else:
                kwargs["bymonthday"] = self.start_date.day
        if self.until is not None:
            kwargs["until"] = datetime.combine(self.until, time())
        if self.count is not None and not self.skip_holidays:
            kwargs["count"] = self.count
        return rrule.rrule(_RRULE_FREQUENCIES[self.frequency], **kwargs)

    def rule_dates(self, until: date | None = None) -> list[date]:
        """All local dates the rule produces up to ``until`` (inclusive), holidays included."""
        if until is None and not self.is_bounded:
            raise ValueError("An open-ended series needs an `until` date to be expanded.")
        if not self.is_recurring:
            return [self.start_date] if until is None or self.start_date <= until else []
        bound = datetime.combine(until, time()) if until is not None else None
        counting_holidays = self.count is not None and self.skip_holidays
        result, kept = [], 0
        for moment in self._rrule():
            if bound is not None and moment > bound:
                break
            result.append(moment.date())
            if counting_holidays:
                # Holidays don't use up the count: stop after `count` dates that are not holidays.
                kept += not is_holiday(moment.date())
                if kept >= self.count:
                    break
        return result

    def dates(self, until: date | None = None) -> list[date]:
        """The local dates of the series up to ``until`` (inclusive), holidays skipped if asked."""
        days = self.rule_dates(until)
        if self.skip_holidays:
            days = [day for day in days if not is_holiday(day)]
        return days

    def first_day(self) -> date | None:
        """The first date of the series (the first matching day, holidays skipped if asked)."""
        if not self.is_recurring:
            return self.start_date
        for moment in self._rrule():
            if not (self.skip_holidays and is_holiday(moment.date())):
                return moment.date()
        return None

    def skipped_holidays(self, until: date | None = None) -> list[date]:
        """Dates the rule produces but which fall on a holiday and are skipped (EXDATE in a feed)."""
        if not self.skip_holidays:
            return []
        return [day for day in self.rule_dates(until) if is_holiday(day)]

    def slot(self, day: date) -> Slot:
        """Start and end of the date on ``day`` in Berlin time (whole days with exclusive end)."""
        last_day = day + timedelta(days=self.day_span)
        if self.all_day or self.start_time is None:
            start = datetime.combine(day, time(), BERLIN)
            end = datetime.combine(last_day + timedelta(days=1), time(), BERLIN)
            return Slot(day, start, end, True)
        start = datetime.combine(day, self.start_time, BERLIN)
        if self.end_time is not None:
            end = datetime.combine(last_day, self.end_time, BERLIN)
        elif self.day_span:
            end = datetime.combine(last_day + timedelta(days=1), time(), BERLIN)
        else:
            end = start
        return Slot(day, start, max(start, end), False)

    def slots(self, until: date | None = None) -> list[Slot]:
        return [self.slot(day) for day in self.dates(until)]

    def to_ical_recur(self) -> dict | None:
        """The rule as a dict for ``icalendar.vRecur``; None for a single date.

        Use it with the first occurrence as DTSTART and the skipped holidays as EXDATE.
        """
        if not self.is_recurring:
            return None
        recur: dict = {"FREQ": self.frequency, "WKST": "MO"}
        if self.interval and self.interval > 1:
            recur["INTERVAL"] = self.interval
        if self.frequency == WEEKLY:
            recur["BYDAY"] = list(self.weekdays)
        elif self.frequency == MONTHLY:
            if self.month_ordinal and self.month_weekday:
                recur["BYDAY"] = [f"{self.month_ordinal}{self.month_weekday}"]
            else:
                recur["BYMONTHDAY"] = [self.start_date.day]
        if self.until is not None:
            if self.all_day or self.start_time is None:
                recur["UNTIL"] = self.until
            else:
                recur["UNTIL"] = datetime.combine(self.until, self.start_time, BERLIN).astimezone(UTC)
        if self.count is not None and self.skip_holidays:
            last_day = self.rule_dates()[-1]
            if self.all_day or self.start_time is None:
                recur["UNTIL"] = last_day
            else:
                recur["UNTIL"] = datetime.combine(last_day, self.start_time, BERLIN).astimezone(UTC)
        elif self.count is not None:
            recur["COUNT"] = self.count
        return recur

    def describe(self, include_start: bool = False) -> str:
        return describe(self, include_start=include_start)

    def __str__(self) -> str:
        return self.describe()


# --- German text ------------------------------------------------------------------------------


def format_date(day: date) -> str:
    """``date(2027, 6, 30)`` → "30. Juni 2027"."""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def format_date_range(first: date, last: date) -> str:
    """ "12.–14. Juni 2027", "30. Juni – 2. Juli 2027" or "30. Dezember 2026 – 2. Januar 2027"."""
    if first == last:
        return format_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}.–{format_date(last)}"
    if first.year == last.year:
        return f"{first.day}. {MONTH_NAMES[first.month - 1]} – {format_date(last)}"
    return f"{format_date(first)} – {format_date(last)}"


def format_time(moment: time) -> str:
    """ "18" for full hours, "9:30" otherwise (the word "Uhr" is added by the caller)."""
    return f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}:{moment.minute:02d}"


def format_time_range(start: time, end: time | None = None) -> str:
    """ "18–20 Uhr", "9:30–11 Uhr" or "18 Uhr"."""
    if end is None or end == start:
        return f"{format_time(start)} Uhr"
    return f"{format_time(start)}–{format_time(end)} Uhr"


def join_german(items: list[str]) -> str:
    """["a", "b", "c"] → "a, b und c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} und {items[-1]}"


def _pattern(rule: Rule) -> str:
    interval = max(rule.interval or 1, 1)
    if rule.frequency == DAILY:
        return "täglich" if interval == 1 else f"alle {interval} Tage"
    if rule.frequency == WEEKLY:
        days = join_german([WEEKDAY_ADVERBS[code] for code in rule.weekdays])
        prefix = "wöchentlich" if interval == 1 else f"alle {interval} Wochen"
        return f"{prefix} {days}".strip()
    if rule.month_ordinal and rule.month_weekday:
        weekday = WEEKDAY_NAMES[rule.month_weekday]
        which = "letzten" if rule.month_ordinal == LAST else f"{rule.month_ordinal}."
        if interval == 1:
            if rule.month_ordinal == LAST:
                return f"am letzten {weekday} im Monat"
            return f"jeden {which} {weekday} im Monat"
        return f"alle {interval} Monate am {which} {weekday}"
    if interval == 1:
        return f"monatlich am {rule.start_date.day}."
    return f"alle {interval} Monate am {rule.start_date.day}."


def _time_text(rule: Rule) -> str:
    if rule.all_day or rule.start_time is None:
        return "ganztägig"
    return format_time_range(rule.start_time, rule.end_time)


def describe(rule: Rule, include_start: bool = False) -> str:
    """The rule as German text, e.g. "jeden 2. Dienstag im Monat, 18–20 Uhr, bis 30. Juni 2027"."""
    if not rule.is_recurring:
        if rule.day_span and not (rule.all_day or rule.start_time is None):
            end_time = rule.end_time or rule.start_time
            return (
                f"{format_date(rule.start_date)}, {format_time(rule.start_time)} Uhr "
                f"bis {format_date(rule.end_date)}, {format_time(end_time)} Uhr"
            )
        last_day = rule.start_date + timedelta(days=rule.day_span)
        return f"{format_date_range(rule.start_date, last_day)}, {_time_text(rule)}"

    parts = [_pattern(rule), _time_text(rule)]
    if rule.day_span:
        parts.append(f"jeweils {rule.day_span + 1} Tage")
    if include_start and rule.until is not None:
        parts.append(f"vom {format_date(rule.start_date)} bis {format_date(rule.until)}")
    elif include_start:
        parts.append(f"ab {format_date(rule.start_date)}")
    elif rule.until is not None:
        parts.append(f"bis {format_date(rule.until)}")
    if rule.count is not None:
        parts.append("1 Termin" if rule.count == 1 else f"{rule.count} Termine")
    if rule.skip_holidays:
        parts.append("nicht an Feiertagen")
    return ", ".join(parts)
