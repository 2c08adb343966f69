"""The form "Barriere melden", its fields and checks (the view is in views.py, storing and mails in services.py).

This is the smallest public form: a new one starts as a copy of it. forms.py declares the fields, their
``fieldsets`` and the checks on a cms.forms.public.PublicForm (German messages, KERN classes, honeypot and
consent come from there), services.py stores and mails, views.py is a cms.forms.public.PublicFormView routed
by the page in models.py, the template extends cms/forms/form_page.html, and apps.py ready() registers
retention and personal data.
The footer link carries the current page as `?seite=/pfad/`; only a path of this site is taken over.
"""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from cms.forms.fields import PlainTextField
from cms.forms.public import Fieldset, PublicForm
from cms.privacy import retention_days

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
        error_messages={"required": "Bitte beschreiben Sie die Barriere."},
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
        error_messages={"invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."},
        help_text="Nur nötig, wenn Sie eine Bestätigung und eine Antwort möchten.",
    )
    consent = forms.BooleanField(
        label="Ich bin einverstanden, dass mein Name und meine E-Mail-Adresse für die Antwort auf diese "
        "Meldung gespeichert werden.",
        required=False,
        help_text="Nur nötig, wenn Sie Name oder E-Mail-Adresse angeben.",
    )

    conditional_fields = ("consent",)
    autocomplete = {"page_url": "off"}
    submit_label = "Barriere melden"

    def __init__(self, *args, host="", **kwargs):
        self.host = host
        super().__init__(*args, **kwargs)

    @property
    def fieldsets(self):
        days = retention_days("BARRIER_REPORT_RETENTION_DAYS")
        return (
            Fieldset("Die Barriere", ("page_url", "description", "assistive_technology")),
            Fieldset(
                "Wenn Sie eine Antwort möchten",
                ("name", "email", "consent"),
                "Name und E-Mail-Adresse sind freiwillig. Wir nutzen sie nur für die Antwort auf diese Meldung "
                f"und löschen sie, wenn die Meldung erledigt ist (nach einer Frist von {days} Tagen).",
            ),
        )

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
