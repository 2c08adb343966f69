"""The public form "Praxisbeispiel vorschlagen": the structure of an example, simplified."""

import io

from django import forms
from PIL import Image as PILImage

from cms.content.leitbild import LEVEL_CHOICES
from cms.forms.fields import DOCUMENT_TYPES, IMAGE_TYPES, CheckedFileField, PlainTextField
from cms.forms.public import (
    Fieldset,
    PublicForm,
    consent_field,
    contact_email_field,
    contact_fieldset,
    contact_name_field,
    contact_phone_field,
)
from cms.forms.uploads import check_image
from cms.models import FieldOfEngagement, Municipality, Organisation, TargetGroup


class ProposalForm(PublicForm):
    title = PlainTextField(
        label="Titel des Beispiels",
        max_length=120,
        keep_newlines=False,
        help_text="Kurz und konkret, z. B. „Ferienwerkstatt gewinnt junge Mitglieder“.",
    )
    summary = PlainTextField(
        label="Kurzfassung",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Zwei, drei Sätze: Wer hat was erreicht?",
    )
    starting_point = PlainTextField(
        label="Ausgangslage",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Welches Problem oder welcher Wunsch stand am Anfang?",
    )
    steps = PlainTextField(
        label="Vorgehen",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Was haben Sie getan? Schreiben Sie jeden Schritt in eine eigene Zeile.",
    )
    result = PlainTextField(
        label="Ergebnis",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Was hat sich verändert?",
    )
    transferability = PlainTextField(
        label="Tipps für andere",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Freiwillig: Was können andere übernehmen? Worauf sollten sie achten?",
    )
    effort_time = PlainTextField(
        label="Zeitaufwand",
        max_length=200,
        required=False,
        keep_newlines=False,
        help_text="Freiwillig, z. B. „drei Monate, zwei Abende pro Woche“.",
    )
    effort_money = forms.DecimalField(
        label="Kosten in Euro",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
        help_text="Freiwillig, ungefähr, z. B. 1200.",
    )
    effort_people = forms.IntegerField(
        label="Beteiligte Personen", required=False, min_value=1, max_value=10000, help_text="Freiwillig."
    )
    levels = forms.MultipleChoiceField(
        label="Ebenen des Leitbilds",
        choices=LEVEL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Freiwillig. Wozu passt Ihr Beispiel?",
    )
    fields_of_engagement = forms.ModelMultipleChoiceField(
        label="Engagementbereiche",
        queryset=FieldOfEngagement.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Freiwillig. In welchen Bereichen spielt das Beispiel?",
    )
    target_groups = forms.ModelMultipleChoiceField(
        label="Zielgruppen",
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Freiwillig. Für wen ist es interessant?",
    )
    municipality = forms.ModelChoiceField(
        label="Gemeinde",
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="– bitte wählen –",
        help_text="Wo fand es statt?",
    )
    organisation_name = PlainTextField(
        label="Name Ihres Vereins, Ihrer Initiative oder Gemeinde",
        max_length=200,
        keep_newlines=False,
    )
    organisation_kind = forms.ChoiceField(
        label="Art der Organisation", choices=Organisation.Kind.choices, initial=Organisation.Kind.ASSOCIATION
    )
    organisation_website = forms.URLField(
        label="Website der Organisation",
        required=False,
        assume_scheme="https",
        help_text="Freiwillig, mit https://",
    )
    image = CheckedFileField(
        label="Ein Foto",
        required=False,
        allowed_types=IMAGE_TYPES,
        max_size="PRAXIS_UPLOAD_MAX_BYTES",
        help_text="Freiwillig. JPEG oder PNG, höchstens 5 MB. Nur Fotos, an denen Sie die Rechte haben und "
        "auf denen Abgebildete einverstanden sind.",
    )
    image_alt = PlainTextField(
        label="Was ist auf dem Foto zu sehen?",
        max_length=250,
        required=False,
        keep_newlines=False,
        help_text="Für Menschen, die das Bild nicht sehen können. Pflicht, wenn Sie ein Foto hochladen.",
    )
    material = CheckedFileField(
        label="Material zum Herunterladen",
        required=False,
        allowed_types=DOCUMENT_TYPES,
        max_size="PRAXIS_UPLOAD_MAX_BYTES",
        help_text="Freiwillig. Eine Checkliste, Vorlage oder ein Flyer: PDF, ODT oder DOCX, höchstens 5 MB.",
    )
    name = contact_name_field()
    email = contact_email_field()
    phone = contact_phone_field()
    consent = consent_field(
        "Ich bin einverstanden, dass meine Angaben zur Bearbeitung des Vorschlags gespeichert werden.",
        "Ohne Ihr Einverständnis können wir den Vorschlag nicht bearbeiten.",
    )

    fieldsets = (
        Fieldset(
            "Ihr Beispiel", ("title", "summary", "starting_point", "steps", "result", "transferability")
        ),
        Fieldset("Aufwand", ("effort_time", "effort_money", "effort_people")),
        Fieldset("Einordnung", ("municipality", "levels", "fields_of_engagement", "target_groups")),
        Fieldset("Wer hat es gemacht?", ("organisation_name", "organisation_kind", "organisation_website")),
        Fieldset("Foto und Material", ("image", "image_alt", "material")),
        contact_fieldset("Ihren Vorschlag"),
    )
    submit_label = "Vorschlag absenden"

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            try:
                check_image(upload)
            except forms.ValidationError:
                upload.seek(0)
                raise
            try:
                with PILImage.open(io.BytesIO(upload.read())) as picture:
                    picture.verify()
            except Exception:
                raise forms.ValidationError(
                    "Das Foto lässt sich nicht öffnen. Bitte eine andere Datei wählen."
                ) from None
            finally:
                upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", "Bitte beschreiben Sie kurz, was auf dem Foto zu sehen ist.")
        return cleaned

    def step_lines(self):
        return [
            line.strip(" -•\t") for line in self.cleaned_data["steps"].splitlines() if line.strip(" -•\t")
        ]
