"""iCalendar feeds (RFC 5545) with the ``icalendar`` library: the whole calendar, every filtered
view and each event.

- One VEVENT per date rule: a series is DTSTART (its first date) plus the RRULE from
  ``dates.Rule.to_ical_recur``; public holidays the series skips are EXDATE.
- A date that differs from its series (moved, cancelled, another status, a note or another place)
  is an extra VEVENT with the same UID and RECURRENCE-ID = its planned start; a cancelled date
  keeps its place with STATUS:CANCELLED, as the calendar page shows it ("abgesagt").
- UID = the page's ``ical_uid`` and the rule's id, stable for ever; SEQUENCE = the page's change
  number (``EventPage.sequence``, one up per publication); DTSTAMP and LAST-MODIFIED = the last
  publication.
- URL and the link in DESCRIPTION are full links on the public address (``settings.PUBLIC_BASE_URL``).
- Whole days are VALUE=DATE with the exclusive end; times are local with TZID=Europe/Berlin and a
  VTIMEZONE for it.
- A feed for a range (a filtered view: "von"/"bis", or from a month ago on) carries only the dates of
  that range: a series is cut (DTSTART = its first date in the range, UNTIL = its last), with the
  exceptions and skipped holidays of the range only (``Window``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

import icalendar
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from cms.content.public_address import absolute, base_url
from termine import dates
from termine.entries import CalendarEntry
from termine.models import DateRule, EventStatus, FeedText, Occurrence
from termine.occurrences import default_horizon

PRODID = "-//Ehrenamtsbeirat des Kyffhäuserkreises//Netzwerkkalender//DE"
UID_DOMAIN = "ehrenamt.kyffhaeuserkreis"
CONTENT_TYPE = "text/calendar; charset=utf-8"
REFRESH = timedelta(hours=6)


@dataclass(frozen=True)
class Window:
    """The range a feed covers: dates that end after ``start`` and begin before ``end`` (open if None)."""

    start: datetime
    end: datetime | None = None

    def holds(self, slot_start: datetime, slot_end: datetime) -> bool:
        return max(slot_end, slot_start + timedelta(seconds=1)) > self.start and (
            self.end is None or slot_start < self.end
        )

    def last_day(self) -> date | None:
        return None if self.end is None else timezone.localtime(self.end).date()


def cut_rule(spec: dates.Rule, window: Window, horizon: date, specials) -> tuple | None:
    """The part of a series inside ``window`` as a rule of its own, the days of it to leave out, and the
    exceptions that stay; None when no date of the series is inside.

    The cut series begins with its first date in the range and ends with its last one (COUNT becomes
    UNTIL; a date that lasts several days keeps its length). A date moved into the range from outside
    keeps its planned day in the series (its override moves it in); a date moved out of the range is
    left out (EXDATE), like every other date of the cut series that the range does not show."""
    until = window.last_day() or (None if spec.is_bounded else horizon)
    keep = {day for day in spec.dates(until) if window.holds(spec.slot(day).start, spec.slot(day).end)}
    for occurrence in specials:
        if occurrence.original_start is None:
            continue
        planned = timezone.localtime(occurrence.original_start).date()
        if window.holds(occurrence.start, occurrence.end):
            keep.add(planned)
        else:
            keep.discard(planned)
    if not keep:
        return None
    kept = [o for o in specials if timezone.localtime(o.original_start or o.start).date() in keep]
    if not spec.is_recurring:
        return spec, [], kept
    first, last = min(keep), max(keep)
    open_end = window.end is None and not spec.is_bounded
    end_date = first + timedelta(days=spec.day_span) if spec.end_date else None
    cut = replace(spec, start_date=first, end_date=end_date, until=None if open_end else last, count=None)
    left_out = [day for day in cut.dates(last) if day not in keep]
    return cut, left_out, kept


def uid_for(page, rule_id) -> str:
    stable = getattr(page, "ical_uid", None) or f"seite-{page.pk}"
    return f"{stable}-{rule_id}@{UID_DOMAIN}"


def _moment(value, all_day: bool):
    """A date for whole days, else the aware time in Berlin (TZID=Europe/Berlin)."""
    local = timezone.localtime(value, dates.BERLIN)
    return local.date() if all_day else local


def _status(status: str) -> str:
    return "CANCELLED" if status == EventStatus.CANCELLED else "CONFIRMED"


def _description(entry, note: str = "") -> str:
    parts = [entry.teaser] if entry.teaser else []
    if note:
        parts.append(f"Hinweis: {note}")
    return "\n\n".join(parts)


class FeedBuilder:
    """Collects pages and builds one VCALENDAR; a fixed number of queries for any number of pages."""

    def __init__(self, request, name: str):
        self.request = request
        self.name = name

    def pages(self, page_ids) -> dict:
        """The specific pages with their calendar entries, one query per page type."""
        ids = set(page_ids)
        by_type = defaultdict(set)
        for pk, type_id in Page.objects.filter(pk__in=ids).values_list("pk", "content_type_id"):
            by_type[type_id].add(pk)
        result = {}
        for type_id, type_ids in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            loader = getattr(model, "calendar_queryset", None)
            # The feed needs more than a list (publication dates, SEQUENCE, status): all fields.
            queryset = loader().defer(None) if loader else Page.objects.all()
            for page in queryset.filter(pk__in=type_ids):
                entry = (
                    page.calendar_summary(self.request)
                    if loader
                    else CalendarEntry.from_page(page, self.request)
                )
                result[page.pk] = (page, entry)
        return result

    def fragments(self, page_ids, window: Window | None = None) -> dict[int, tuple[bytes, bool]]:
        """The serialised VEVENTs of each page (a series with its exceptions), keyed by page id, and
        whether the text depends on today (an open series that skips holidays: EXDATE up to the horizon).
        With a ``window``, only the dates inside it."""
        page_ids = list(page_ids)
        pages = self.pages(page_ids)
        rules = defaultdict(list)
        for rule in DateRule.objects.filter(page_id__in=pages.keys()).order_by("page_id", "sort_order", "pk"):
            rules[rule.page_id].append(rule)
        special = defaultdict(list)
        for occurrence in self._special_occurrences(pages.keys()):
            special[occurrence.rule_id].append(occurrence)
        horizon = default_horizon()
        result = {}
        for pk, (page, entry) in pages.items():
            events = []
            for rule in rules[pk]:
                events.extend(self.rule_events(page, entry, rule, special[rule.pk], horizon, window))
            daily = any(rule.skip_holidays and not rule.to_rule().is_bounded for rule in rules[pk])
            result[pk] = (b"".join(event.to_ical() for event in events), daily)
        return result

    def build(self, page_ids) -> icalendar.Calendar:
        """The feed as one icalendar object (the views use the cached text of ``feed_bytes``)."""
        return icalendar.Calendar.from_ical(feed_bytes(self.request, self.name, page_ids))

    @staticmethod
    def _special_occurrences(page_ids):
        """Dates that differ from their series: moved, not "scheduled", or with a note or place."""

        return Occurrence.objects.filter(page_id__in=page_ids).filter(
            Q(original_start__isnull=False)
            | ~Q(status=EventStatus.SCHEDULED)
            | ~Q(note="")
            | ~Q(location_note="")
        )

    def _base(self, page, entry, uid: str) -> icalendar.Event:
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("sequence", getattr(page, "sequence", 0) or 0)
        stamp = page.last_published_at or page.latest_revision_created_at or timezone.now()
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        if page.first_published_at:
            event.add("created", page.first_published_at)
        event.add("summary", entry.title)
        if entry.url:
            event.add("url", absolute(entry.url))
        if entry.category:
            event.add("categories", [entry.category])
        return event

    def rule_events(self, page, entry, rule, specials, horizon, window=None) -> list[icalendar.Event]:
        spec = rule.to_rule()
        left_out = []
        if window is not None:
            cut = cut_rule(spec, window, horizon, specials)
            if cut is None:
                return []
            spec, left_out, specials = cut
        first = spec.first_day()
        if first is None:
            return []
        slot = spec.slot(first)
        uid = uid_for(page, rule.pk)
        page_status = getattr(page, "date_status", "") or EventStatus.SCHEDULED
        url = absolute(entry.url)
        master = self._base(page, entry, uid)
        by_planned = {(o.original_start or o.start): o for o in specials}
        single = not spec.is_recurring
        own = by_planned.get(slot.start) if single else None
        start, end, all_day = (
            (own.start, own.end, own.all_day) if own else (slot.start, slot.end, slot.all_day)
        )
        master.add("dtstart", _moment(start, all_day))
        if end > start:
            master.add("dtend", _moment(end, all_day))
        status = own.status if own else page_status
        master.add("status", _status(status))
        master.add(
            "description", "\n\n".join(filter(None, [_description(entry, own.note if own else ""), url]))
        )
        location = (own.location_note if own and own.location_note else "") or entry.place
        if location:
            master.add("location", location)
        events = [master]
        if single:
            return events
        master.add("rrule", spec.to_ical_recur())
        until = None if spec.is_bounded else horizon
        skipped = [
            _moment(spec.slot(day).start, slot.all_day)
            for day in sorted([*spec.skipped_holidays(until), *left_out])
        ]
        if skipped:
            master.add("exdate", skipped)
        for planned, occurrence in sorted(by_planned.items()):
            if occurrence.status == page_status and not (
                occurrence.original_start or occurrence.note or occurrence.location_note
            ):
                continue
            override = self._base(page, entry, uid)
            override.add("recurrence-id", _moment(planned, slot.all_day))
            override.add("dtstart", _moment(occurrence.start, occurrence.all_day))
            if occurrence.end > occurrence.start:
                override.add("dtend", _moment(occurrence.end, occurrence.all_day))
            override.add("status", _status(occurrence.status))
            override.add(
                "description", "\n\n".join(filter(None, [_description(entry, occurrence.note), url]))
            )
            place = occurrence.location_note or entry.place
            if place:
                override.add("location", place)
            events.append(override)
        return events


def feed_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


# --- keeping the serialised text ------------------------------------------------------------------
#
# Serialising with icalendar costs about a millisecond per date, so a feed of 2,000 dates would take
# seconds. The VEVENT text of every page is therefore kept in the database (``FeedText``, one row per
# page and public address, whose URLs the text holds), with the page's last publication: a page is
# serialised again only when it was published since, or daily for an open series that skips holidays
# (its EXDATEs reach up to the rolling horizon). Editing a venue or another snippet named in the text
# deletes the rows (``snippets_changed``, connected in apps.py). A cold feed, after a cache clear or in a
# new worker, thus only reads and joins text. The whole feed of an address is also cached until the page
# structure changes (any publication) or the day ends. The VTIMEZONE is built once per process.

SNIPPETS_VERSION_KEY = "netzwerk:ical-snippets-version"


def snippets_version() -> int:
    """Changes when a venue, organisation, category or municipality is edited (their names are in the text)."""
    version = cache.get(SNIPPETS_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(SNIPPETS_VERSION_KEY, version, timeout=None)
    return version


def snippets_changed(**kwargs) -> None:
    FeedText.objects.all().delete()
    try:
        cache.incr(SNIPPETS_VERSION_KEY)
    except ValueError:
        cache.set(SNIPPETS_VERSION_KEY, 2, timeout=None)


@lru_cache(maxsize=1)
def berlin_timezone() -> bytes:
    return icalendar.Timezone.from_tzid(
        "Europe/Berlin", first_date=date(2000, 1, 1), last_date=date(2100, 1, 1)
    ).to_ical()


def _shell(name: str) -> bytes:
    """The VCALENDAR with its properties and the VTIMEZONE, without events."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    return cal.to_ical()


def feed_bytes(request, name: str, page_ids, window: Window | None = None) -> bytes:
    """The feed of these pages: kept VEVENT text per page, new text only for changed pages.

    With a ``window`` the series are cut to it, built for this request (the caller caches the feed)."""
    if window is not None:
        live = Page.objects.filter(pk__in=list(page_ids), live=True).values_list("pk", flat=True)
        fresh = FeedBuilder(request, name).fragments(list(live), window)
        return _assemble(name, [fresh[pk][0] for pk in sorted(fresh)])
    host = base_url()
    today = timezone.localdate()
    stamps = dict(
        Page.objects.filter(pk__in=list(page_ids), live=True).values_list("pk", "last_published_at")
    )
    kept = {
        pk: (published, day, text)
        for pk, published, day, text in FeedText.objects.filter(
            host=host, page_id__in=list(stamps)
        ).values_list("page_id", "published", "day", "text")
    }
    missing = [
        pk
        for pk, stamp in stamps.items()
        if pk not in kept or kept[pk][0] != stamp or kept[pk][1] not in (None, today)
    ]
    if missing:
        fresh = FeedBuilder(request, name).fragments(missing)
        rows = [
            FeedText(
                page_id=pk, host=host, published=stamps[pk], day=today if daily else None, text=text.decode()
            )
            for pk, (text, daily) in fresh.items()
        ]
        with transaction.atomic():
            FeedText.objects.filter(host=host, page_id__in=missing).delete()
            FeedText.objects.bulk_create(rows)
        kept.update({row.page_id: (row.published, row.day, row.text) for row in rows})
    return _assemble(name, [kept[pk][2].encode() for pk in sorted(stamps) if pk in kept])


def _assemble(name: str, texts) -> bytes:
    shell = _shell(name)
    end = b"END:VCALENDAR\r\n"
    return b"".join([shell[: -len(end)], berlin_timezone(), *texts, end])


def event_feed_response(request, page) -> HttpResponse:
    return feed_response(feed_bytes(request, page.title, [page.pk]), slugify(page.title)[:60] or "termin")
