"""Admin: the proposers' contact data, read-only, under "Praxisbeispiele → Vorschläge"."""

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.editors.dashboard import (
    SUBMISSION_SOURCES_HOOK,
    Submission,
)
from cms.forms.private_files import private_file_url
from praxisbeispiele.models import PRIVATE_FILES_KEY, ExampleProposal, can_view_proposal_files


class ExampleProposalViewSet(SnippetViewSet):
    model = ExampleProposal
    icon = "mail"
    menu_label = "Vorschläge"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["page", "name", "email", "created_at", "decided_at"]
    search_fields = ["name", "email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "page",
        "name",
        "email",
        "phone",
        "consent",
        "created_at",
        "decided_at",
        "photo",
        "photo_alt",
        "material",
    ]


register_snippet(ExampleProposalViewSet)


# --- Dashboard: proposals waiting for a decision (cms.editors.dashboard.SubmissionsPanel) -----------------


@hooks.register(SUBMISSION_SOURCES_HOOK)
def waiting_proposals(request, limit):

    waiting = (
        ExampleProposal.objects.filter(decided_at__isnull=True)
        .select_related("page")
        .order_by("created_at", "pk")[:limit]
    )
    return [Submission.of_page("Vorgeschlagenes Praxisbeispiel", row.page, row.created_at) for row in waiting]


# --- The draft page's header menu: download the proposal's private files (cms/forms/private_files.py) ----------


@hooks.register("register_page_header_buttons")
def proposal_file_buttons(page, user, view_name, next_url=None):

    proposal = ExampleProposal.objects.filter(page_id=page.pk).select_related("page").first()
    if proposal is None or not (proposal.photo or proposal.material):
        return []
    if not can_view_proposal_files(user, proposal):
        return []
    buttons = []
    for field, label, priority in (
        ("photo", "Eingereichtes Foto herunterladen", 80),
        ("material", "Eingereichtes Material herunterladen", 81),
    ):
        url = private_file_url(PRIVATE_FILES_KEY, proposal, field)
        if url:
            buttons.append(Button(label, url, icon_name="download", priority=priority))
    return buttons
