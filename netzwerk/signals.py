"""Signal handlers that keep stored occurrences in step with publishing (connected in apps.py)."""

from netzwerk.occurrences import clear_occurrences, sync_occurrences


def on_page_published(sender, instance, **kwargs):
    """Recompute the dates of a published page (removes stale ones when it has no rules any more)."""
    sync_occurrences(instance)


def on_page_unpublished(sender, instance, **kwargs):
    """An unpublished page shows no dates; deleting a page removes them by CASCADE."""
    clear_occurrences(instance)
