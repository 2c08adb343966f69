"""The public registration form of a course run: only what the course needs."""

from django import forms

from cms.forms.fields import PlainTextField
from cms.forms.public import Fieldset, PublicForm, consent_field


class RegistrationForm(PublicForm):
    name = PlainTextField(
        label="Ihr Name",
        max_length=120,
        keep_newlines=False,
        error_messages={"required": "Bitte geben Sie Ihren Namen an."},
        help_text="Vor- und Nachname; so steht er auf der Teilnahmebescheinigung.",
    )
    email = forms.EmailField(
        label="Ihre E-Mail-Adresse",
        max_length=254,
        help_text="Dorthin schicken wir die Bestätigung mit Ihrem persönlichen Link zum Abmelden.",
    )
    organisation = PlainTextField(
        label="Verein oder Organisation",
        max_length=200,
        required=False,
        keep_newlines=False,
        help_text="z. B. „Heimatverein Clingen e. V.“",
    )
    phone = PlainTextField(
        label="Telefon",
        max_length=40,
        required=False,
        keep_newlines=False,
        help_text="Nur für kurzfristige Änderungen, z. B. wenn ein Termin ausfällt.",
    )
    accessibility_needs = PlainTextField(
        label="Brauchen Sie Unterstützung, um teilzunehmen?",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="z. B. Gebärdensprachdolmetschung, Induktionsschleife oder stufenloser Zugang.",
    )
    consent = consent_field(
        "Ich bin einverstanden, dass meine Angaben für die Durchführung des Kurses gespeichert werden. "
        "Sie werden spätestens ein halbes Jahr nach dem letzten Kurstermin gelöscht.",
        "Ohne Ihr Einverständnis können wir Ihre Anmeldung nicht annehmen.",
    )

    fieldsets = (
        Fieldset(
            "Ihre Angaben", ("name", "email", "organisation", "phone", "accessibility_needs", "consent")
        ),
    )
    submit_label = "Verbindlich anmelden"
