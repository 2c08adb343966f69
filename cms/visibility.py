"""Which pages the public may see: live and without a view restriction on the page or an ancestor.

One subquery shared by every listing, feed and block (Wagtail's ``public()`` reads all restrictions
in an extra query and only works on page querysets; this also works on rows that point to a page).
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Substr
from wagtail.models import Page, PageViewRestriction


def restricted(path: str = "path") -> Exists:
    """True where the page whose tree path is ``path`` (on the outer query) or an ancestor is restricted,
    whatever the kind of restriction (password, login, groups)."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef(path), 1, F("page__depth") * Page.steplen)
        )
    )
