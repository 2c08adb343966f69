"""The fields of the public form "Veranstaltung melden" (store, mail and workflow: ``netzwerk.services``)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.forms.fields import PlainTextField
from cms.forms.public import (
    Fieldset,
    PublicForm,
    consent_field,
    contact_email_field,
    contact_fieldset,
    contact_name_field,
    contact_phone_field,
)
from cms.models import Municipality, TargetGroup, Venue
from netzwerk.models import EventCategory
from termine import dates
from termine.models import AttendanceMode, DateRule, Frequency

MAX_REPEAT_DAYS = 366
MAX_DAYS_AHEAD = 2 * 366

COST_CHOICES = [("frei", "Nein, die Teilnahme ist kostenlos"), ("kosten", "Ja, die Teilnahme kostet etwas")]


class SubmissionForm(PublicForm):
    """What the calendar needs to know about an event, and who to ask about it."""

    title = PlainTextField(
        label="Titel der Veranstaltung",
        max_length=120,
        keep_newlines=False,
        help_text="Kurz und aussagekräftig, z. B. „Sommerfest des Heimatvereins Clingen“.",
    )
    description = PlainTextField(
        label="Beschreibung",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Was erwartet die Gäste? Die ersten Sätze erscheinen in der Terminliste.",
    )
    start_date = forms.DateField(
        label="Datum",
        help_text="Der (erste) Tag der Veranstaltung.",
    )
    all_day = forms.BooleanField(
        label="Ganztägig (ohne Uhrzeit)",
        required=False,
        help_text="Ankreuzen, wenn die Veranstaltung den ganzen Tag dauert; dann bleiben die Uhrzeiten leer.",
    )
    start_time = forms.TimeField(
        label="Beginn",
        required=False,
        help_text="Uhrzeit des Beginns, z. B. 18:00. Nur bei ganztägigen Veranstaltungen leer lassen.",
    )
    end_time = forms.TimeField(
        label="Ende",
        required=False,
        help_text="Uhrzeit des Endes, z. B. 20:00.",
    )
    end_date = forms.DateField(
        label="Letzter Tag",
        required=False,
        help_text="Nur bei mehrtägigen Veranstaltungen, z. B. einem Fest von Freitag bis Sonntag.",
    )
    repeat_weekly = forms.BooleanField(
        label="Jede Woche am selben Wochentag wiederholen",
        required=False,
        help_text="Für regelmäßige Treffen, z. B. jeden Dienstag. Andere Rhythmen richtet die Redaktion ein.",
    )
    repeat_until = forms.DateField(
        label="Wiederholen bis",
        required=False,
        help_text="Pflicht bei Wiederholung: letzter möglicher Termin der Reihe, höchstens ein Jahr nach dem ersten.",
    )
    attendance_mode = forms.ChoiceField(
        label="Wie nimmt man teil?",
        choices=AttendanceMode.choices,
        initial=AttendanceMode.OFFLINE,
        widget=forms.RadioSelect,
        help_text="Vor Ort, online oder beides.",
    )
    venue = forms.ModelChoiceField(
        label="Veranstaltungsort aus der Liste",
        queryset=Venue.objects.filter(reviewed=True),  # typed-in venues appear once an editor published them
        required=False,
        empty_label="– Ort nicht in der Liste –",
        help_text="Orte, die schon im Kalender stehen. Fehlt Ihr Ort, tragen Sie ihn darunter ein.",
    )
    venue_text = PlainTextField(
        label="Anderer Ort: Name und Anschrift",
        max_length=200,
        required=False,
        keep_newlines=False,
        help_text="z. B. „Dorfgemeinschaftshaus, Hauptstraße 3, 99713 Ebeleben“.",
    )
    online_url = forms.URLField(
        label="Adresse der Online-Veranstaltung",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Mit https://. Pflicht, wenn man online teilnimmt.",
    )
    municipality = forms.ModelChoiceField(
        label="Gemeinde",
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="– bitte wählen –",
        help_text="In welcher Gemeinde des Kreises findet die Veranstaltung statt?",
    )
    organiser_name = PlainTextField(
        label="Veranstalter",
        max_length=200,
        keep_newlines=False,
        help_text="Der Verein, die Initiative oder die Gemeinde, die einlädt.",
    )
    category = forms.ModelChoiceField(
        label="Art der Veranstaltung",
        queryset=EventCategory.objects.all(),
        required=False,
        empty_label="– bitte wählen –",
        help_text="Danach filtert der Kalender.",
    )
    target_groups = forms.ModelMultipleChoiceField(
        label="Für wen?",
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Freiwillig. Für wen ist die Veranstaltung gedacht?",
    )
    costs = forms.ChoiceField(
        label="Kostet die Teilnahme etwas?",
        choices=COST_CHOICES,
        initial="frei",
        widget=forms.RadioSelect,
    )
    cost = PlainTextField(
        label="Kosten",
        max_length=200,
        required=False,
        keep_newlines=False,
        help_text="Pflicht, wenn etwas zu zahlen ist, z. B. „5 Euro, ermäßigt 3 Euro“.",
    )
    registration_text = PlainTextField(
        label="Anmeldung",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Freiwillig, z. B. „Anmeldung bis 1. März bei Frau Sommer, Telefon 03632 1234“. "
        "Leer: keine Anmeldung nötig.",
    )
    registration_url = forms.URLField(
        label="Adresse für die Online-Anmeldung",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Freiwillig, mit https://.",
    )
    name = contact_name_field()
    email = contact_email_field()
    phone = contact_phone_field()
    consent = consent_field(
        "Ich bin einverstanden, dass meine Angaben zur Bearbeitung der Meldung gespeichert werden.",
        "Ohne Ihr Einverständnis können wir die Meldung nicht bearbeiten.",
    )

    fieldsets = (
        Fieldset(
            "Ihre Veranstaltung", ("title", "description", "organiser_name", "category", "target_groups")
        ),
        Fieldset(
            "Wann?",
            ("start_date", "all_day", "start_time", "end_time", "end_date", "repeat_weekly", "repeat_until"),
        ),
        Fieldset("Wo?", ("attendance_mode", "venue", "venue_text", "online_url", "municipality")),
        Fieldset("Kosten und Anmeldung", ("costs", "cost", "registration_text", "registration_url")),
        contact_fieldset("Ihre Meldung"),
    )
    # Required depending on other answers (their help texts say when): no "(freiwillig)" in the label.
    conditional_fields = ("start_time", "venue", "venue_text", "online_url", "cost", "repeat_until")
    submit_label = "Veranstaltung melden"

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        start = cleaned.get("start_date")
        if start is not None:
            if start < today:
                self.add_error("start_date", "Das Datum liegt in der Vergangenheit.")
            elif start > today + timedelta(days=MAX_DAYS_AHEAD):
                self.add_error(
                    "start_date", "Bitte melden Sie Veranstaltungen höchstens zwei Jahre im Voraus."
                )
        if cleaned.get("repeat_weekly"):
            until = cleaned.get("repeat_until")
            if until is None and "repeat_until" not in self.errors:
                self.add_error(
                    "repeat_until", "Bitte geben Sie an, bis wann sich die Veranstaltung wiederholt."
                )
            elif until and start and until > start + timedelta(days=MAX_REPEAT_DAYS):
                self.add_error(
                    "repeat_until",
                    "Eine Wiederholung kann höchstens ein Jahr umfassen. Längere Reihen richtet die Redaktion ein.",
                )
        mode = cleaned.get("attendance_mode")
        if (
            mode
            and mode != AttendanceMode.OFFLINE
            and not cleaned.get("online_url")
            and "online_url" not in self.errors
        ):
            self.add_error("online_url", "Bitte geben Sie die Adresse an, unter der man online teilnimmt.")
        if mode and mode != AttendanceMode.ONLINE and not (cleaned.get("venue") or cleaned.get("venue_text")):
            self.add_error(
                "venue_text", "Bitte wählen Sie einen Ort aus der Liste oder tragen Sie ihn hier ein."
            )
        if cleaned.get("costs") == "kosten" and not cleaned.get("cost"):
            self.add_error("cost", "Bitte geben Sie an, was die Teilnahme kostet.")
        if start is not None and not self.errors:
            self._check_rule()
        return cleaned

    def rule_data(self) -> dict:
        """The date rule as DateRule fields (validated in ``clean`` like the editors' form)."""
        data = self.cleaned_data
        all_day = bool(data.get("all_day"))
        rule = {
            "start_date": data["start_date"],
            "start_time": None if all_day else data.get("start_time"),
            "end_date": data.get("end_date"),
            "end_time": None if all_day else data.get("end_time"),
            "all_day": all_day,
        }
        if data.get("repeat_weekly"):
            rule.update(
                frequency=Frequency.WEEKLY,
                weekdays=dates.WEEKDAY_CODES[data["start_date"].weekday()],
                until=data.get("repeat_until"),
            )
        return rule

    RULE_FIELDS = {"until": "repeat_until", "weekdays": "repeat_weekly", "frequency": "repeat_weekly"}

    def _check_rule(self):
        rule = DateRule(**self.rule_data())
        try:
            rule.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                field = self.RULE_FIELDS.get(name, name)
                if field not in self.fields:
                    field = None
                for message in messages:
                    self.add_error(field, message)
