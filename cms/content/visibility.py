"""Which pages the public may see: live, and without a view restriction (password, login, group) on the
page or on any of its ancestors.

Wagtail's ``PageQuerySet.public()`` reads every restriction in an extra query each time; ``restricted()``
is the same test as one subquery, and it also works from a model that points to a page (a date of an
event, a course run's dates), so every listing, feed, block and export shares one rule."""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Substr
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction

from cms.models import structure_changed
from cms.operations.pagecache import page_structure_changed


def restricted(path_field: str = "path") -> Exists:
    """True for rows whose page (its tree path in ``path_field``) lies at or below a restricted page."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef(path_field), 1, F("page__depth") * Page.steplen)
        )
    )


def visible_pages(queryset, page_field: str = ""):
    """``queryset`` without what the public may not see; ``page_field`` names the page of a related row
    (e.g. ``"page"`` for dates), empty for a page queryset."""
    prefix = f"{page_field}__" if page_field else ""
    return queryset.filter(**{f"{prefix}live": True}).exclude(restricted(f"{prefix}path"))


def restrictions_changed(sender, instance, **kwargs):
    """A restriction added, changed or lifted: every list, feed and cached page may show other pages now."""
    structure_changed()
    page_structure_changed(sender, instance=instance.page)


def connect_signals() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            restrictions_changed, sender=PageViewRestriction, dispatch_uid=f"visibility-{id(signal)}"
        )
