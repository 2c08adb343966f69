"""The calendar-entry contract: what a dated page type provides so that date lists can show it.

A dated page type (an event, a course run) mixes in ``DatedPageMixin`` (or ``PlacedDatedPageMixin``),
has ``DATE_PANELS``, implements ``CalendarEntrySource`` and registers itself with ``register(model)``
in its AppConfig.ready(). Lists then cost one query for the dates and one per page type
(``attach_entries``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q


@dataclass(frozen=True)
class CalendarEntry:
    """What a list, the month grid, the block and the RSS feed show about the page of a date."""

    page_id: int
    title: str
    url: str
    teaser: str = ""
    place: str = ""
    municipality: str = ""
    organiser: str = ""
    category: str = ""
    online: bool = False
    free: bool = False
    kind: str = ""

    @classmethod
    def from_page(cls, page, request=None) -> CalendarEntry:
        """For page types without an adapter: the title and address of the plain page."""
        return cls(page_id=page.pk, title=page.title, url=page.get_url(request) or "")


@runtime_checkable
class CalendarEntrySource(Protocol):
    """The adapter of a dated page type (checked against every registered type by a test).

    ``calendar_queryset()``: a classmethod, its pages with everything ``calendar_summary`` reads;
    ``calendar_summary(request)``: the ``CalendarEntry`` of one listed page;
    ``calendar_filter_q(filters)``: a classmethod, a Q over Occurrence, or None when the type cannot
    match the chosen filters.
    """

    def calendar_queryset(self): ...

    def calendar_summary(self, request=None) -> CalendarEntry: ...

    def calendar_filter_q(self, filters) -> Q | None: ...


_TYPES: list = []


def register(model) -> None:
    """Let a dated page type take part in date lists and their filters (idempotent)."""
    if not isinstance(model, CalendarEntrySource):
        raise TypeError(f"{model.__name__} does not provide the calendar adapter (CalendarEntrySource).")
    if model not in _TYPES:
        _TYPES.append(model)


def calendar_types() -> list:
    return list(_TYPES)


def dated(queryset):
    """Dates with their page's type, so that ``attach_entries`` needs no further query for it."""
    return queryset.annotate(page_type=F("page__content_type_id"))


def attach_entries(occurrences, request=None):
    """Set ``occurrence.entry`` on each date: one query per page type for all listed pages."""
    from wagtail.models import Page  # wagtail.models needs loaded apps; this module is imported early

    occurrences = list(occurrences)
    ids_by_type: dict[int, set[int]] = defaultdict(set)
    for occurrence in occurrences:
        ids_by_type[occurrence.page_type].add(occurrence.page_id)
    entries = {}
    for type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        loader = getattr(model, "calendar_queryset", None)
        if loader is not None:
            for page in loader().filter(pk__in=ids):
                entries[page.pk] = page.calendar_summary(request)
        else:
            for page in Page.objects.filter(pk__in=ids):
                entries[page.pk] = CalendarEntry.from_page(page, request)
    for occurrence in occurrences:
        occurrence.entry = entries.get(occurrence.page_id)
    return [occurrence for occurrence in occurrences if occurrence.entry is not None]
