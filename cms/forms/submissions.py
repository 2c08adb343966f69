"""The contact part of a public submission that the editors answer and decide on.

"Veranstaltung melden" and "Praxisbeispiel vorschlagen" store who sent something apart from the draft
page it became: name, e-mail, phone, consent, when it came in and when the editors decided. The rows
are deleted a number of days after the decision (or after creation when nobody ever decided); the
number of days is the setting named by ``retention_setting``.
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from cms.privacy import register_model_retention, retention_days

CONTACT_FIELDS = ("name", "email", "phone", "consent", "created_at", "decided_at")


def read_only_panels(*names, help_texts=None):
    """Panels that show a submission to the editors without letting them change what was sent."""
    help_texts = help_texts or {}
    return [FieldPanel(name, read_only=True, help_text=help_texts.get(name, "")) for name in names]


class SubmissionContact(models.Model):
    """Who sent a public submission, for the editors' questions; deleted after the retention period."""

    name = models.CharField("Name", max_length=120, help_text="Wer die Einsendung geschickt hat.")
    email = models.EmailField("E-Mail", help_text="Für Rückfragen der Redaktion und die Bestätigung.")
    phone = models.CharField("Telefon", max_length=40, blank=True, help_text="Freiwillige Angabe.")
    consent = models.BooleanField(
        "Einwilligung",
        default=False,
        help_text="Einwilligung in die Verarbeitung nach der Datenschutzerklärung.",
    )
    created_at = models.DateTimeField(
        "Eingegangen am", default=timezone.now, help_text="Zeitpunkt des Eingangs."
    )
    decided_at = models.DateTimeField(
        "Entschieden am",
        null=True,
        blank=True,
        help_text="Wann die Redaktion entschieden hat; ab dann läuft die Löschfrist.",
    )

    # The setting with the retention period in days (declared in cms/settings/base.py).
    retention_setting = ""

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def delete_after(self):
        """When the row is deleted: the retention period after the decision, or after creation."""
        return (self.decided_at or self.created_at) + timedelta(days=retention_days(self.retention_setting))

    @classmethod
    def register_retention(cls, label):
        """Registers the deletion of expired rows with ``cms.privacy`` (call it in ``AppConfig.ready``)."""
        return register_model_retention(
            label,
            cls._meta.label,
            date_field="decided_at",
            setting=cls.retention_setting,
            fallback_date_field="created_at",
        )
