"""The proposal form of the library (sub-routes of LibraryPage)."""

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from cms.models import SiteConfiguration
from cms.ratelimit import RateLimit
from praxisbeispiele.forms import ProposalForm
from praxisbeispiele.proposals import create_draft


def proposal_limit():
    return RateLimit("praxis-vorschlag", getattr(settings, "PRAXIS_PROPOSALS_PER_HOUR", 5), 60 * 60)


def _render(request, library, form, status=200, message=""):
    privacy = SiteConfiguration.for_request(request).privacy_page
    context = {
        "page": library,
        "self": library,
        "form": form,
        "message": message,
        "privacy_page": privacy if privacy is not None and privacy.live else None,
    }
    return TemplateResponse(request, "praxisbeispiele/proposal_form.html", context, status=status)


def propose(request, library):
    if request.method not in ("GET", "POST"):
        return TemplateResponse(
            request, "error.html", {"message": "Nur GET und POST.", "status": 405}, status=405
        )
    if request.method == "GET":
        return _render(request, library, ProposalForm())
    limit = proposal_limit()
    if limit.exceeded(request):
        response = _render(
            request,
            library,
            ProposalForm(request.POST),
            status=429,
            message="Von Ihrem Anschluss sind in der letzten Stunde schon mehrere Vorschläge gekommen. "
            "Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns eine E-Mail.",
        )
        response["Retry-After"] = "3600"
        return response
    form = ProposalForm(request.POST, request.FILES)
    if form.is_spam():
        limit.hit(request)
        return _render(
            request,
            library,
            ProposalForm(),
            status=400,
            message="Ihr Vorschlag konnte nicht angenommen werden. Bitte lassen Sie das Feld "
            "„Bitte dieses Feld leer lassen“ leer.",
        )
    if not form.is_valid():
        return _render(
            request,
            library,
            form,
            status=400,
            message="Bitte prüfen Sie Ihre Angaben: Einige Felder fehlen oder sind nicht richtig ausgefüllt.",
        )
    create_draft(library, form)
    limit.hit(request)
    return redirect(library.url + library.reverse_subpage("propose_thanks"))


def propose_thanks(request, library):
    return TemplateResponse(
        request, "praxisbeispiele/proposal_thanks.html", {"page": library, "self": library}
    )
