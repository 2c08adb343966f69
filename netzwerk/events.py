"""Creating events from plain data: used by the demo seed, and meant for event submissions and the
partner-calendar import, which create *draft* events (``publish=False``) for editors to review."""

from __future__ import annotations

from django.db import transaction

from netzwerk.models import DateException, DateRule, EventPage


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
