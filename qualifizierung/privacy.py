"""Retention of course registrations: personal data goes COURSE_DATA_RETENTION_DAYS days after the
run's last session; the run keeps anonymous counts (registered as a policy in apps.py)."""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce

from qualifizierung.models import Attendance, CourseRunPage, Registration, RegistrationStatus, retention_days


def purge_course_data(now) -> int:
    """Deletes the registrations of runs that ended long enough ago; returns how many were deleted."""
    cutoff = now - timedelta(days=retention_days())
    runs = (
        CourseRunPage.objects.annotate(latest=Max("registrations__created_at"))
        .filter(latest__isnull=False)
        .annotate(ended=Coalesce("last_session_end", "latest"))
        .filter(ended__lte=cutoff)
    )
    deleted = 0
    for run in runs:
        counts = Registration.objects.filter(run_id=run.pk).aggregate(
            registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        )
        attended = (
            Attendance.objects.filter(registration__run_id=run.pk)
            .values("registration_id")
            .distinct()
            .count()
        )
        CourseRunPage.objects.filter(pk=run.pk).update(
            archived_registered=(run.archived_registered or 0) + counts["registered"],
            archived_waiting=(run.archived_waiting or 0) + counts["waiting"],
            archived_cancelled=(run.archived_cancelled or 0) + counts["cancelled"],
            archived_attended=(run.archived_attended or 0) + attended,
            personal_data_purged_at=now,
        )
        number, _by_model = Registration.objects.filter(run_id=run.pk).delete()
        deleted += number
    return deleted
