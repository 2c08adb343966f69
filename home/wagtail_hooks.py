"""Admin integration of home: the dashboard panel of funding deadlines (cms.editors.dashboard)."""

from datetime import timedelta

from django.utils import timezone
from wagtail import hooks

from cms.editors.dashboard import Cell, DashboardPanel, days_text, format_date, page_cell
from home.models import FundingProgrammePage


class FundingDeadlinesPanel(DashboardPanel):
    name = "foerderfristen"
    heading = "Förderfristen in den nächsten 30 Tagen"
    caption = (
        "Förderprogramme, deren Antragsfrist heute oder in den nächsten 30 Tagen endet, die nächste zuerst."
    )
    columns = ("Förderprogramm", "Antragsfrist", "Endet", "Status")
    empty_text = "In den nächsten 30 Tagen endet keine Antragsfrist."
    order = 110
    days = 30

    def get_items(self, request):
        today = timezone.localdate()
        return (
            FundingProgrammePage.objects.defer_streamfields()
            .filter(deadline__gte=today, deadline__lte=today + timedelta(days=self.days))
            .order_by("deadline", "pk")
        )

    def get_row(self, programme):
        days = (programme.deadline - timezone.localdate()).days
        if not programme.live:
            status = "Entwurf, nicht veröffentlicht"
        elif programme.has_unpublished_changes:
            status = "veröffentlicht, mit unveröffentlichten Änderungen"
        else:
            status = "veröffentlicht"
        return [
            page_cell(programme),
            format_date(programme.deadline),
            Cell(days_text(days), emphasis=days <= 7),
            status,
        ]


@hooks.register("construct_homepage_panels")
def add_funding_deadlines_panel(request, panels):
    panels.append(FundingDeadlinesPanel())
