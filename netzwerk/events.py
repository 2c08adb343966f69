"""Creating events from plain data: used by the demo seed, and meant for event submissions and the
partner-calendar import, which create *draft* events (``publish=False``) for editors to review."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from netzwerk.models import EventPage
from termine.models import DateException, DateRule, Occurrence
from termine.occurrences import build_occurrences, default_horizon


@transaction.atomic
def create_event(
    parent, *, title, teaser, rules, exceptions=(), target_groups=(), publish=False, user=None, **fields
):
    """A new EventPage under ``parent`` (the CalendarPage) with its date rules and exceptions.

    ``rules`` and ``exceptions`` are dicts of DateRule / DateException fields, e.g.
    ``{"start_date": date(2027, 3, 9), "start_time": time(18), "frequency": "MONTHLY", ...}``; they are
    validated like the editor's form (``full_clean``). Without ``publish`` the page stays a draft
    with one revision (``live=False``): it shows nowhere until an editor publishes it. Text fields
    are stored as given; callers that take text from the public must pass plain text.
    """
    page = EventPage(title=title, teaser=teaser, live=publish, **fields)
    if target_groups:
        page.target_groups.set(list(target_groups))
    for position, data in enumerate(rules):
        rule = DateRule(sort_order=position, **data)
        rule.clean()
        page.date_rules.add(rule)
    for position, data in enumerate(exceptions):
        exception = DateException(sort_order=position, **data)
        exception.clean()
        page.date_exceptions.add(exception)
    if not publish:
        page.has_unpublished_changes = True
    parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


def add_live_events_in_bulk(parent, events, horizon=None) -> list[EventPage]:
    """Many live events at once, for benchmarks and tests: ``events`` is a list of (EventPage, [DateRule]).

    The pages are added without revisions (they count as published once, SEQUENCE 1); rules and
    occurrences are written in bulk, as ``sync_occurrences`` would compute them.
    """
    horizon = horizon or default_horizon()
    now = timezone.now()
    pages = []
    rules = []
    for page, page_rules in events:
        page.live = True
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or now
        page.sequence = page.sequence or 1
        parent.add_child(instance=page)
        for position, rule in enumerate(page_rules):
            rule.page = page
            rule.sort_order = position
            rules.append(rule)
        pages.append((page, page_rules))
    DateRule.objects.bulk_create(rules)
    occurrences = []
    for page, page_rules in pages:
        occurrences.extend(build_occurrences(page, page_rules, [], horizon))
    Occurrence.objects.bulk_create(occurrences, batch_size=1000)
    return [page for page, _rules in pages]
