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
