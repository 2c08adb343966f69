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
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache

import icalendar
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from cms.content.public_address import absolute, base_url
from termine import dates
from termine.entries import CalendarEntry
from termine.models import DateRule, EventStatus, Occurrence
from termine.occurrences import default_horizon

PRODID = "-//Ehrenamtsbeirat des Kyffhäuserkreises//Netzwerkkalender//DE"
UID_DOMAIN = "ehrenamt.kyffhaeuserkreis"
CONTENT_TYPE = "text/calendar; charset=utf-8"
REFRESH = timedelta(hours=6)


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

    def fragments(self, page_ids) -> dict[int, tuple[bytes, bool]]:
        """The serialised VEVENTs of each page (a series with its exceptions), keyed by page id, and
        whether the text depends on today (an open series that skips holidays: EXDATE up to the horizon)."""
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
                events.extend(self.rule_events(page, entry, rule, special[rule.pk], horizon))
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

    def rule_events(self, page, entry, rule, specials, horizon) -> list[icalendar.Event]:
        spec = rule.to_rule()
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
        skipped = [_moment(spec.slot(day).start, slot.all_day) for day in spec.skipped_holidays(until)]
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


# --- caching ---------------------------------------------------------------------------------------
#
# Serialising a large calendar with icalendar costs about a millisecond per event. So the VEVENT text
# of every page is kept in ONE cache entry (a dict, so that thousands of events do not crowd other
# entries out of a small local-memory cache), each with the page's last publication; a page is
# serialised again only when it was published since (or daily, for an open series that skips
# holidays: its EXDATEs reach up to the rolling horizon). The entry is kept per public address (its URLs)
# and renewed when a venue or another snippet named in the text changes (``snippets_changed``,
# connected in apps.py). The whole feed of an address is cached until the page
# structure changes (any publication) or the day ends. The VTIMEZONE is built once per process.

FRAGMENT_TIMEOUT = 7 * 24 * 60 * 60
SNIPPETS_VERSION_KEY = "netzwerk:ical-snippets-version"


def snippets_version() -> int:
    """Changes when a venue, organisation, category or municipality is edited (their names are in the text)."""
    version = cache.get(SNIPPETS_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(SNIPPETS_VERSION_KEY, version, timeout=None)
    return version


def snippets_changed(**kwargs) -> None:
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


def feed_bytes(request, name: str, page_ids) -> bytes:
    """The feed of these pages: cached VEVENT text per page, new text only for changed pages."""
    key = f"netzwerk:ical-fragments:{base_url()}:{snippets_version()}"
    today = timezone.localdate()
    stamps = dict(
        Page.objects.filter(pk__in=list(page_ids), live=True).values_list("pk", "last_published_at")
    )
    fragments = cache.get(key) or {}

    def valid(pk):
        stamp, day, _text = fragments.get(pk, (None, None, b""))
        return pk in fragments and stamp == stamps[pk] and day in (None, today)

    missing = [pk for pk in stamps if not valid(pk)]
    if missing:
        fresh = FeedBuilder(request, name).fragments(missing)
        fragments.update(
            {pk: (stamps[pk], today if daily else None, text) for pk, (text, daily) in fresh.items()}
        )
        cache.set(key, fragments, timeout=FRAGMENT_TIMEOUT)
    shell = _shell(name)
    end = b"END:VCALENDAR\r\n"
    parts = [shell[: -len(end)], berlin_timezone()]
    parts.extend(fragments[pk][2] for pk in sorted(stamps) if pk in fragments)
    parts.append(end)
    return b"".join(parts)


def event_feed_response(request, page) -> HttpResponse:
    return feed_response(feed_bytes(request, page.title, [page.pk]), slugify(page.title)[:60] or "termin")
