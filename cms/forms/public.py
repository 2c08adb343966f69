"""What every public form shares: German messages and KERN classes, the request sequence, mails, workflow.

The forms "Veranstaltung melden" (netzwerk), "Praxisbeispiel vorschlagen" (praxisbeispiele), "Barriere
melden" (barrierefreiheit) and the course registration (qualifizierung) are built on these pieces; each app
keeps only its fields, its checks, what it stores and its texts (``cms`` imports no app):

- ``PublicForm``: the honeypot form (``cms.forms.fields.HoneypotForm``) with German default messages (also
  for dates, times, addresses and e-mail), the KERN classes on every widget, date and time inputs of the
  browser, ``autocomplete`` on name, e-mail, telephone and organisation, and ``conditional`` on the fields
  a form names in ``conditional_fields``. A form says in ``fieldsets`` how its page groups the fields;
  ``contact_*_field``, ``consent_field`` and ``contact_fieldset`` give the usual contact part.
- ``PublicFormView``: one request to a form route of a page: GET shows the empty form, POST goes through
  rate limit (429 with ``Retry-After``), honeypot (400, counted), validation (400 with the error summary),
  then ``save`` and a redirect to the thanks route. HEAD answers like GET without a body, OPTIONS names the accepted methods in ``Allow``, other methods get a German 405 with the same ``Allow``.
- ``editor_addresses``, ``admin_url``, ``send_mails``, ``send_notice_and_receipt`` and ``start_workflow``:
  notifying the editors (one mail each: ``one_notice_per_submission`` keeps Wagtail's own notices from
  repeating it) and starting the moderation workflow of a submitted draft; ``rejection_reason`` and
  ``decision_text`` for the mail that tells the submitter of the editors' decision.

A form page extends ``cms/forms/form_page.html`` (error summary, the fieldsets, consent with the privacy
link, honeypot, submit button); its thanks page extends ``components/thanks.html``.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.admin.signal_handlers import task_submission_email_notifier
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted

from cms.forms.fields import HONEYPOT_HINT, HoneypotForm, PlainTextField
from cms.forms.ratelimit import RateLimit
from cms.models import FORM_METHODS, SiteConfiguration

logger = logging.getLogger(__name__)

REQUIRED = "Bitte füllen Sie dieses Feld aus."
MAX_LENGTH = "Bitte kürzen Sie auf höchstens %(limit_value)d Zeichen."
INVALID_CHOICE = "Bitte wählen Sie eine der Möglichkeiten."
INVALID_LIST_CHOICE = "Bitte wählen Sie einen Eintrag aus der Liste."
EMAIL_REQUIRED = "Bitte geben Sie Ihre E-Mail-Adresse an."
EMAIL_INVALID = "Bitte geben Sie eine gültige E-Mail-Adresse an."
DATE_INVALID = "Bitte geben Sie ein Datum an, z. B. 24.12.2026."
TIME_INVALID = "Bitte geben Sie eine Uhrzeit an, z. B. 18:00."
URL_INVALID = "Bitte geben Sie eine vollständige Adresse an, z. B. https://www.verein.de/."
INVALID_FORM = "Bitte prüfen Sie Ihre Angaben: Einige Felder fehlen oder sind nicht richtig ausgefüllt."
AUTOCOMPLETE = {"name": "name", "email": "email", "phone": "tel", "organisation": "organization"}
# field class -> (input type of the browser, the format it sends)
BROWSER_INPUTS = {forms.DateField: ("date", "%Y-%m-%d"), forms.TimeField: ("time", "%H:%M")}


def _has_own_message(field, key) -> bool:
    """True when the field was declared with its own message for ``key`` (not Django's default)."""
    for cls in type(field).__mro__:
        default = getattr(cls, "default_error_messages", {}).get(key)
        if default is not None:
            return str(field.error_messages.get(key, "")) != str(default)
    return key in field.error_messages


@dataclass(frozen=True)
class Fieldset:
    """A group of fields on a form page: a legend, the field names and an optional sentence under the legend."""

    legend: str
    fields: tuple[str, ...]
    intro: str = ""


class PublicForm(HoneypotForm):
    """A public form in German and KERN markup; subclasses declare fields, ``fieldsets`` and their own checks.

    A message given in a field's ``error_messages`` is kept; every other field gets the German default.
    """

    fieldsets: tuple[Fieldset, ...] = ()  # the groups of the page, in order (cms/forms/form_page.html)
    conditional_fields: tuple[str, ...] = ()  # required depending on other answers: no "(freiwillig)"
    autocomplete: dict[str, str] = {}  # more autocomplete tokens than AUTOCOMPLETE, by field name
    submit_label = "Absenden"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self._german_messages(field)
            self._browser_input(field)
            self._kern_class(field.widget)
            token = self.autocomplete.get(name, AUTOCOMPLETE.get(name))
            if token:
                field.widget.attrs["autocomplete"] = token
            if name in self.conditional_fields:
                field.conditional = True
        if "phone" in self.fields:
            self.fields["phone"].widget.input_type = "tel"

    def order_fields(self, field_order):
        """Without a ``field_order``, the order of the fieldsets (the page and its error summary agree)."""
        if field_order is None:
            field_order = [name for group in self.fieldsets for name in group.fields]
        super().order_fields(field_order)

    def bound_fieldsets(self):
        """The fieldsets with their bound fields, for the template."""
        return [
            {"legend": group.legend, "intro": group.intro, "fields": [self[name] for name in group.fields]}
            for group in self.fieldsets
        ]

    @staticmethod
    def _german_messages(field):
        def default(key, message):
            if not _has_own_message(field, key):
                field.error_messages[key] = message

        default("required", EMAIL_REQUIRED if isinstance(field, forms.EmailField) else REQUIRED)
        if isinstance(field, forms.ModelChoiceField):
            field.error_messages["invalid_choice"] = INVALID_LIST_CHOICE
        elif isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = INVALID_CHOICE
        if isinstance(field, PlainTextField):
            field.error_messages["max_length"] = MAX_LENGTH
        invalid = {
            forms.EmailField: EMAIL_INVALID,
            forms.URLField: URL_INVALID,
            forms.DateField: DATE_INVALID,
            forms.TimeField: TIME_INVALID,
        }
        for kind, message in invalid.items():
            if isinstance(field, kind):
                default("invalid", message)

    @staticmethod
    def _browser_input(field):
        for kind, (input_type, value_format) in BROWSER_INPUTS.items():
            if isinstance(field, kind) and not field.widget.is_hidden:
                field.widget.input_type = input_type
                field.widget.format = value_format

    @staticmethod
    def _kern_class(widget):
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
            return  # components/form_field.html writes each choice itself
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "kern-form-check__checkbox"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "kern-form-input__select"
        else:
            widget.attrs["class"] = "kern-form-input__input"


def contact_name_field():
    """The submitter's name, required, only for questions from the editors."""
    return PlainTextField(
        label="Ihr Name", max_length=120, keep_newlines=False, help_text="Nur für Rückfragen der Redaktion."
    )


def contact_email_field():
    """The submitter's e-mail address for the confirmation and questions."""
    return forms.EmailField(
        label="Ihre E-Mail-Adresse",
        help_text="Wir schicken Ihnen eine Bestätigung und melden uns bei Rückfragen.",
    )


def contact_phone_field():
    """The submitter's telephone number, optional."""
    return PlainTextField(
        label="Ihre Telefonnummer",
        max_length=40,
        required=False,
        keep_newlines=False,
        help_text="Freiwillig.",
    )


def consent_field(label, refusal):
    """The required consent checkbox; ``refusal`` is the message when it is not ticked."""
    return forms.BooleanField(label=label, error_messages={"required": refusal})


def contact_fieldset(about: str) -> Fieldset:
    """The last group of a form with contact fields and consent; ``about`` ends the sentence "… gelöscht
    nach der Entscheidung über …", e.g. "Ihre Meldung"."""
    return Fieldset(
        "Ihre Kontaktdaten",
        ("name", "email", "phone", "consent"),
        "Nur für Rückfragen der Redaktion; sie werden nicht veröffentlicht und nach der Entscheidung über "
        f"{about} gelöscht.",
    )


def live_privacy_page(request):
    """The privacy page of the site settings if it is live (the consent checkbox links to it), else None."""

    privacy = SiteConfiguration.for_request(request).privacy_page
    return privacy if privacy is not None and privacy.live else None


ALLOW = ", ".join(FORM_METHODS)


def method_not_allowed(request, message="Nur GET und POST."):
    response = TemplateResponse(request, "error.html", {"message": message, "status": 405}, status=405)
    response["Allow"] = ALLOW
    return response


def without_body_for_head(request, response):
    """HEAD gets the headers of GET (its length included) and no body."""
    if request.method != "HEAD":
        return response
    if hasattr(response, "render"):
        response.render()
    length = len(response.content)
    response.content = b""
    response["Content-Length"] = str(length)
    return response


class PublicFormView:
    """One request to the form route of ``page``; a subclass names its form, template, texts and ``save``.

    Used as route functions: ``submit = SubmissionView.as_route()`` and ``submit(request, page)`` for the
    form, ``submit_thanks = SubmissionView.as_thanks_route()`` for its thanks page (``thanks_template``).
    """

    form_class: type[PublicForm]
    template_name = ""
    thanks_template = ""  # extends components/thanks.html
    thanks_route = ""  # the name of the page's thanks route (RoutablePageMixin)
    rate_limit_name = ""
    rate_limit_setting = ""  # the setting with the number of submissions per hour
    rate_limit_per_hour = 5
    what = ""  # the subject of the German messages: "Ihre Meldung", "Ihr Vorschlag", "Ihre Anmeldung"
    too_many_message = ""
    invalid_message = INVALID_FORM
    method_message = "Nur GET und POST."

    def __init__(self, request, page):
        self.request = request
        self.page = page

    @property
    def spam_message(self) -> str:
        return (
            f"{self.what} konnte nicht angenommen werden. Bitte lassen Sie das Feld „{HONEYPOT_HINT}“ leer."
        )

    @classmethod
    def as_route(cls):
        def route(request, page):
            return cls(request, page).dispatch()

        route.view_class = cls
        route.__doc__ = cls.__doc__
        return route

    @classmethod
    def as_thanks_route(cls):
        def route(request, page):
            return cls(request, page).thanks()

        route.view_class = cls
        return route

    def thanks(self):
        """The thanks page after a valid form (reached by the redirect)."""
        context = {"page": self.page, "self": self.page, **self.get_thanks_context()}
        return TemplateResponse(self.request, self.thanks_template, context)

    def get_thanks_context(self) -> dict:
        """More context for the thanks template."""
        return {}

    def rate_limit(self) -> RateLimit:
        per_hour = (
            getattr(settings, self.rate_limit_setting)
            if self.rate_limit_setting
            else self.rate_limit_per_hour
        )
        return RateLimit(self.rate_limit_name, per_hour, 60 * 60)

    def get_form_kwargs(self) -> dict:
        return {}

    def get_initial(self) -> dict:
        """The initial values of the empty form (GET)."""
        return {}

    def get_form(self, data=None, files=None, **kwargs):
        return self.form_class(data, files, **self.get_form_kwargs(), **kwargs)

    def get_context(self) -> dict:
        """More context for the form template."""
        return {}

    def render(self, form, status=200, message=""):
        context = {
            "page": self.page,
            "self": self.page,
            "form": form,
            "message": message,
            "privacy_page": live_privacy_page(self.request),
            **self.get_context(),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def save(self, form):
        """Store what was sent (the form is valid); a response returned here is sent instead of the redirect
        (e.g. the form again with a German message) and does not count towards the rate limit."""
        raise NotImplementedError

    def get_success_url(self) -> str:
        """Where a stored form leads: by default the thanks route of the page."""
        return self.page.url + self.page.reverse_subpage(self.thanks_route)

    def dispatch(self):
        request = self.request
        if request.method not in FORM_METHODS:
            return method_not_allowed(request, self.method_message)
        if request.method in ("GET", "HEAD"):
            return without_body_for_head(request, self.render(self.get_form(initial=self.get_initial())))
        limit = self.rate_limit()
        hit = limit.acquire(request)  # counted at once (atomic): parallel posts cannot pass together
        if not hit.allowed:
            response = self.render(self.get_form(request.POST), status=429, message=self.too_many_message)
            response["Retry-After"] = "3600"
            return response
        form = self.get_form(request.POST, request.FILES)
        if form.is_spam():
            return self.render(self.get_form(), status=400, message=self.spam_message)
        if not form.is_valid():
            limit.release(hit)  # a form to correct does not use up the allowance
            return self.render(form, status=400, message=self.invalid_message)
        refused = self.save(form)
        if refused is not None:
            limit.release(hit)
            return refused
        return redirect(self.get_success_url())


# --- telling the editors ----------------------------------------------------------------------------


def editor_addresses(groups) -> list[str]:
    """The e-mail addresses of active superusers and active members of ``groups``, each once, sorted."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(is_superuser=True) | Q(groups__name__in=groups))
        .distinct()
        .order_by("email")
    )
    return list(dict.fromkeys(user.email for user in users))


def admin_url(path: str) -> str:
    """A full address in the admin for a mail (WAGTAILADMIN_BASE_URL + path)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_mails(messages, about: str) -> None:
    """Send the messages through Django's mail API; a failure is logged, never shown to the citizen.

    ``about`` completes the log line "E-Mails … konnten nicht gesendet werden.", e.g. "zum Vorschlag 12".
    """
    try:
        get_connection().send_messages(messages)
    except Exception:
        logger.exception("E-Mails %s konnten nicht gesendet werden.", about)


def send_notice_and_receipt(
    editors, notice: tuple[str, str], receipt: tuple[str, str, str] | None, about: str
):
    """One notice (subject, body) to each editor address and the receipt (subject, body, address) to the
    person who sent the form; after a public submission these are the only mails about it (``start_workflow``)."""
    messages = [EmailMessage(notice[0], notice[1], to=[address]) for address in dict.fromkeys(editors)]
    if receipt is not None:
        subject, body, address = receipt
        messages.append(EmailMessage(subject, body, to=[address]))
    send_mails(messages, about)


# --- the moderation workflow -------------------------------------------------------------------------

# True while a public form starts the workflow of its draft: the app has written its own notice to every
# editor (with the submitter's details), so Wagtail's "submitted" notice would be the second mail about it.
_public_submission = ContextVar("public_submission", default=False)


def start_workflow(page, what: str) -> None:
    """Start the moderation workflow of a submitted draft; ``what`` names it in the log ("die Meldung")."""
    workflow = page.get_workflow()
    if workflow is None:
        logger.warning("Kein Workflow für %s: %s bleibt ein Entwurf.", page.url_path, what)
        return
    started = _public_submission.set(True)
    try:
        workflow.start(page, None)
    finally:
        _public_submission.reset(started)


class _UnlessPublicSubmission:
    """Wagtail's notice to the approvers of a task, left out while a public form starts the workflow."""

    def __init__(self, notifier):
        self.notifier = notifier

    def __call__(self, instance=None, **kwargs):
        if _public_submission.get():
            return False
        return self.notifier(instance=instance, **kwargs)


def _without_second_notice(**kwargs):
    """In place of Wagtail's notice "submitted to the workflow", which reached superusers a second time:
    the notice of the first task already goes to its approvers and to the superusers."""
    return False


def one_notice_per_submission() -> None:
    """One mail per editor per submission (called in CmsConfig.ready, in either order with Wagtail's admin app):
    the task notice is kept for editors' own submissions and for a workflow's later tasks, the workflow notice
    goes. Both receivers take Wagtail's dispatch_uid, so Wagtail's own connect is a no-op after this."""

    for signal, sender, uid, receiver in (
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            _UnlessPublicSubmission(task_submission_email_notifier),
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            _without_second_notice,
        ),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(receiver, sender=sender, dispatch_uid=uid, weak=False)


# --- telling the submitter of the editors' decision --------------------------------------------------


def rejection_reason(workflow_state) -> str:
    """What the editor wrote when rejecting (the comment of the rejected task), or ""."""
    task_state = workflow_state.current_task_state
    return (task_state.specific.get_comment() or "").strip() if task_state is not None else ""


def decision_text(*, published_url: str = "", reason: str = "") -> str:
    """The middle of the mail about a decision: the public link, or the editor's reason for declining."""
    if published_url:
        return f"Sie ist jetzt veröffentlicht:\n{published_url}"
    said = (
        f"Die Redaktion schreibt dazu:\n{reason}"
        if reason
        else "Eine Begründung hat die Redaktion nicht angegeben."
    )
    return f"Die Redaktion hat sie nicht veröffentlicht. {said}\n\nBei Fragen antworten Sie gern auf diese E-Mail."
