"""Admin: the list of barrier reports ("Barrieremeldungen") and the dashboard panel "Barrierefreiheit"."""

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from barrierefreiheit.models import AccessibilityStatementPage, BarrierReport
from cms.editors.dashboard import Cell, DashboardPanel, can_edit_pages, format_date
from cms.editors.spreadsheets import SafeExportIndexView


class BarrierReportViewSet(ModelViewSet):
    """Reports with receipt, due date (overdue said in words), status; editors change status and notes."""

    model = BarrierReport
    name = "barrieremeldungen"
    icon = "warning"
    menu_label = "Barrieremeldungen"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["summary", "received_at", "due_label", "status", "page_url"]
    list_filter = ["status"]
    search_fields = ["description", "page_url"]
    ordering = ["-received_at"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def url(self, view_name, *args):
        """The admin address of one of the views, e.g. url("edit", 3)."""
        return reverse(self.get_url_name(view_name), args=args)

    list_export = ["received_at", "due_date", "status", "page_url", "description", "assistive_technology"]
    index_view_class = SafeExportIndexView
    export_filename = "barrieremeldungen"


barrier_report_viewset = BarrierReportViewSet()


@hooks.register("register_admin_viewset")
def register_barrier_reports():
    return barrier_report_viewset


class AccessibilityPanel(DashboardPanel):
    """Open barrier reports by due date (overdue first) and a reminder when the statement is due for review.

    Three queries at most, whatever the number of reports: the open reports, their count, the statement.
    """

    name = "barrierefreiheit"
    heading = "Barrierefreiheit"
    caption = "Offene Barrieremeldungen, die früheste Fälligkeit zuerst. Die Antwort ist einen Monat nach Eingang fällig."
    columns = ("Meldung", "Status", "Antwort fällig am", "Eingegangen")
    empty_text = "Keine offenen Barrieremeldungen."
    template_name = "barrierefreiheit/dashboard_panel.html"
    order = 95
    limit = 10

    def is_shown(self, request):
        return self.can_see_reports(request.user) or can_edit_pages(request.user)

    @staticmethod
    def can_see_reports(user):
        return user.has_perm("barrierefreiheit.view_barrierreport")

    def get_items(self, request):
        if not self.can_see_reports(request.user):
            return []
        return BarrierReport.objects.open()

    def get_row(self, report):
        edit_url = barrier_report_viewset.url("edit", report.pk)
        return [
            Cell(report.summary, url=edit_url, note=f"Seite: {report.page_url}" if report.page_url else ""),
            report.get_status_display(),
            Cell(format_date(report.due_date), note=report.overdue_text, emphasis=report.is_overdue),
            format_date(report.received_at),
        ]

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        today = timezone.localdate()
        can_see = self.can_see_reports(request.user)
        context.update(
            {
                "can_see_reports": can_see,
                "overdue_count": BarrierReport.objects.overdue(today).count() if can_see else 0,
                "list_url": barrier_report_viewset.url("index") if can_see else "",
                "statement_due": AccessibilityStatementPage.objects.filter(statement_review_date__lte=today)
                .only("id", "title", "statement_review_date", "assessment_date")
                .first(),
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_accessibility_panel(request, panels):
    panels.append(AccessibilityPanel())
