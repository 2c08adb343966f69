"""The public form "Veranstaltung melden": associations report an event, editors decide.

A submission becomes a *draft* EventPage (never live) under the calendar, with one date rule (a single
date, several whole days, or a simple weekly repetition), and enters the site-wide moderation workflow.
Every text is stored as plain text (``cms.forms.PlainTextField``); the description is escaped before it
becomes a paragraph block. The submitter's contact data is kept apart in ``EventSubmission`` and deleted
by ``manage.py purge_personal_data`` after the retention period (see ``netzwerk.submission_models``).
The request sequence (honeypot, rate limit, error summary, thanks page), the German messages and the mails
to the editors are shared with the other public forms (``cms.public_forms``).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cms.forms import PlainTextField
from cms.models import Municipality, Organisation, TargetGroup, Venue
from cms.public_forms import (
    PublicForm,
    PublicFormView,
    admin_url,
    contact_email_field,
    contact_name_field,
    contact_phone_field,
    editor_addresses,
    send_mails,
    start_workflow,
)
from netzwerk.events import create_event
from netzwerk.models import EventCategory
from netzwerk.submission_models import EventSubmission, retention_days
from termine import dates
from termine.models import AttendanceMode, DateRule, Frequency

EDITOR_GROUPS = ["Redaktion", "Freigabe"]
SUBMISSIONS_PER_HOUR = 5
MAX_REPEAT_DAYS = 366
MAX_DAYS_AHEAD = 2 * 366
TEASER_LENGTH = 300

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
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Uhrzeit des Beginns, z. B. 18:00. Nur bei ganztägigen Veranstaltungen leer lassen.",
    )
    end_time = forms.TimeField(
        label="Ende",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Uhrzeit des Endes, z. B. 20:00.",
    )
    end_date = forms.DateField(
        label="Letzter Tag",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        queryset=Venue.objects.all(),
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
    consent = forms.BooleanField(
        label="Ich bin einverstanden, dass meine Angaben zur Bearbeitung der Meldung gespeichert werden.",
        error_messages={"required": "Ohne Ihr Einverständnis können wir die Meldung nicht bearbeiten."},
    )

    # The order of the page (and of the error summary above the form).
    field_order = [
        "title",
        "description",
        "organiser_name",
        "category",
        "target_groups",
        "start_date",
        "all_day",
        "start_time",
        "end_time",
        "end_date",
        "repeat_weekly",
        "repeat_until",
        "attendance_mode",
        "venue",
        "venue_text",
        "online_url",
        "municipality",
        "costs",
        "cost",
        "registration_text",
        "registration_url",
        "name",
        "email",
        "phone",
        "consent",
    ]

    DATE_ERROR = "Bitte geben Sie ein Datum an, z. B. 24.12.2026."
    TIME_ERROR = "Bitte geben Sie eine Uhrzeit an, z. B. 18:00."
    URL_ERROR = "Bitte geben Sie eine vollständige Adresse an, z. B. https://www.verein.de/anmeldung."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = self.DATE_ERROR
            elif isinstance(field, forms.TimeField):
                field.error_messages["invalid"] = self.TIME_ERROR
            elif isinstance(field, forms.URLField):
                field.error_messages["invalid"] = self.URL_ERROR
        # Required depending on other answers (their help texts say when): no "(freiwillig)" in the label.
        for name in ("start_time", "venue", "venue_text", "online_url", "cost", "repeat_until"):
            self.fields[name].conditional = True
        self.fields["online_url"].widget.input_type = "url"
        self.fields["registration_url"].widget.input_type = "url"

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


# --- creating the draft ---------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def description_blocks(text: str) -> list[dict]:
    """Plain text as one paragraph block: every character escaped, lines kept as line breaks."""
    html = "".join(
        "<p>" + "<br/>".join(escape(line) for line in block.splitlines()) + "</p>"
        for block in paragraphs(text)
    )
    return [{"type": "paragraph", "value": html}] if html else []


def teaser_from(text: str) -> str:
    """The first paragraph, shortened at a word boundary to fit the teaser (300 characters)."""
    first = " ".join((paragraphs(text) or [""])[0].split())
    if len(first) <= TEASER_LENGTH:
        return first
    return first[: TEASER_LENGTH - 2].rsplit(" ", 1)[0] + " …"


def organisation_named(name: str, municipality) -> Organisation:
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name, kind=Organisation.Kind.ASSOCIATION, municipality=municipality
        )
    return organisation


POSTCODE_TOWN = re.compile(r"^(\d{5})\s+(.+)$")


def venue_named(text: str, municipality) -> Venue:
    """An existing venue of that name, or a new one the editors complete (address, accessibility).

    "Dorfgemeinschaftshaus, Hauptstraße 3, 99713 Ebeleben" becomes name, street, postcode and town.
    """
    parts = [part.strip() for part in text.split(",") if part.strip()] or [text]
    name = parts[0][:200]
    venue = Venue.objects.filter(Q(name__iexact=text) | Q(name__iexact=name)).first()
    if venue is not None:
        return venue
    postcode = town = ""
    rest = parts[1:]
    if rest and (match := POSTCODE_TOWN.match(rest[-1])):
        postcode, town = match.group(1), match.group(2)[:100]
        rest = rest[:-1]
    return Venue.objects.create(
        name=name,
        street=", ".join(rest)[:200],
        postcode=postcode,
        town=town,
        municipality=municipality,
    )


@transaction.atomic
def create_draft(calendar_page, form):
    """The draft event (never live), the submitter's data apart, the workflow started, e-mails after commit."""
    data = form.cleaned_data
    municipality = data.get("municipality")
    mode = data["attendance_mode"]
    venue = None
    if mode != AttendanceMode.ONLINE:
        venue = data.get("venue") or venue_named(data["venue_text"], municipality)
    is_free = data["costs"] == "frei"
    page = create_event(
        calendar_page,
        title=data["title"],
        teaser=teaser_from(data["description"]),
        rules=[form.rule_data()],
        target_groups=data.get("target_groups") or (),
        publish=False,
        description=description_blocks(data["description"]),
        attendance_mode=mode,
        venue=venue,
        online_url=(data.get("online_url") or "") if mode != AttendanceMode.OFFLINE else "",
        municipality=municipality,
        organiser=organisation_named(data["organiser_name"], municipality),
        category=data.get("category"),
        is_free=is_free,
        cost="" if is_free else data["cost"],
        registration_text=data.get("registration_text", ""),
        registration_url=data.get("registration_url", ""),
    )
    submission = EventSubmission.objects.create(
        page=page,
        event_title=page.title,
        organiser_name=data["organiser_name"],
        name=data["name"],
        email=data["email"],
        phone=data.get("phone", ""),
        consent=True,
    )
    start_workflow(page, "die Meldung")
    transaction.on_commit(lambda: notify(submission))
    return page


def notify(submission: EventSubmission) -> None:
    """One e-mail to every editor, one confirmation to the submitter (Django's mail API)."""
    page = submission.page
    edit_url = admin_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    when = "; ".join(rule.describe(include_start=True) for rule in page.date_rules.all())
    days = retention_days()
    editor_body = (
        "Guten Tag,\n\nüber die Website wurde eine Veranstaltung für den Kalender gemeldet:\n\n"
        f"„{page.title}“\n{when}\nVeranstalter: {submission.organiser_name}\n\n{page.teaser}\n\n"
        f"Gemeldet von: {submission.name} <{submission.email}>"
        f"{', Telefon ' + submission.phone if submission.phone else ''}\n\n"
        "Der Entwurf ist nicht veröffentlicht und wartet im Workflow „Redaktionelle Freigabe“. Bitte prüfen "
        f"Sie vor allem Ort, Veranstalter und Art:\n{edit_url}\n\n"
        f"Die Kontaktdaten werden {days} Tage nach Ihrer Entscheidung automatisch gelöscht."
    )
    submitter_body = (
        f"Guten Tag {submission.name},\n\nvielen Dank für Ihre Meldung „{page.title}“ ({when}). "
        "Sie ist bei uns angekommen. Die Redaktion der Ehrenamtsagentur prüft die Angaben und meldet sich "
        "bei Ihnen, wenn sie Fragen hat. Im Kalender erscheint die Veranstaltung erst, wenn die Redaktion "
        "sie freigegeben hat.\n\n"
        f"Ihre Kontaktdaten löschen wir {days} Tage nach unserer Entscheidung.\n\n"
        "Mit freundlichen Grüßen\nEhrenamtsagentur des Kyffhäuserkreises"
    )
    messages = [
        EmailMessage(f"Neue Veranstaltung gemeldet: {page.title}", editor_body, to=[address])
        for address in editor_addresses(EDITOR_GROUPS)
    ]
    messages.append(EmailMessage("Ihre Veranstaltung ist gemeldet", submitter_body, to=[submission.email]))
    send_mails(messages, f"zur gemeldeten Veranstaltung {page.pk}")


# --- views (routes of CalendarPage: melden/ and melden/danke/) --------------------------------------


class SubmissionView(PublicFormView):
    """The form "Veranstaltung melden" of a calendar page; the draft is made by ``create_draft``."""

    form_class = SubmissionForm
    template_name = "netzwerk/submission_form.html"
    thanks_template = "netzwerk/submission_thanks.html"
    thanks_route = "submit_thanks"
    rate_limit_name = "netzwerk-meldung"
    rate_limit_setting = "NETZWERK_SUBMISSIONS_PER_HOUR"
    rate_limit_per_hour = SUBMISSIONS_PER_HOUR
    too_many_message = (
        "Von Ihrem Anschluss sind in der letzten Stunde schon mehrere Meldungen gekommen. "
        "Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns eine E-Mail."
    )
    spam_message = (
        "Ihre Meldung konnte nicht angenommen werden. Bitte lassen Sie das Feld "
        "„Bitte dieses Feld leer lassen“ leer."
    )

    def save(self, form):
        create_draft(self.page, form)


submit = SubmissionView.as_route()
submit_thanks = SubmissionView.as_thanks_route()
