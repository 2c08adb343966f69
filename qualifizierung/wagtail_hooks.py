"""Admin: registrations per run (with status and waiting position), the participants of a run with
attendance per session, CSV export and certificates of attendance."""

from datetime import datetime, time, timedelta

from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from qualifizierung import admin_views
from qualifizierung.models import CourseRunPage, Registration


class RunLinksColumn(Column):
    """Links to the participants of the registration's run and to the person's certificate."""

    def get_value(self, instance):
        participants = reverse("qualifizierung_participants", args=[instance.run_id])
        certificate = reverse("qualifizierung_certificate", args=[instance.pk])
        return format_html(
            '<a href="{}">Teilnehmende und Anwesenheit</a> · <a href="{}">Bescheinigung (PDF)</a>',
            participants,
            certificate,
        )


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "group"
    menu_label = "Kursanmeldungen"
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "name",
        "run",
        "status",
        "waiting_position",
        "created_at",
        RunLinksColumn("links", label="Verwaltung"),
    ]
    list_filter = ["run", "status"]
    search_fields = ["name", "email", "organisation"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Registration.objects.select_related("run", "run__course")


register_snippet(RegistrationViewSet)


@hooks.register("register_admin_urls")
def course_admin_urls():
    return [
        path("kurse/termin/<int:run_id>/", admin_views.participants, name="qualifizierung_participants"),
        path(
            "kurse/termin/<int:run_id>/teilnehmende.csv",
            admin_views.participants_export,
            name="qualifizierung_participants_csv",
        ),
        path(
            "kurse/anmeldung/<int:registration_id>/bescheinigung.pdf",
            admin_views.certificate,
            name="qualifizierung_certificate",
        ),
    ]


def _participants_button(page, user, priority):
    if page.specific_class is CourseRunPage and user.has_perm(admin_views.PERMISSION):
        yield Button(
            "Teilnehmende und Anwesenheit",
            reverse("qualifizierung_participants", args=[page.pk]),
            icon_name="group",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def participants_listing_button(page, user, next_url=None):
    yield from _participants_button(page, user, 5)


@hooks.register("register_page_header_buttons")
def participants_header_button(page, user, view_name, next_url=None):
    yield from _participants_button(page, user, 12)


# --- Dashboard: course runs starting in the next 14 days (cms.editors.dashboard) --------------------------

from cms.editors.dashboard import Cell, DashboardPanel, format_date, page_cell  # noqa: E402


class UpcomingRunsPanel(DashboardPanel):
    name = "kurse-naechste-14-tage"
    heading = "Kurse in den nächsten 14 Tagen"
    caption = "Veröffentlichte Kurstermine, deren erster Termin heute oder in den nächsten 14 Tagen liegt, mit freien Plätzen und Warteliste."
    columns = ("Kurstermin", "Beginn", "Freie Plätze", "Warteliste", "Verwaltung")
    empty_text = "In den nächsten 14 Tagen beginnt kein Kurstermin."
    order = 100
    days = 14

    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)

    def get_items(self, request):
        today = timezone.localdate()
        start = timezone.make_aware(datetime.combine(today, time.min))
        end = timezone.make_aware(datetime.combine(today + timedelta(days=self.days + 1), time.min))
        return (
            CourseRunPage.objects.live()
            .defer_streamfields()
            .select_related("course")
            .with_counts()
            .filter(first_start__gte=start, first_start__lt=end)
            .order_by("first_start", "pk")
        )

    def get_row(self, run):
        free = run.free_places
        if run.is_cancelled:
            state = "abgesagt"
        elif free == 0:
            state = "ausgebucht"
        else:
            state = ""
        waiting = run.waiting_count
        return [
            page_cell(run, run.full_title),
            format_date(run.first_start),
            Cell(f"{free} von {run.capacity}", note=state, emphasis=free == 0),
            "niemand" if waiting == 0 else f"{waiting} {'Person' if waiting == 1 else 'Personen'}",
            Cell("Teilnehmende und Anwesenheit", url=reverse("qualifizierung_participants", args=[run.pk])),
        ]


@hooks.register("construct_homepage_panels")
def add_upcoming_runs_panel(request, panels):
    panels.append(UpcomingRunsPanel())
