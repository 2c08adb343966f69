"""The form "Barriere melden": a route of the accessibility statement, reachable from every page's footer.

The footer link carries the current page as `?seite=/pfad/`; only a path of this site is taken over.
A report is stored, confirmed to the reporter (if an e-mail address was given) and announced to the
editors (setting BARRIER_REPORT_RECIPIENTS, else the group "Redaktion" and superusers). The answer is
due one month after receipt. Name and e-mail are erased BARRIER_REPORT_RETENTION_DAYS after a report was
closed (done or rejected); the report itself stays, without personal data.
The request sequence (honeypot, rate limit, error summary, thanks page), the German messages and the mails
to the editors are shared with the other public forms (cms.public_forms).
"""

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from barrierefreiheit.models import CLOSED_STATUSES, BarrierReport, answer_due
from cms import public_forms
from cms.forms import PlainTextField
from cms.privacy import retention_days
from cms.public_forms import PublicForm, PublicFormView, send_mails

RETENTION_LABEL = "Kontaktdaten zu Barrieremeldungen"
REPORTS_PER_HOUR = 5
EDITOR_GROUP = "Redaktion"
PATH_MAX_LENGTH = 500
SAME_SITE_ERROR = (
    "Bitte geben Sie eine Adresse auf dieser Website an, z. B. /kurse/. Barrieren auf anderen Websites "
    "melden Sie bitte dort."
)


def same_site_path(value, host):
    """A path of this site from `value` (a path or a full address on `host`); raises ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > PATH_MAX_LENGTH or any(ord(ch) < 32 or ch == "\\" for ch in value):
        raise ValueError(value)
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != (host or "").lower():
            raise ValueError(value)
        value = parts.path or "/"
        if parts.query:
            value += "?" + parts.query
    if not value.startswith("/") or value.startswith("//"):
        raise ValueError(value)
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={host}):
        raise ValueError(value)
    return value


class BarrierReportForm(PublicForm):
    """What went wrong, where, and (if the person wants an answer) how to reach them."""

    page_url = PlainTextField(
        label="Adresse der Seite",
        max_length=PATH_MAX_LENGTH,
        required=False,
        keep_newlines=False,
        help_text="Ist schon ausgefüllt, wenn Sie über den Link „Barriere melden“ gekommen sind. Sie können "
        "eine andere Seite dieser Website eintragen, z. B. /kurse/.",
    )
    description = PlainTextField(
        label="Was funktioniert nicht?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Beschreiben Sie in eigenen Worten, wo Sie nicht weitergekommen sind. Zum Beispiel: "
        "„Der Knopf Suchen wird vom Screenreader nicht vorgelesen.“",
    )
    assistive_technology = PlainTextField(
        label="Welche Hilfsmittel nutzen Sie?",
        max_length=300,
        required=False,
        keep_newlines=False,
        help_text="Zum Beispiel Screenreader, Bildschirmlupe, Sprachsteuerung oder nur die Tastatur. Das hilft "
        "uns, das Problem nachzustellen.",
    )
    name = PlainTextField(
        label="Ihr Name",
        max_length=120,
        required=False,
        keep_newlines=False,
        help_text="Damit wir Sie in unserer Antwort ansprechen können.",
    )
    email = forms.EmailField(
        label="Ihre E-Mail-Adresse",
        required=False,
        help_text="Nur nötig, wenn Sie eine Bestätigung und eine Antwort möchten.",
    )
    consent = forms.BooleanField(
        label="Ich bin einverstanden, dass mein Name und meine E-Mail-Adresse für die Antwort auf diese "
        "Meldung gespeichert werden.",
        required=False,
        help_text="Nur nötig, wenn Sie Name oder E-Mail-Adresse angeben.",
    )

    field_order = ["page_url", "description", "assistive_technology", "name", "email", "consent"]

    def __init__(self, *args, host="", **kwargs):
        self.host = host
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = "Bitte beschreiben Sie die Barriere."
        self.fields["email"].error_messages["invalid"] = (
            "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."
        )
        self.fields["consent"].conditional = True
        self.fields["page_url"].widget.attrs["autocomplete"] = "off"

    def clean_page_url(self):
        try:
            return same_site_path(self.cleaned_data.get("page_url", ""), self.host)
        except ValueError:
            raise ValidationError(SAME_SITE_ERROR, code="external") from None

    def clean(self):
        cleaned = super().clean()
        wants_contact = cleaned.get("email") or cleaned.get("name")
        if wants_contact and not cleaned.get("consent"):
            self.add_error(
                "consent",
                "Wenn Sie Name oder E-Mail-Adresse angeben, brauchen wir Ihr Einverständnis. Sie können die "
                "Felder auch leer lassen und die Barriere ohne Kontaktdaten melden.",
            )
        return cleaned


@transaction.atomic
def store_report(form):
    data = form.cleaned_data
    wants_contact = bool(data.get("email") or data.get("name"))
    report = BarrierReport.objects.create(
        page_url=data.get("page_url", ""),
        description=data["description"],
        assistive_technology=data.get("assistive_technology", ""),
        name=data.get("name", ""),
        email=data.get("email", ""),
        consent=wants_contact and bool(data.get("consent")),
    )
    transaction.on_commit(lambda: notify(report))
    return report


def editor_addresses():
    """BARRIER_REPORT_RECIPIENTS if set, else active members of "Redaktion" and superusers with an address."""
    configured = list(settings.BARRIER_REPORT_RECIPIENTS)
    return configured or public_forms.editor_addresses([EDITOR_GROUP])


def admin_url(report):
    from barrierefreiheit.wagtail_hooks import barrier_report_viewset

    return public_forms.admin_url(barrier_report_viewset.url("edit", report.pk))


def notify(report):
    """A notice to the editors and, if an address was given, a confirmation to the reporter."""
    due = f"{report.due_date:%d.%m.%Y}"
    days = retention_days("BARRIER_REPORT_RETENTION_DAYS")
    where = report.page_url or "(keine Seite angegeben)"
    contact = ", ".join(part for part in (report.name, report.email) if part) or "keine Kontaktdaten"
    editor_body = (
        "Guten Tag,\n\nüber die Website ist eine Barrieremeldung eingegangen.\n\n"
        f"Seite: {where}\n"
        f"Hilfsmittel: {report.assistive_technology or '(keine Angabe)'}\n"
        f"Kontakt: {contact}\n\n"
        f"Beschreibung:\n{report.description}\n\n"
        f"Die Antwort ist bis zum {due} fällig (ein Monat nach Eingang). Status und Notizen pflegen Sie hier:\n"
        f"{admin_url(report)}\n"
    )
    messages = [
        EmailMessage(f"Neue Barrieremeldung – Antwort fällig am {due}", editor_body, to=[address])
        for address in editor_addresses()
    ]
    if report.email:
        greeting = f"Guten Tag {report.name}," if report.name else "Guten Tag,"
        reporter_body = (
            f"{greeting}\n\nvielen Dank für Ihre Meldung einer Barriere auf unserer Website. Sie ist bei uns "
            f"angekommen. Wir prüfen sie und antworten Ihnen spätestens bis zum {due}.\n\n"
            f"Ihre Meldung:\nSeite: {where}\n{report.description}\n\n"
            "Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die Durchsetzungsstelle "
            "wenden; wie das geht, steht in unserer Erklärung zur Barrierefreiheit.\n\n"
            f"Ihren Namen und Ihre E-Mail-Adresse löschen wir {days} Tage, nachdem Ihre Meldung erledigt ist.\n\n"
            "Mit freundlichen Grüßen\nEhrenamtsagentur des Kyffhäuserkreises"
        )
        messages.append(
            EmailMessage("Ihre Barrieremeldung ist eingegangen", reporter_body, to=[report.email])
        )
    send_mails(messages, f"zur Barrieremeldung {report.pk}")


# --- retention --------------------------------------------------------------------------------------


def purge_reporter_data(now):
    """Erase name and e-mail of reports closed longer than the retention period; the report text stays."""
    cutoff = now - timedelta(days=retention_days("BARRIER_REPORT_RETENTION_DAYS"))
    expired = BarrierReport.objects.filter(
        status__in=CLOSED_STATUSES, closed_at__lte=cutoff, anonymised_at__isnull=True
    )
    return expired.update(name="", email="", consent=False, anonymised_at=now)


# --- views (routes of AccessibilityStatementPage: barriere-melden/ and barriere-melden/danke/) ---------


class ReportView(PublicFormView):
    """The form "Barriere melden"; a GET takes over the page it came from (``?seite=``) if it is of this site."""

    form_class = BarrierReportForm
    template_name = "barrierefreiheit/report_form.html"
    thanks_template = "barrierefreiheit/report_thanks.html"
    thanks_route = "report_thanks"
    rate_limit_name = "barriere-melden"
    rate_limit_setting = "BARRIER_REPORTS_PER_HOUR"
    rate_limit_per_hour = REPORTS_PER_HOUR
    too_many_message = (
        "Von Ihrem Anschluss sind in der letzten Stunde schon mehrere Meldungen gekommen. Bitte "
        "versuchen Sie es in einer Stunde noch einmal oder rufen Sie uns an."
    )
    spam_message = (
        "Ihre Meldung konnte nicht angenommen werden. Bitte lassen Sie das Feld „Bitte dieses Feld "
        "leer lassen“ leer."
    )

    def get_form_kwargs(self):
        return {"host": self.request.get_host()}

    def get_initial(self):
        try:
            page_url = same_site_path(self.request.GET.get("seite", ""), self.request.get_host())
        except ValueError:
            page_url = ""  # another site's address is not taken over
        return {"page_url": page_url}

    def get_context(self):
        return {"retention_days": retention_days("BARRIER_REPORT_RETENTION_DAYS")}

    def save(self, form):
        store_report(form)

    def thanks(self):
        from cms import pagecache

        # The page names a due date counted from today: a cached copy must not outlive the day.
        tomorrow = timezone.localdate() + timedelta(days=1)
        pagecache.valid_until(self.request, timezone.make_aware(datetime.combine(tomorrow, time.min)))
        return super().thanks()

    def get_thanks_context(self):
        return {"due_date": answer_due(timezone.now())}


report_view = ReportView.as_route()
thanks_view = ReportView.as_thanks_route()


# --- requests of one person (Art. 15 and 17 GDPR, cms.privacy) ----------------------------------------

PERSON_DATA_FIELDS = (
    "received_at",
    "page_url",
    "description",
    "assistive_technology",
    "name",
    "email",
    "status",
)


def _reports_of(email):
    return BarrierReport.objects.filter(email__iexact=email)


def _export_person(email):
    from cms.privacy import row_as_dict

    return [row_as_dict(report, PERSON_DATA_FIELDS) for report in _reports_of(email).order_by("pk")]


def _delete_person(email):
    """Name and e-mail are erased; the description of the barrier stays, without anyone's name."""
    return _reports_of(email).update(name="", email="", consent=False, anonymised_at=timezone.now())


def person_data_provider():
    from cms.privacy import PersonDataProvider

    return PersonDataProvider(
        label="Barrieremeldungen",
        find=lambda email: _reports_of(email).count(),
        export=_export_person,
        delete=_delete_person,
        permissions=("barrierefreiheit.view_barrierreport", "barrierefreiheit.change_barrierreport"),
    )
