"""Admin integration of the calendar: the list of event categories."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.editors.dashboard import SUBMISSION_SOURCES_HOOK, Submission
from netzwerk.import_views import can_import, import_run_view, import_view
from netzwerk.models import Decision, EventCategory, EventSubmission


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "date"
    menu_label = "Veranstaltungsarten"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(EventCategoryViewSet)


# --- Submissions and partner calendars (netzwerk.services, netzwerk.importer) ------------------
# The menu "Kalender" holds the submitters' contact data (read-only) and the partner-calendar import.


class EventSubmissionViewSet(SnippetViewSet):
    model = EventSubmission
    icon = "mail"
    menu_label = "Gemeldete Veranstaltungen"
    add_to_admin_menu = False
    list_display = ["event_title", "name", "email", "created_at", "decision", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["name", "email", "event_title"]
    inspect_view_enabled = True


register_snippet(EventSubmissionViewSet)

calendar_menu = Menu(register_hook_name="register_netzwerk_calendar_menu_item")


@hooks.register("register_admin_menu_item")
def register_calendar_menu():
    return SubmenuMenuItem("Kalender", calendar_menu, icon_name="date", name="kalender", order=230)


class SubmissionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("netzwerk.view_eventsubmission")


@hooks.register("register_netzwerk_calendar_menu_item")
def register_submissions_menu_item():
    return SubmissionsMenuItem(
        "Gemeldete Veranstaltungen",
        reverse("wagtailsnippets_netzwerk_eventsubmission:list"),
        icon_name="mail",
        name="gemeldete-veranstaltungen",
        order=100,
    )


@hooks.register("register_admin_urls")
def register_partner_import_url():

    return [
        path("partnerkalender/import/", import_view, name="netzwerk_partner_import"),
        path("partnerkalender/import/<int:pk>/", import_run_view, name="netzwerk_partner_import_run"),
    ]


class PartnerImportMenuItem(MenuItem):
    def is_shown(self, request):

        return can_import(request.user)


@hooks.register("register_netzwerk_calendar_menu_item")
def register_partner_import_menu_item():
    return PartnerImportMenuItem(
        "Partnerkalender importieren",
        reverse("netzwerk_partner_import"),
        icon_name="download",
        name="partnerkalender-importieren",
        order=200,
    )


# --- Dashboard: event submissions waiting for a decision (cms.editors.dashboard.SubmissionsPanel) ----------


@hooks.register(SUBMISSION_SOURCES_HOOK)
def waiting_event_submissions(request, limit):
    waiting = (
        EventSubmission.objects.filter(decision=Decision.OPEN, decided_at__isnull=True, page__isnull=False)
        .select_related("page")
        .order_by("created_at", "pk")[:limit]
    )
    return [
        Submission.of_page(
            "Gemeldete Veranstaltung",
            row.page,
            row.created_at,
            note=f"Veranstalter: {row.organiser_name}" if row.organiser_name else "",
        )
        for row in waiting
    ]
