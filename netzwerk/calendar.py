"""Calendar queries shared by the views, the feeds and the block "Nächste Termine".

The calendar lists stored ``Occurrence`` rows of every live page, whatever its type. What a list
shows about a date comes from the page type's calendar adapter (the ``CalendarEntrySource``
contract in ``termine.entries``); a type registers itself with ``register(model)`` in its AppConfig.ready().
Course runs from ``qualifizierung`` join by providing the three adapter methods and registering.

Each view costs a fixed number of queries: one for the dates, one per page type for the listed
pages (``attach_entries``), plus the filter vocabularies for the form.
"""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from cms.content import filters, public_address
from cms.models import Municipality, Organisation, TargetGroup, cached_structure
from cms.operations.errors import BadQuery
from cms.operations.pagecache import tag_version
from netzwerk.models import CalendarPage, EventCategory, EventPage
from termine import dates
from termine.entries import CalendarEntry, attach_entries, calendar_types, dated, register  # noqa: F401
from termine.models import (
    ATTENDANCE_CHOICES,  # noqa: F401
    Occurrence,
)

EVENT_PAGE_DATES = 20  # dates listed on an event page before "weitere Termine"
MONTH_CELL_LIMIT = 3  # dates named in one cell of the month grid; the rest via the day view
MAX_TEXT_LENGTH = 100
MIN_YEAR, MAX_YEAR = 2000, 2100
FEED_PAST_DAYS = 31  # a feed also carries what happened in the last month

FILTER_PARAMS = (
    "kategorie",
    "zielgruppe",
    "gemeinde",
    "veranstalter",
    "teilnahme",
    "kostenlos",
    "von",
    "bis",
    "suche",
)


# --- filters -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindChoice:
    """A choice of the filter "Veranstaltungsart" that is no EventCategory: the course runs ("Kurs")
    that the calendar lists beside the events of the network."""

    slug: str
    name: str


COURSES = KindChoice("kurse", "Kurs")


def _lists_more_than_events() -> bool:
    return any(model is not EventPage for model in calendar_types())


@dataclass
class FilterOptions(filters.FilterOptions):
    """The vocabularies of the filter form (and for checking what a visitor asked for)."""

    cache_key = "netzwerk:filter-options"
    categories: list
    target_groups: list
    municipalities: list
    organisers: list

    @classmethod
    def build(cls) -> FilterOptions:
        return cls(
            categories=[*cls.terms(EventCategory), *([COURSES] if _lists_more_than_events() else [])],
            target_groups=cls.terms(TargetGroup),
            municipalities=cls.terms(Municipality),
            organisers=list(
                Organisation.objects.filter(events__live=True).distinct().only("pk", "name").order_by("name")
            ),
        )


def help_page(calendar_page):
    """The live help page "Kalender abonnieren" below the calendar as {title, url}, cached like the menu."""

    def build():
        page = calendar_page.get_children().live().filter(slug="kalender-abonnieren").first()
        return {"title": page.title, "url": page.get_url()} if page else {}

    return cached_structure(f"netzwerk:help-page:{calendar_page.pk}", build)


@dataclass
class Filters:
    """What a visitor chose; ``params`` is the cleaned query string that every link keeps."""

    category: object = None
    target_group: object = None
    municipality: object = None
    organiser: object = None
    attendance: str = ""
    free: bool = False
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    params: dict = field(default_factory=dict)

    @property
    def narrows_types(self) -> bool:
        return any(
            (
                self.category,
                self.target_group,
                self.municipality,
                self.organiser,
                self.attendance,
                self.free,
                self.text,
            )
        )

    @property
    def active(self) -> bool:
        return bool(self.params)

    @property
    def active_count(self) -> int:
        """How many filters are chosen, for "Filter (2 aktiv)"; von and bis are one period."""
        return len(self.params) - ("von" in self.params and "bis" in self.params)

    @property
    def query_string(self) -> str:
        return urlencode(self.params)

    def apply(self, queryset):
        """Narrow a queryset of Occurrence by every chosen filter except the date range."""
        if not self.narrows_types:
            return queryset
        types, chosen = calendar_types(), self
        if self.category == COURSES:  # "Kurs": every listed type but the network's own events
            types, chosen = [model for model in types if model is not EventPage], replace(self, category=None)
        clauses = [q for q in (model.calendar_filter_q(chosen) for model in types) if q is not None]
        if not clauses:
            return queryset.none()
        return queryset.filter(reduce(or_, clauses))

    def clip(self, start: date, end: date) -> tuple[date, date]:
        """The range [start, end) narrowed to von/bis (bis inclusive)."""
        if self.date_from and self.date_from > start:
            start = self.date_from
        if self.date_to and self.date_to + timedelta(days=1) < end:
            end = self.date_to + timedelta(days=1)
        return start, max(start, end)


def _parse_day(raw: str, label: str) -> date:
    try:
        if len(raw) != 10:
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise BadQuery(f"„{label}“ muss ein Datum in der Form JJJJ-MM-TT sein, z. B. 2027-03-14.") from None


def _pick(items, key, raw, message):
    for item in items:
        if str(getattr(item, key)) == raw:
            return item
    raise BadQuery(message)


def parse_filters(request, options: FilterOptions | None = None) -> Filters:
    """The filters in the query string, checked; unknown values give a German 400 (BadQuery).

    With ``options`` (the form's lists) nothing more is queried; without, each chosen vocabulary
    entry is looked up on its own (feeds and blocks, which show no form).
    """
    get = request.GET
    filters = Filters()
    params = {}
    for name in FILTER_PARAMS:
        raw = get.get(name, "").strip()
        if "\x00" in raw:
            raise BadQuery("Die Anfrage enthält ungültige Zeichen.")
        if raw:
            params[name] = raw

    def lookup(name, model, key, items, message):
        raw = params.get(name)
        if raw is None:
            return None
        if len(raw) > 100 or (key == "pk" and not (raw.isascii() and raw.isdigit())):
            raise BadQuery(message)
        if items is not None:
            return _pick(items, key, raw, message)
        found = model.objects.filter(**{key: raw}).first()
        if found is None:
            raise BadQuery(message)
        return found

    if params.get("kategorie") == COURSES.slug and _lists_more_than_events():
        filters.category = COURSES
    else:
        filters.category = lookup(
            "kategorie",
            EventCategory,
            "slug",
            options and options.categories,
            "Diese Veranstaltungsart gibt es nicht.",
        )
    filters.target_group = lookup(
        "zielgruppe",
        TargetGroup,
        "slug",
        options and options.target_groups,
        "Diese Zielgruppe gibt es nicht.",
    )
    filters.municipality = lookup(
        "gemeinde", Municipality, "slug", options and options.municipalities, "Diese Gemeinde gibt es nicht."
    )
    filters.organiser = lookup(
        "veranstalter",
        Organisation,
        "pk",
        options and options.organisers,
        "Diesen Veranstalter gibt es im Kalender nicht.",
    )
    if "teilnahme" in params:
        if params["teilnahme"] not in ATTENDANCE_CHOICES:
            raise BadQuery("„Teilnahme“ kann „vor-ort“ oder „online“ sein.")
        filters.attendance = params["teilnahme"]
    if "kostenlos" in params:
        if params["kostenlos"] != "ja":
            raise BadQuery("„kostenlos“ kann nur „ja“ sein.")
        filters.free = True
    if "von" in params:
        filters.date_from = _parse_day(params["von"], "von")
    if "bis" in params:
        filters.date_to = _parse_day(params["bis"], "bis")
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise BadQuery("Das Datum „bis“ liegt vor dem Datum „von“.")
    for bound in (filters.date_from, filters.date_to):
        if bound and not MIN_YEAR <= bound.year <= MAX_YEAR:
            raise BadQuery(f"Der Kalender reicht von {MIN_YEAR} bis {MAX_YEAR}.")
    if "suche" in params:
        if len(params["suche"]) > MAX_TEXT_LENGTH:
            raise BadQuery(f"Der Suchtext ist zu lang: höchstens {MAX_TEXT_LENGTH} Zeichen.")
        filters.text = params["suche"]
    filters.params = params
    return filters


# --- queries -----------------------------------------------------------------------------------


def live_dates(filters: Filters | None = None):
    queryset = dated(Occurrence.objects.live())
    return filters.apply(queryset) if filters else queryset


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), dates.BERLIN)


def upcoming_dates(filters: Filters, now: datetime | None = None):
    """Dates not yet over (from "von" on), up to "bis" inclusive, soonest first."""
    now = now or timezone.now()
    start = now
    if filters.date_from and local_midnight(filters.date_from) > now:
        start = local_midnight(filters.date_from)
    queryset = live_dates(filters).upcoming(start)
    if filters.date_to:
        queryset = queryset.filter(start__lt=local_midnight(filters.date_to + timedelta(days=1)))
    return queryset


def past_dates(filters: Filters, now: datetime | None = None):
    """Dates that are over, latest first, within von/bis."""
    queryset = live_dates(filters).past(now)
    if filters.date_from:
        queryset = queryset.filter(start__gte=local_midnight(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(start__lt=local_midnight(filters.date_to + timedelta(days=1)))
    return queryset


def range_dates(filters: Filters, start: date, end: date):
    """Dates overlapping [start, end) narrowed to von/bis, by start."""
    start, end = filters.clip(start, end)
    return live_dates(filters).between(start, end)


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached with the page structure (for an hour at most): counting every
    coming date of a busy calendar is the most expensive query of the list, and it changes only when
    something is published or dates pass."""

    def __init__(self, object_list, per_page, count_key: str):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self):
        hour = timezone.localtime().strftime("%Y%m%d%H")
        return cached_structure(f"netzwerk:count:{self.count_key}:{hour}", self.object_list.count)


def page_window(page_obj, around: int = 2) -> list:
    """Page numbers for the pager: first, last and ``around`` either side of the current page; None
    stands for a gap. Computed here, because a long calendar has hundreds of pages."""
    if page_obj is None or not page_obj.has_other_pages():
        return []
    last, current = page_obj.paginator.num_pages, page_obj.number
    wanted = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    result, previous = [], 0
    for number in sorted(wanted):
        if number - previous > 1:
            result.append(None)
        result.append(number)
        previous = number
    return result


def group_by_day(occurrences, not_before: date | None = None) -> list[tuple[date, list]]:
    """[(day, dates)] in order; every date once, on its first day, or on ``not_before`` while it is
    running, so that a list counts what it shows. A date of several days says its span itself
    (``occurrence.date_text``); the month and day views show it on the days it touches."""
    groups: dict[date, list] = {}
    for occurrence in occurrences:
        day = occurrence.first_day
        if not_before and day < not_before:
            day = not_before
        groups.setdefault(day, []).append(occurrence)
    for listed in groups.values():
        listed.sort(key=lambda item: (item.start, item.pk or 0))
    return sorted(groups.items(), key=lambda item: item[0])


def day_heading(day: date) -> str:
    """ "Sonntag, 14. März 2027" """
    return f"{dates.WEEKDAY_NAMES[dates.WEEKDAY_CODES[day.weekday()]]}, {dates.format_date(day)}"


def month_name(year: int, month: int) -> str:
    return f"{dates.MONTH_NAMES[month - 1]} {year}"


def check_month(year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise BadQuery(f"Den Monat {month} gibt es nicht; Monate gehen von 1 bis 12.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadQuery(f"Der Kalender reicht von {MIN_YEAR} bis {MAX_YEAR}.")


def parse_day(raw: str) -> date:
    day = _parse_day(raw, "Tag")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadQuery(f"Der Kalender reicht von {MIN_YEAR} bis {MAX_YEAR}.")
    return day


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass
class MonthCell:
    day: date
    in_month: bool
    is_today: bool
    dates: list
    more: int

    @property
    def total(self) -> int:
        return len(self.dates) + self.more

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def label(self) -> str:
        """What a screen reader hears for the day link, e.g. "Dienstag, 9. März: 2 Termine"."""
        weekday = dates.WEEKDAY_NAMES[dates.WEEKDAY_CODES[self.day.weekday()]]
        count = self.total
        amount = "keine Termine" if not count else ("1 Termin" if count == 1 else f"{count} Termine")
        return f"{weekday}, {self.day.day}. {dates.MONTH_NAMES[self.day.month - 1]}: {amount}"

    @property
    def heading(self) -> str:
        """The day above its dates in the list below the compact grid: "Dienstag, 9. März"."""
        weekday = dates.WEEKDAY_NAMES[dates.WEEKDAY_CODES[self.day.weekday()]]
        return f"{weekday}, {self.day.day}. {dates.MONTH_NAMES[self.day.month - 1]}"

    @property
    def more_label(self) -> str:
        return f"Termine am {self.day.day}. {dates.MONTH_NAMES[self.day.month - 1]}"


def cell_text(occurrence) -> str:
    """A date in a cell of the month grid: "18:00 Stammtisch (abgesagt)"; whole days without time; a
    date of several days with its end: "18:00 Wochenendseminar, bis 6. Dezember, 13:00"."""
    text = occurrence.entry.title
    if not occurrence.all_day and occurrence.first_day == occurrence.last_day:
        text = f"{occurrence.local_start:%H:%M} {text}"
    elif occurrence.is_multi_day:
        if not occurrence.all_day:
            text = f"{occurrence.local_start:%H:%M} {text}"
        last = occurrence.last_day
        text = f"{text}, bis {last.day}. {dates.MONTH_NAMES[last.month - 1]}"
        if not occurrence.all_day:
            text = f"{text}, {occurrence.local_end:%H:%M}"
    if occurrence.status_label:
        text = f"{text} ({occurrence.status_label})"
    return text


MONTH_FIELDS = (
    "pk",
    "page_id",
    "rule_id",
    "start",
    "end",
    "all_day",
    "status",
    "original_start",
    "page_type",
)
_MIDNIGHT = time()
_ONE_DAY = timedelta(days=1)


def month_rows(queryset) -> list[tuple]:
    """Plain rows of the dates of a month: a busy month has a thousand; objects only for those shown."""
    return list(queryset.values_list(*MONTH_FIELDS))


def _row_days(start: datetime, end: datetime, all_day: bool) -> tuple[date, date]:
    """First and last local day of a date (see ``Occurrence.last_day``)."""
    local_start, local_end = start.astimezone(dates.BERLIN), end.astimezone(dates.BERLIN)
    first = local_start.date()
    if all_day or (local_end.time() == _MIDNIGHT and end > start):
        return first, (local_end - _ONE_DAY).date()
    return first, local_end.date()


def _row_occurrence(row):
    pk, page_id, rule_id, start, end, all_day, status, original_start, page_type = row
    occurrence = Occurrence(
        pk=pk,
        page_id=page_id,
        rule_id=rule_id,
        start=start,
        end=end,
        all_day=all_day,
        status=status,
        original_start=original_start,
    )
    occurrence.page_type = page_type
    return occurrence


def month_grid(year: int, month: int, rows, today: date, limit: int = MONTH_CELL_LIMIT):
    """Weeks (Monday first) of cells. A date of one day is put in its cell; a date of several days
    once per week row, in the first cell of the row (of this month) it touches, so that an exhibition
    does not fill every cell; the cell's text names its end ("bis 6. Januar").

    ``rows`` come from ``month_rows``. Returns (weeks, shown) where ``shown`` are the dates named in
    a cell, as Occurrence objects (entries are fetched for these only); cells name at most ``limit``
    dates and count the rest.
    """
    month_weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    by_day: dict[date, list] = defaultdict(list)
    for row in rows:
        first, last = _row_days(row[3], row[4], row[5])
        for week in month_weeks:
            touched = [day for day in week if day.month == month and first <= day <= last]
            if touched:
                by_day[touched[0]].append(row)
    objects: dict[int, object] = {}
    weeks = []
    for week in month_weeks:
        cells = []
        for day in week:
            in_month = day.month == month
            items = by_day.get(day, []) if in_month else []
            named = []
            for row in items[:limit]:
                if row[0] not in objects:
                    objects[row[0]] = _row_occurrence(row)
                named.append(objects[row[0]])
            cells.append(MonthCell(day, in_month, day == today, named, max(len(items) - limit, 0)))
        weeks.append(cells)
    return weeks, list(objects.values())


# --- quick ranges --------------------------------------------------------------------------------


def quick_ranges(base: str, filters: Filters, today: date) -> list[dict]:
    """Links of the list for "Heute", "Dieses Wochenende", "Nächste 7 Tage" and "Diesen Monat" from
    ``today`` (Berlin), keeping the other filters; ``current`` marks the range now chosen.

    The weekend is the coming Saturday and Sunday, or the rest of it on a Saturday or Sunday.
    """
    saturday = today + timedelta(days=(5 - today.weekday()) % 7) if today.weekday() < 5 else today
    sunday = today + timedelta(days=6 - today.weekday())
    last_of_month = date(today.year, today.month, pycalendar.monthrange(today.year, today.month)[1])
    ranges = (
        ("Heute", today, today),
        ("Dieses Wochenende", saturday, sunday),
        ("Nächste 7 Tage", today, today + timedelta(days=6)),
        ("Diesen Monat", today, last_of_month),
    )
    others = {name: value for name, value in filters.params.items() if name not in ("von", "bis")}
    links = []
    for label, start, end in ranges:
        params = {**others, "von": start.isoformat(), "bis": end.isoformat()}
        links.append(
            {
                "label": label,
                "url": f"{base}?{urlencode(params)}",
                "current": (filters.date_from, filters.date_to) == (start, end),
            }
        )
    return links


# --- feed addresses ------------------------------------------------------------------------------


def feed_links(calendar_page, filters: Filters | None = None, event=None, request=None) -> dict:
    """Addresses of the iCalendar and RSS feeds for <link rel="alternate"> and the subscribe box; the
    full ones on the public address, webcal:// only where that address is https (else "")."""
    query = f"?{filters.query_string}" if filters and filters.active else ""
    base = calendar_page.get_url(request) if calendar_page else ""
    if event is not None:
        ical = event.get_url(request) + "ical/"
        ical_title = f"iCalendar: {event.title}"
    else:
        ical = f"{base}ical/{query}"
        ical_title = "iCalendar: Termine" + (" (Auswahl)" if query else "")
    rss = f"{base}rss/{query}" if calendar_page else ""
    feeds = [{"type": "text/calendar", "title": ical_title, "url": ical}]
    if rss:
        feeds.append({"type": "application/rss+xml", "title": "RSS: Nächste Termine", "url": rss})
    full_ical = public_address.absolute(ical) if (calendar_page or event) else ""
    return {
        "feeds": feeds,
        "ical_url": full_ical,
        "webcal_url": public_address.webcal(full_ical),
        "rss_url": rss,
    }


# --- the block "Nächste Termine" -------------------------------------------------------------------


def upcoming_for_block(category=None, target_group=None, municipality=None, count=5, request=None) -> dict:
    """The next ``count`` dates matching the block's filter, and the link to all of them."""
    params = {}
    if category is not None:
        params["kategorie"] = category.slug
    if target_group is not None:
        params["zielgruppe"] = target_group.slug
    if municipality is not None:
        params["gemeinde"] = municipality.slug
    filters = Filters(category=category, target_group=target_group, municipality=municipality, params=params)
    count = max(1, min(count, 20))

    def build():
        occurrences = attach_entries(upcoming_dates(filters)[:count], request)
        calendar_page = CalendarPage.objects.live().first()
        calendar_url = ""
        if calendar_page is not None:
            calendar_url = calendar_page.get_url(request) + (f"?{filters.query_string}" if params else "")
        return {"occurrences": occurrences, "calendar_url": calendar_url}

    # The block shows live dates only, whatever page (or preview) it sits on. Cached until a page is published or unpublished, and for the current hour at most, so that a
    # home page with the block costs no query for it on a warm cache.
    hour = timezone.localtime().strftime("%Y%m%d%H")
    version = tag_version("events")  # renewed with the page cache's tag (e.g. a venue renamed)
    return cached_structure(f"netzwerk:block:{filters.query_string}:{count}:{hour}:{version}", build)
