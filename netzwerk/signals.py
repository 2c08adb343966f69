"""Signal handlers that keep stored occurrences in step with publishing (connected in apps.py)."""

from django.db.models import F

from termine.occurrences import clear_occurrences, sync_occurrences


def on_page_published(sender, instance, **kwargs):
    """Recompute the dates of a published page (removes stale ones when it has no rules any more)."""
    sync_occurrences(instance)
    bump_sequence(instance)


def on_page_unpublished(sender, instance, **kwargs):
    """An unpublished page shows no dates; deleting a page removes them by CASCADE."""
    clear_occurrences(instance)


def bump_sequence(instance):
    """Every publication of a page with a ``sequence`` field (RFC 5545 SEQUENCE) counts one up.

    Counted in the database, so two publications never give the same number; the page in memory
    follows. ``EventPage.with_content_json`` keeps revisions from bringing an older number back.
    """
    field_names = {field.name for field in instance._meta.concrete_fields}
    if "sequence" not in field_names:
        return
    type(instance)._default_manager.filter(pk=instance.pk).update(sequence=F("sequence") + 1)
    instance.sequence = (instance.sequence or 0) + 1
