"""The public registration form of a course run: only what the course needs."""

from django import forms

from cms.forms.fields import HoneypotForm, PlainTextField


class RegistrationForm(HoneypotForm):
    name = PlainTextField(
        label="Ihr Name",
        max_length=120,
        keep_newlines=False,
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
    consent = forms.BooleanField(
        label="Ich bin einverstanden, dass meine Angaben für die Durchführung des Kurses gespeichert werden. "
        "Sie werden spätestens ein halbes Jahr nach dem letzten Kurstermin gelöscht.",
        error_messages={"required": "Ohne Ihr Einverständnis können wir Ihre Anmeldung nicht annehmen."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Bitte geben Sie Ihren Namen an."
        self.fields["email"].error_messages["required"] = "Bitte geben Sie Ihre E-Mail-Adresse an."
        self.fields["email"].error_messages["invalid"] = "Bitte geben Sie eine gültige E-Mail-Adresse an."
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        for name, field in self.fields.items():
            css = "kern-form-check__checkbox" if name == "consent" else "kern-form-input__input"
            if isinstance(field.widget, forms.Textarea):
                css = "kern-form-input__input kern-form-input__textarea"
            field.widget.attrs.setdefault("class", css)
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"
