"""Registration and the personal page to cancel (sub-routes of CourseRunPage)."""

from django.template.response import TemplateResponse

from cms.forms.public import PublicFormView, method_not_allowed
from cms.operations.errors import NotFoundQuery
from qualifizierung import catalogue as catalogue_service
from qualifizierung import services as service
from qualifizierung.forms import RegistrationForm
from termine import ical

INVALID_LINK = (
    "Dieser Link zum Abmelden ist ungültig. Bitte nutzen Sie den vollständigen Link aus Ihrer "
    "Bestätigungs-E-Mail oder wenden Sie sich an die Ehrenamtsagentur."
)


class RegistrationView(PublicFormView):
    """Registration for a course run; the registration service decides between a place and the waiting list."""

    form_class = RegistrationForm
    template_name = "qualifizierung/registration_form.html"
    method_message = "Diese Adresse nimmt nur GET und POST an."
    what = "Ihre Anmeldung"
    rate_limit_name = "kurs-anmeldung"
    rate_limit_setting = "COURSE_REGISTRATIONS_PER_HOUR"
    rate_limit_per_hour = 20
    too_many_message = (
        "Von Ihrem Anschluss kamen in der letzten Stunde schon viele Anmeldungen. Bitte versuchen "
        "Sie es später noch einmal oder rufen Sie die Ehrenamtsagentur an."
    )

    def get_context(self):
        run = self.page
        run.load_counts()
        return {"course": run.course, "closed_reason": run.closed_reason()}

    def save(self, form):
        data = form.cleaned_data
        try:
            result = service.register(
                self.page.pk,
                name=data["name"],
                email=data["email"],
                organisation=data.get("organisation", ""),
                phone=data.get("phone", ""),
                accessibility_needs=data.get("accessibility_needs", ""),
            )
        except service.RegistrationError as error:
            return self.render(form, status=error.status, message=str(error))
        self.token = result.token
        return None

    def get_success_url(self):
        """The personal page of the new registration (status and the button to cancel)."""
        return self.page.url + self.page.reverse_subpage("manage", args=[self.token]) + "?neu=1"


register = RegistrationView.as_route()


def _method_not_allowed(request):
    return method_not_allowed(request, RegistrationView.method_message)


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


def run_ical(request, page):
    return ical.event_feed_response(request, page)


def catalogue(request, page):
    """The course programme's catalogue with its filters (route of CourseProgrammePage)."""
    return page.render(request, context_overrides=catalogue_service.browse(page, request))
