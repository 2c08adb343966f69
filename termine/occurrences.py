"""Keeping a page's stored occurrences in step with its date rules and exceptions.

Occurrences are recomputed as a whole (one DELETE, one bulk INSERT) when a page is published and
deleted when it is unpublished; ``manage.py extend_occurrences`` moves the rolling horizon on.
Cancelled dates are kept with status "EventCancelled" so that lists and feeds can show them.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from termine import dates
from termine.models import DateException, DateRule, EventStatus, ExceptionKind, Occurrence


def default_horizon(today: date | None = None) -> date:
    """The last day up to which open-ended series are expanded."""
    days = settings.NETZWERK_OCCURRENCE_HORIZON_DAYS
    return (today or timezone.localdate()) + timedelta(days=days)


def item_status(page) -> str:
    """The status of the whole item: ``date_status`` of pages using ``DatedPageMixin``."""
    return getattr(page, "date_status", "") or EventStatus.SCHEDULED


def _status_for(exception: DateException | None, page_status: str) -> str:
    if exception is None:
        return page_status
    if exception.status:
        return exception.status
    if exception.kind == ExceptionKind.CANCEL:
        return EventStatus.CANCELLED
    if exception.kind == ExceptionKind.MOVE and page_status == EventStatus.SCHEDULED:
        return EventStatus.RESCHEDULED
    return page_status


def build_occurrences(
    page, rules: list[DateRule], exceptions: list[DateException], until: date, status: str | None = None
) -> list[Occurrence]:
    """Unsaved occurrences of ``page`` up to ``until`` (inclusive), exceptions applied.

    An exception names the planned day of a date (``original_date``) and applies to every date of
    the page on that day; when two exceptions name the same day, the first in editor order wins.
    """
    page_status = status or item_status(page)
    by_day: dict[date, DateException] = {}
    for exception in exceptions:
        by_day.setdefault(exception.original_date, exception)
    result = []
    for rule in rules:
        for slot in rule.to_rule().slots(until):
            exception = by_day.get(slot.day)
            occurrence = Occurrence(
                page_id=page.pk,
                rule_id=rule.pk,
                start=slot.start,
                end=slot.end,
                all_day=slot.all_day,
                status=_status_for(exception, page_status),
            )
            if exception is not None:
                occurrence.note = exception.note
                occurrence.location_note = exception.location_note
                if exception.kind == ExceptionKind.MOVE and exception.new_start:
                    _move(occurrence, slot, exception)
            result.append(occurrence)
    result.sort(key=lambda occurrence: occurrence.start)
    return result


def _move(occurrence: Occurrence, slot: dates.Slot, exception: DateException) -> None:
    new_start = timezone.localtime(exception.new_start, dates.BERLIN)
    occurrence.original_start = slot.start
    occurrence.start = new_start
    occurrence.end = exception.new_end or new_start + (slot.end - slot.start)
    # A whole-day date moved to another midnight stays a whole-day date.
    occurrence.all_day = slot.all_day and new_start.time() == slot.start.time() and not exception.new_end


def sync_occurrences(page, horizon: date | None = None) -> int:
    """Recompute and store the occurrences of ``page`` up to ``horizon``; returns how many."""
    until = horizon or default_horizon()
    rules = list(DateRule.objects.filter(page_id=page.pk).order_by("sort_order", "pk"))
    exceptions = []
    if rules:
        exceptions = list(DateException.objects.filter(page_id=page.pk).order_by("sort_order", "pk"))
    occurrences = build_occurrences(page, rules, exceptions, until)
    with transaction.atomic():
        Occurrence.objects.filter(page_id=page.pk).delete()
        Occurrence.objects.bulk_create(occurrences, batch_size=500)
    return len(occurrences)


def clear_occurrences(page) -> None:
    Occurrence.objects.filter(page_id=page.pk).delete()
