"""The course catalogue: filters from the URL, German full-text search, courses sorted by next date.

A catalogue request costs a fixed number of queries, whatever the number of courses: the search (when
there is a search text), one query for the matching runs as plain rows (to order and page the
courses), one for the runs of the courses on this page with their registration counts, one for those
courses. The filter vocabularies come from the cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from urllib.parse import urlencode

from django.db.models import Exists, F, Max, Min, OuterRef, Q
from django.utils import timezone

from cms.content import filters
from cms.content.pagination import paginate
from cms.content.visibility import restricted
from cms.models import FieldOfEngagement, Municipality, TargetGroup
from cms.operations.errors import BadQuery
from qualifizierung.models import (
    CoursePage,
    CourseRunPage,
    RegistrationStatus,
    occurrence_aggregate,
    prepare_for_list,
    registration_count_of,
)
from termine import dates
from termine.models import AttendanceMode, EventStatus, Occurrence

MAX_TEXT_LENGTH = 100
MONTHS_AHEAD = 12
PARAMS = ("suche", "thema", "zielgruppe", "gemeinde", "monat", "teilnahme", "kostenlos", "plaetze")
ATTENDANCE_CHOICES = {"vor-ort": "vor Ort", "online": "online"}


@dataclass
class FilterOptions(filters.FilterOptions):
    cache_key = "qualifizierung:filter-options"
    topics: list
    target_groups: list
    municipalities: list

    @classmethod
    def build(cls) -> FilterOptions:
        return cls(
            topics=cls.terms(FieldOfEngagement),
            target_groups=cls.terms(TargetGroup),
            municipalities=cls.terms(Municipality),
        )


def month_choices(today: date | None = None) -> list[tuple[str, str]]:
    """("2027-03", "März 2027") for this month and the next eleven."""
    today = today or timezone.localdate()
    result = []
    for offset in range(MONTHS_AHEAD):
        index = today.year * 12 + today.month - 1 + offset
        year, month = index // 12, index % 12 + 1
        result.append((f"{year:04d}-{month:02d}", f"{dates.MONTH_NAMES[month - 1]} {year}"))
    return result


@dataclass
class CatalogueQuery:
    """What a visitor chose, checked; ``params`` is the cleaned query string every link keeps."""

    text: str = ""
    topic: object = None
    target_group: object = None
    municipality: object = None
    month: tuple[int, int] | None = None
    attendance: str = ""
    free: bool = False
    places: bool = False
    params: dict = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.params)

    @property
    def query_string(self) -> str:
        return urlencode(self.params)

    @classmethod
    def parse(cls, get, options: FilterOptions) -> CatalogueQuery:
        params = {}
        for name in PARAMS:
            raw = get.get(name, "").strip()
            if "\x00" in raw:
                raise BadQuery("Die Anfrage enthält ungültige Zeichen.")
            if raw:
                params[name] = raw
        query = cls(params=params)

        def pick(name, items, message):
            raw = params.get(name)
            if raw is None:
                return None
            for item in items:
                if item.slug == raw:
                    return item
            raise BadQuery(message)

        if len(params.get("suche", "")) > MAX_TEXT_LENGTH:
            raise BadQuery(f"Der Suchtext ist zu lang: höchstens {MAX_TEXT_LENGTH} Zeichen.")
        query.text = params.get("suche", "")
        query.topic = pick("thema", options.topics, "Dieses Thema gibt es nicht.")
        query.target_group = pick("zielgruppe", options.target_groups, "Diese Zielgruppe gibt es nicht.")
        query.municipality = pick("gemeinde", options.municipalities, "Diese Gemeinde gibt es nicht.")
        if "monat" in params:
            raw = params["monat"]
            try:
                if len(raw) != 7 or raw[4] != "-":
                    raise ValueError
                year, month = int(raw[:4]), int(raw[5:])
                if not (2000 <= year <= 2100 and 1 <= month <= 12):
                    raise ValueError
            except ValueError:
                raise BadQuery("„monat“ muss ein Monat in der Form JJJJ-MM sein, z. B. 2027-03.") from None
            query.month = (year, month)
        if "teilnahme" in params:
            if params["teilnahme"] not in ATTENDANCE_CHOICES:
                raise BadQuery("„teilnahme“ kann „vor-ort“ oder „online“ sein.")
            query.attendance = params["teilnahme"]
        if "kostenlos" in params:
            if params["kostenlos"] != "ja":
                raise BadQuery("„kostenlos“ kann nur „ja“ sein.")
            query.free = True
        if "plaetze" in params:
            if params["plaetze"] != "frei":
                raise BadQuery("„plaetze“ kann nur „frei“ sein.")
            query.places = True
        return query


def _month_range(year: int, month: int) -> tuple[datetime, datetime]:
    index = year * 12 + month  # the next month
    start = datetime.combine(date(year, month, 1), time(), dates.BERLIN)
    end = datetime.combine(date(index // 12, index % 12 + 1, 1), time(), dates.BERLIN)
    return start, end


def matching_runs(programme, query: CatalogueQuery, now: datetime | None = None):
    """Live runs of live courses in this programme that are not over and match every chosen filter."""

    now = now or timezone.now()
    runs = (
        CourseRunPage.objects.live()
        .exclude(restricted())
        .descendant_of(programme)
        .filter(course__live=True)
        .annotate(first_start=occurrence_aggregate(Min, "start"), last_end=occurrence_aggregate(Max, "end"))
        .filter(last_end__gt=now)
    )
    if query.text:
        results = CoursePage.objects.live().search(query.text, operator="and", order_by_relevance=False)
        get_queryset = getattr(results, "get_queryset", None)
        ids = list(get_queryset().values_list("pk", flat=True)) if get_queryset else [p.pk for p in results]
        runs = runs.filter(course_id__in=ids)
    if query.topic is not None:
        through = CoursePage.fields_of_engagement.through
        runs = runs.filter(
            course_id__in=through.objects.filter(fieldofengagement_id=query.topic.pk).values("coursepage_id")
        )
    if query.target_group is not None:
        through = CoursePage.target_groups.through
        runs = runs.filter(
            course_id__in=through.objects.filter(targetgroup_id=query.target_group.pk).values("coursepage_id")
        )
    if query.municipality is not None:
        runs = runs.filter(municipality_id=query.municipality.pk)
    if query.month is not None:
        start, end = _month_range(*query.month)
        runs = runs.filter(
            Exists(Occurrence.objects.filter(page_id=OuterRef("pk"), start__gte=start, start__lt=end))
        )
    if query.attendance == "online":
        runs = runs.exclude(attendance_mode=AttendanceMode.OFFLINE)
    elif query.attendance == "vor-ort":
        runs = runs.exclude(attendance_mode=AttendanceMode.ONLINE)
    if query.free:
        runs = runs.filter(course__is_free=True)
    if query.places:
        runs = runs.annotate(registered_count=registration_count_of(RegistrationStatus.REGISTERED)).filter(
            Q(registered_count__lt=F("capacity")),
            ~Q(date_status=EventStatus.CANCELLED),
            Q(registration_closed=False),
            Q(registration_deadline__gt=now) | Q(registration_deadline__isnull=True, first_start__gt=now),
        )
    return runs


@dataclass
class CourseCard:
    course: object
    runs: list
    next_start: datetime | None


def browse(programme, request, now: datetime | None = None) -> dict:
    """The context of the catalogue: query, options, a page of courses with their matching runs."""

    options = FilterOptions.load()
    query = CatalogueQuery.parse(request.GET, options)
    now = now or timezone.now()
    rows = list(matching_runs(programme, query, now).order_by().values_list("pk", "course_id", "first_start"))
    next_start: dict[int, datetime] = {}
    run_ids: dict[int, list[int]] = {}
    for pk, course_id, first_start in rows:
        run_ids.setdefault(course_id, []).append(pk)
        if first_start is not None and (course_id not in next_start or first_start < next_start[course_id]):
            next_start[course_id] = first_start
    far = datetime.max.replace(tzinfo=dates.BERLIN)
    ordered = sorted(run_ids, key=lambda course_id: (next_start.get(course_id, far), course_id))
    page_obj = paginate(request, ordered, programme.per_page)
    shown = list(page_obj.object_list)
    courses = CoursePage.objects.filter(pk__in=shown).in_bulk() if shown else {}
    wanted = [pk for course_id in shown for pk in run_ids[course_id]]
    runs_by_course: dict[int, list] = {}
    if wanted:
        for run in CourseRunPage.objects.for_listing().filter(pk__in=wanted).order_by_start():
            prepare_for_list(run, request)
            runs_by_course.setdefault(run.course_id, []).append(run)
    cards = [
        CourseCard(courses[course_id], runs_by_course.get(course_id, []), next_start.get(course_id))
        for course_id in shown
        if course_id in courses
    ]
    return {
        "query": query,
        "options": options,
        "months": month_choices(timezone.localdate(now)),
        "attendance_choices": list(ATTENDANCE_CHOICES.items()),
        "page_obj": page_obj,
        "cards": cards,
        "total": len(ordered),
        "run_total": len(rows),
    }
