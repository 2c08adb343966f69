"""Admin: the proposers' contact data, read-only, under "Praxisbeispiele → Vorschläge"."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from praxisbeispiele.models import ExampleProposal


class ExampleProposalViewSet(SnippetViewSet):
    model = ExampleProposal
    icon = "mail"
    menu_label = "Vorschläge"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["page", "name", "email", "created_at", "decided_at"]
    search_fields = ["name", "email"]
    inspect_view_enabled = True


register_snippet(ExampleProposalViewSet)


# --- Dashboard: proposals waiting for a decision (cms.editors.dashboard.SubmissionsPanel) -----------------

from wagtail import hooks  # noqa: E402

from cms.editors.dashboard import SUBMISSION_SOURCES_HOOK  # noqa: E402


@hooks.register(SUBMISSION_SOURCES_HOOK)
def waiting_proposals(request, limit):
    from django.urls import reverse

    from cms.editors.dashboard import Submission

    waiting = (
        ExampleProposal.objects.filter(decided_at__isnull=True)
        .select_related("page")
        .order_by("created_at", "pk")[:limit]
    )
    return [
        Submission(
            kind="Vorgeschlagenes Praxisbeispiel",
            title=row.page.get_admin_display_title(),
            received=row.created_at,
            review_url=reverse("wagtailadmin_pages:edit", args=[row.page_id]),
        )
        for row in waiting
    ]
