"""Reminder e-mails a few days before a run's first session; each person is reminded once."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qualifizierung import services
from qualifizierung.models import CourseRunPage, Registration, RegistrationStatus
from termine.models import EventStatus


def reminder_days() -> int:
    return settings.COURSE_REMINDER_DAYS


def send_reminders(now=None) -> int:
    """Reminds registered people of runs starting within COURSE_REMINDER_DAYS days; returns how many."""
    now = now or timezone.now()
    runs = (
        CourseRunPage.objects.live()
        .exclude(date_status=EventStatus.CANCELLED)
        .with_counts()
        .filter(first_start__gt=now, first_start__lte=now + timedelta(days=reminder_days()))
        .select_related("course", "venue")
    )
    sent = 0
    for run in runs:
        while True:
            with transaction.atomic():
                person = (
                    Registration.objects.select_for_update()
                    .filter(run_id=run.pk, status=RegistrationStatus.REGISTERED, reminded_at__isnull=True)
                    .order_by("pk")
                    .first()
                )
                if person is None:
                    break
                # Marked first: a second run of the command at the same time skips this person.
                Registration.objects.filter(pk=person.pk).update(reminded_at=now)
            if services.send_reminder(run, person):
                sent += 1
    return sent
