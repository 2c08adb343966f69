"""The editors' dashboard: a shared panel base and the panels that belong to no single app.

Wagtail's ``construct_homepage_panels`` hook adds panels to the admin's start page. Each app registers
its own panels in its ``wagtail_hooks.py`` with the base class here (``cms`` imports no app):

- ``DashboardPanel``: a titled German table with a caption, row headers, an empty-state text, an ``order``
  and a permission check; a subclass names its columns and gives ``get_items`` (one query, sliced here)
  and ``get_row``.
- ``SubmissionsPanel`` ("Zur Prüfung eingereicht"): what citizens and associations sent in through the
  website and still waits for a decision. Apps contribute sources through the hook
  ``SUBMISSION_SOURCES_HOOK`` (a function ``(request, limit) -> list[Submission]``).
- ``ReviewDuePanel`` ("Prüfung fällig"): pages of every type whose ``review_date`` (``BasePage``) has come,
  oldest first, in one UNION query over all page types plus one query for titles and last editors.
- ``ExpiringSoonPanel`` ("Läuft bald ab"): live pages whose expiry date (``expire_at``) lies within 14 days.

Every panel needs a fixed number of queries, whatever the number of items.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from cms.models import BasePage

SUBMISSION_SOURCES_HOOK = "cms_dashboard_submissions"


@dataclass
class Cell:
    """One table cell: text, optionally a link and a second line (e.g. "überfällig")."""

    text: str
    url: str = ""
    note: str = ""
    emphasis: bool = False


def edit_url(page_pk) -> str:
    """The admin's edit view of a page."""
    return reverse("wagtailadmin_pages:edit", args=[page_pk])


def page_cell(page, text=None, **kwargs) -> Cell:
    """A cell that links to the page's edit view; by default with the page's admin title."""
    return Cell(page.get_admin_display_title() if text is None else text, url=edit_url(page.pk), **kwargs)


def format_date(value) -> str:
    """02.03.2026 for dates, 02.03.2026, 18:00 Uhr for times (local time)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y, %H:%M Uhr")
    return value.strftime("%d.%m.%Y")


def days_text(days: int) -> str:
    """German relative day count: "heute", "morgen", "in 3 Tagen", "seit 2 Tagen"."""
    if days == 0:
        return "heute"
    if days == 1:
        return "morgen"
    if days == -1:
        return "seit gestern"
    if days > 1:
        return f"in {days} Tagen"
    return f"seit {-days} Tagen"


def can_edit_pages(user) -> bool:
    return page_permission_policy.user_has_any_permission(user, {"add", "change", "publish"})


class DashboardPanel(Component):
    """A titled table on the dashboard with an empty-state text; subclasses say what goes in it."""

    template_name = "cms/dashboard/panel.html"
    name = ""
    heading = ""
    caption = ""
    columns: tuple[str, ...] = ()
    empty_text = ""
    order = 500
    limit = 20

    def is_shown(self, request) -> bool:
        """Who sees the panel; by default everyone who may edit pages."""
        return can_edit_pages(request.user)

    def get_items(self, request):
        """A queryset or list of the items; sliced to ``limit + 1`` here."""
        raise NotImplementedError

    def get_row(self, item) -> list:
        """The cells of one item, as ``Cell`` or plain strings; the first cell is the row header."""
        raise NotImplementedError

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        items = list(self.get_items(request)[: self.limit + 1])
        rows = [
            [cell if isinstance(cell, Cell) else Cell(str(cell)) for cell in self.get_row(item)]
            for item in items[: self.limit]
        ]
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "caption": self.caption,
            "columns": self.columns,
            "rows": rows,
            "empty_text": self.empty_text,
            "limit": self.limit,
            "more": len(items) > self.limit,
        }

    def render_html(self, parent_context=None):
        if parent_context is None or not self.is_shown(parent_context["request"]):
            return ""
        return super().render_html(parent_context)


# --- Zur Prüfung eingereicht ------------------------------------------------------------------


@dataclass
class Submission:
    """Something sent in through the website that waits for the editors, with its review view."""

    kind: str
    title: str
    received: datetime
    review_url: str
    note: str = ""

    @classmethod
    def of_page(cls, kind: str, page, received: datetime, note: str = "") -> "Submission":
        """A submission whose draft page the editors review in its edit view."""
        return cls(kind, page.get_admin_display_title(), received, edit_url(page.pk), note)


class SubmissionsPanel(DashboardPanel):
    name = "zur-pruefung-eingereicht"
    heading = "Zur Prüfung eingereicht"
    caption = "Über die Website gemeldete Veranstaltungen und vorgeschlagene Praxisbeispiele ohne Entscheidung, älteste zuerst."
    columns = ("Titel", "Art", "Eingegangen", "Wartet")
    empty_text = "Keine Meldungen und Vorschläge warten auf eine Entscheidung."
    order = 90

    def get_items(self, request):
        items = []
        for source in hooks.get_hooks(SUBMISSION_SOURCES_HOOK):
            items.extend(source(request, self.limit + 1))
        return sorted(items, key=lambda item: item.received)

    def get_row(self, item):
        waiting = (timezone.localdate() - timezone.localtime(item.received).date()).days
        return [
            Cell(item.title, url=item.review_url, note=item.note),
            item.kind,
            format_date(item.received),
            "seit heute" if waiting == 0 else days_text(-waiting),
        ]


# --- Prüfung fällig ---------------------------------------------------------------------------


def review_page_models():
    """Every concrete page model with a review date (all subclasses of cms.models.BasePage)."""

    return [
        model
        for model in apps.get_models()
        if issubclass(model, BasePage)
        and not model._meta.proxy
        # a page type derived from another concrete page type shares its parent's review date
        and model._meta.get_field("review_date").model is model
    ]


def pages_due_for_review(day=None):
    """(page id, review date) of every page whose review date is ``day`` (today) or earlier, oldest first.

    One UNION query over the tables of all page types; the caller slices it.
    """
    day = day or timezone.localdate()
    querysets = [
        model.objects.filter(review_date__lte=day).order_by().values_list("page_ptr_id", "review_date")
        for model in review_page_models()
    ]
    if not querysets:
        return Page.objects.none().values_list("pk", "pk")
    first, *rest = querysets
    return first.union(*rest, all=True).order_by("review_date", "page_ptr_id")


class ReviewDuePanel(DashboardPanel):
    name = "pruefung-faellig"
    heading = "Prüfung fällig"
    caption = "Seiten, deren Datum „Inhalt prüfen bis“ heute oder früher ist, die älteste zuerst."
    columns = ("Seite", "Prüfen bis", "Zuletzt bearbeitet von", "Aktion")
    empty_text = "Keine Seite ist zur Prüfung fällig."
    order = 140

    def get_items(self, request):
        today = timezone.localdate()
        due = list(pages_due_for_review(today)[: self.limit + 1])
        pages = Page.objects.filter(pk__in=[pk for pk, _ in due]).select_related(
            "latest_revision__user", "content_type"
        )
        by_pk = {page.pk: page for page in pages}
        items = []
        for pk, review_date in due:
            page = by_pk.get(pk)
            if page is not None:
                page.due_date = review_date
                page.due_days = (review_date - today).days
                items.append(page)
        return items

    def get_row(self, page):
        revision = page.latest_revision
        user = revision.user if revision else None
        editor = (user.get_full_name() or user.get_username()) if user else "unbekannt"
        edited = f"{editor}, {format_date(revision.created_at)}" if revision else editor
        status = "fällig heute" if page.due_days == 0 else f"überfällig {days_text(page.due_days)}"
        model = page.content_type.model_class() if page.content_type_id else None
        kind = str(model._meta.verbose_name) if model else "Seite"
        return [
            page_cell(page, note=kind),
            Cell(format_date(page.due_date), note=status, emphasis=page.due_days < 0),
            edited,
            page_cell(page, "Bearbeiten"),
        ]


# --- Läuft bald ab ----------------------------------------------------------------------------


class ExpiringSoonPanel(DashboardPanel):
    name = "laeuft-bald-ab"
    heading = "Läuft bald ab"
    caption = "Veröffentlichte Seiten, die in den nächsten 14 Tagen automatisch offline gehen (Ablaufdatum)."
    columns = ("Seite", "Läuft ab", "Noch")
    empty_text = "In den nächsten 14 Tagen läuft keine Seite ab."
    order = 150
    days = 14

    def get_items(self, request):
        now = timezone.now()
        return (
            Page.objects.live()
            .filter(expire_at__gte=now, expire_at__lt=now + timedelta(days=self.days))
            .order_by("expire_at", "pk")
        )

    def get_row(self, page):
        days = (timezone.localtime(page.expire_at).date() - timezone.localdate()).days
        return [
            page_cell(page),
            format_date(page.expire_at),
            days_text(days),
        ]
