"""The proposal form of the library (sub-routes of LibraryPage); the sequence is cms.forms.public'."""

from cms.forms.public import PublicFormView
from praxisbeispiele.forms import ProposalForm
from praxisbeispiele.services import create_draft


class ProposalView(PublicFormView):
    """The form "Praxisbeispiel vorschlagen"; the draft example is made by ``create_draft``."""

    form_class = ProposalForm
    template_name = "praxisbeispiele/proposal_form.html"
    thanks_template = "praxisbeispiele/proposal_thanks.html"
    thanks_route = "propose_thanks"
    what = "Ihr Vorschlag"
    rate_limit_name = "praxis-vorschlag"
    rate_limit_setting = "PRAXIS_PROPOSALS_PER_HOUR"
    too_many_message = (
        "Von Ihrem Anschluss sind in der letzten Stunde schon mehrere Vorschläge gekommen. "
        "Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns eine E-Mail."
    )

    def save(self, form):
        create_draft(self.page, form)


propose = ProposalView.as_route()
propose_thanks = ProposalView.as_thanks_route()
