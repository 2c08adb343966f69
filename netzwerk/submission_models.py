"""Models of event submissions by associations and of the partner-calendar import.

- ``EventSubmission``: the submitter's personal data for a submitted event, kept apart from the draft
  ``EventPage`` and deleted ``NETZWERK_SUBMISSION_RETENTION_DAYS`` after the editors' decision
  (published, rejected or deleted), or after submission when nobody ever decided.
- ``PartnerEvent``: which partner event (organisation + iCalendar UID) became which ``EventPage``, with
  the partner's change marks (LAST-MODIFIED / DTSTAMP, SEQUENCE) so a re-import updates only when newer.
- ``ImportRun``: the report of one import, as editors see it.

The retention policy and the signal handlers that record the decision are connected when this module is
imported (from the end of ``netzwerk/models.py``, once at start-up): the calendar's ``AppConfig`` stays
untouched and the policy is registered for ``manage.py purge_personal_data`` as well as for the site.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from cms.privacy import register_model_retention

RETENTION_DAYS = 90
RETENTION_LABEL = "Kontaktdaten zu gemeldeten Veranstaltungen"


def retention_days() -> int:
    return int(getattr(settings, "NETZWERK_SUBMISSION_RETENTION_DAYS", RETENTION_DAYS))


class Decision(models.TextChoices):
    OPEN = "", "noch offen"
    PUBLISHED = "published", "veröffentlicht"
    REJECTED = "rejected", "abgelehnt"
    DELETED = "deleted", "Entwurf gelöscht"


class EventSubmission(models.Model):
    """Who submitted an event through "Veranstaltung melden": contact data for the editors, deleted later."""

    page = models.OneToOneField(
        "netzwerk.EventPage",
        verbose_name="Entwurf",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
        help_text="Der Entwurf der Veranstaltung, der aus der Meldung entstand. Leer, wenn er gelöscht wurde.",
    )
    event_title = models.CharField(
        "Titel der Meldung",
        max_length=255,
        help_text="Der Titel, wie er gemeldet wurde; bleibt lesbar, auch wenn der Entwurf gelöscht ist.",
    )
    organiser_name = models.CharField(
        "Veranstalter laut Meldung", max_length=200, blank=True, help_text="So hat die Person ihn genannt."
    )
    name = models.CharField("Name", max_length=120, help_text="Wer die Veranstaltung gemeldet hat.")
    email = models.EmailField("E-Mail", help_text="Für Rückfragen der Redaktion und die Bestätigung.")
    phone = models.CharField("Telefon", max_length=40, blank=True, help_text="Freiwillige Angabe.")
    consent = models.BooleanField(
        "Einwilligung",
        default=False,
        help_text="Einwilligung in die Verarbeitung nach der Datenschutzerklärung.",
    )
    created_at = models.DateTimeField(
        "Eingegangen am", default=timezone.now, help_text="Zeitpunkt der Meldung."
    )
    decided_at = models.DateTimeField(
        "Entschieden am",
        null=True,
        blank=True,
        help_text="Wann die Redaktion veröffentlicht, abgelehnt oder gelöscht hat; ab dann läuft die Löschfrist.",
    )
    decision = models.CharField(
        "Entscheidung",
        max_length=20,
        blank=True,
        default=Decision.OPEN,
        choices=Decision.choices,
        help_text="Die erste Entscheidung der Redaktion über die Meldung.",
    )

    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("event_title", read_only=True),
        FieldPanel("organiser_name", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("phone", read_only=True),
        FieldPanel("consent", read_only=True),
        FieldPanel("created_at", read_only=True),
        FieldPanel("decided_at", read_only=True),
        FieldPanel("decision", read_only=True),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Gemeldete Veranstaltung (Kontaktdaten)"
        verbose_name_plural = "Gemeldete Veranstaltungen (Kontaktdaten)"

    def __str__(self):
        return f"{self.name} – {self.event_title}"

    @property
    def delete_after(self):
        return (self.decided_at or self.created_at) + timedelta(days=retention_days())


def mark_decided(page_id, decision) -> int:
    """The first decision on a submitted event starts the retention period of the submitter's data."""
    return EventSubmission.objects.filter(page_id=page_id, decided_at__isnull=True).update(
        decided_at=timezone.now(), decision=decision
    )


class PartnerEvent(models.Model):
    """A partner's event (its iCalendar UID) and the draft event it became, with the partner's change marks."""

    organisation = models.ForeignKey(
        "cms.Organisation",
        verbose_name="Partner",
        on_delete=models.CASCADE,
        related_name="partner_events",
        help_text="Die Organisation, aus deren Kalender der Termin stammt.",
    )
    uid = models.CharField(
        "UID beim Partner", max_length=255, help_text="Die Kennung (UID) des Termins im Partnerkalender."
    )
    page = models.OneToOneField(
        "netzwerk.EventPage",
        verbose_name="Veranstaltung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_event",
        help_text="Leer, wenn die Redaktion die Veranstaltung gelöscht hat: dann wird sie nicht neu angelegt.",
    )
    source = models.CharField(
        "Quelle", max_length=500, blank=True, help_text="Adresse oder Dateiname des Partnerkalenders."
    )
    last_modified = models.DateTimeField(
        "Zuletzt geändert beim Partner",
        null=True,
        blank=True,
        help_text="LAST-MODIFIED (sonst DTSTAMP) des Termins beim letzten übernommenen Stand.",
    )
    sequence = models.PositiveIntegerField(
        "Änderungsnummer beim Partner", default=0, help_text="SEQUENCE des letzten übernommenen Stands."
    )
    content_hash = models.CharField(
        "Prüfsumme", max_length=64, blank=True, help_text="Erkennt Stände ohne inhaltliche Änderung."
    )
    imported_at = models.DateTimeField("Zuerst übernommen", default=timezone.now)
    updated_at = models.DateTimeField("Zuletzt übernommen", default=timezone.now)

    class Meta:
        verbose_name = "Termin aus einem Partnerkalender"
        verbose_name_plural = "Termine aus Partnerkalendern"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "uid"], name="netzwerk_partner_event_uid"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.uid}"


class ImportStatus(models.TextChoices):
    WAITING = "waiting", "wartet"
    RUNNING = "running", "läuft"
    DONE = "done", "fertig"
    FAILED = "failed", "fehlgeschlagen"


class ImportRun(models.Model):
    """The report of one import of a partner calendar: what was imported, updated, skipped or refused."""

    created_at = models.DateTimeField("Zeitpunkt", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Ausgelöst von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leer bei einem Import über die Kommandozeile.",
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        verbose_name="Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Die Organisation, deren Kalender übernommen wurde.",
    )
    source = models.CharField("Quelle", max_length=500, help_text="Adresse oder Dateiname.")
    created = models.PositiveIntegerField("Neu angelegt", default=0)
    updated = models.PositiveIntegerField("Aktualisiert", default=0)
    skipped = models.PositiveIntegerField("Übersprungen", default=0)
    refused = models.PositiveIntegerField("Abgelehnt", default=0)
    error = models.TextField(
        "Fehler", blank=True, help_text="Warum der Kalender als Ganzes nicht übernommen wurde."
    )
    entries = models.JSONField("Einträge", default=list, blank=True, help_text="Ein Eintrag je Termin.")
    status = models.CharField("Stand", max_length=10, choices=ImportStatus.choices, default=ImportStatus.DONE)
    processed = models.PositiveIntegerField("Bearbeitete Termine", default=0)
    total = models.PositiveIntegerField("Termine insgesamt", default=0)
    started_at = models.DateTimeField("Begonnen", null=True, blank=True)
    finished_at = models.DateTimeField("Beendet", null=True, blank=True)
    url = models.CharField("Adresse", max_length=500, blank=True, help_text="Die abzurufende Adresse.")
    upload = models.BinaryField(
        "Hochgeladene Datei",
        null=True,
        blank=True,
        editable=False,
        help_text="Wird nach dem Import gelöscht.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Import eines Partnerkalenders"
        verbose_name_plural = "Importe von Partnerkalendern"

    def __str__(self):
        return f"{timezone.localtime(self.created_at):%d.%m.%Y %H:%M} – {self.source}"

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.WAITING, ImportStatus.RUNNING)


# --- decision signals and the retention policy (see the module docstring) ---------------------


def _on_published(sender, instance, **kwargs):
    if sender.__name__ == "EventPage":
        mark_decided(instance.pk, Decision.PUBLISHED)


def _on_rejected(sender, instance, **kwargs):
    content_type = instance.content_type
    if (content_type.app_label, content_type.model) == ("netzwerk", "eventpage"):
        mark_decided(int(instance.object_id), Decision.REJECTED)


def _on_page_deleted(sender, instance, **kwargs):
    mark_decided(instance.pk, Decision.DELETED)


def _connect():
    from django.db.models.signals import pre_delete
    from wagtail.signals import page_published, workflow_rejected

    page_published.connect(_on_published, dispatch_uid="netzwerk_submission_published")
    workflow_rejected.connect(_on_rejected, dispatch_uid="netzwerk_submission_rejected")
    pre_delete.connect(
        _on_page_deleted, sender="netzwerk.EventPage", dispatch_uid="netzwerk_submission_deleted"
    )
    register_model_retention(
        RETENTION_LABEL,
        "netzwerk.EventSubmission",
        date_field="decided_at",
        setting="NETZWERK_SUBMISSION_RETENTION_DAYS",
        default_days=RETENTION_DAYS,
        fallback_date_field="created_at",
    )


_connect()
