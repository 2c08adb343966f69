"""Registration and the personal page to cancel (sub-routes of CourseRunPage)."""

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from cms.errors import NotFoundQuery
from cms.public_forms import live_privacy_page, method_not_allowed
from cms.ratelimit import RateLimit
from qualifizierung import registration as service
from qualifizierung.forms import RegistrationForm

INVALID_LINK = (
    "Dieser Link zum Abmelden ist ungültig. Bitte nutzen Sie den vollständigen Link aus Ihrer "
    "Bestätigungs-E-Mail oder wenden Sie sich an die Ehrenamtsagentur."
)


def registration_limit():
    return RateLimit("kurs-anmeldung", getattr(settings, "COURSE_REGISTRATIONS_PER_HOUR", 20), 60 * 60)


def _render_form(request, run, form, status=200, message=""):
    run.load_counts()
    context = {
        "page": run,
        "self": run,
        "course": run.course,
        "form": form,
        "message": message,
        "closed_reason": run.closed_reason(),
        "privacy_page": live_privacy_page(request),
    }
    return TemplateResponse(request, "qualifizierung/registration_form.html", context, status=status)


def _method_not_allowed(request):
    return method_not_allowed(request, "Diese Adresse nimmt nur GET und POST an.")


def register(request, run):
    if request.method not in ("GET", "POST"):
        return _method_not_allowed(request)
    if request.method == "GET":
        return _render_form(request, run, RegistrationForm())
    form = RegistrationForm(request.POST)
    limit = registration_limit()
    if limit.exceeded(request):
        response = _render_form(
            request,
            run,
            form,
            status=429,
            message="Von Ihrem Anschluss kamen in der letzten Stunde schon viele Anmeldungen. Bitte versuchen "
            "Sie es später noch einmal oder rufen Sie die Ehrenamtsagentur an.",
        )
        response["Retry-After"] = "3600"
        return response
    if form.is_spam():
        limit.hit(request)
        return _render_form(
            request,
            run,
            RegistrationForm(),
            status=400,
            message="Ihre Anmeldung konnte nicht angenommen werden. Bitte lassen Sie das Feld "
            "„Bitte dieses Feld leer lassen“ leer.",
        )
    if not form.is_valid():
        return _render_form(
            request,
            run,
            form,
            status=400,
            message="Bitte prüfen Sie Ihre Angaben: Einige Felder fehlen oder sind nicht richtig ausgefüllt.",
        )
    data = form.cleaned_data
    try:
        result = service.register(
            run.pk,
            name=data["name"],
            email=data["email"],
            organisation=data.get("organisation", ""),
            phone=data.get("phone", ""),
            accessibility_needs=data.get("accessibility_needs", ""),
        )
    except service.RegistrationError as error:
        return _render_form(request, run, form, status=error.status, message=str(error))
    limit.hit(request)
    return redirect(run.url + run.reverse_subpage("manage", args=[result.token]) + "?neu=1")


def manage(request, run, token):
    """The personal page of a registration: its status and the button to cancel."""
    if request.method not in ("GET", "POST"):
        return _method_not_allowed(request)
    registration = service.find(run, token)
    if registration is None:
        raise NotFoundQuery(INVALID_LINK)
    message = ""
    status = 200
    if request.method == "POST":
        try:
            registration = service.cancel(run.pk, token)
            message = "Sie sind abgemeldet. Wir haben Ihnen eine Bestätigung per E-Mail geschickt."
        except service.RegistrationError as error:
            message, status = str(error), error.status
    run.load_counts()
    context = {
        "page": run,
        "self": run,
        "course": run.course,
        "registration": registration,
        "message": message,
        "just_registered": request.GET.get("neu") == "1" and request.method == "GET",
        "sessions": run.sessions(),
    }
    response = TemplateResponse(request, "qualifizierung/registration_manage.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"  # the token never leaves the site in a Referer
    return response
