"""Retention of course registrations: personal data goes COURSE_DATA_RETENTION_DAYS days after the
run's last session; the run keeps anonymous counts (registered as a policy in apps.py)."""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from cms.privacy import retention_days
from qualifizierung.models import Attendance, CourseRunPage, Registration, RegistrationStatus


def purge_course_data(now) -> int:
    """Deletes the registrations of runs that ended long enough ago; returns how many were deleted."""
    cutoff = now - timedelta(days=retention_days("COURSE_DATA_RETENTION_DAYS"))
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


# --- one person's request (Art. 15/17 GDPR): registrations and attendance found by e-mail address -------

PERSON_DATA_LABEL = "Kursanmeldungen und Anwesenheit"
PERSON_DATA_PERMISSIONS = ("qualifizierung.view_registration", "qualifizierung.delete_registration")


def _person_rows(email):
    return Registration.objects.filter(email__iexact=email)


def find_person(email) -> int:
    return _person_rows(email).count()


def export_person(email) -> list[dict]:
    """Each registration with its run and the sessions the person attended."""
    from cms.privacy import row_as_dict

    rows = _person_rows(email).select_related("run", "run__course").prefetch_related("attendances")
    result = []
    for registration in rows.order_by("created_at", "pk"):
        data = row_as_dict(
            registration,
            (
                ("Kurstermin", lambda r: r.run.title),
                "name",
                "email",
                "organisation",
                "phone",
                "accessibility_needs",
                "consent",
                "status",
                "waiting_position",
                "created_at",
                "promoted_at",
                "cancelled_at",
                "reminded_at",
            ),
        )
        data["Anwesend bei den Terminen"] = [
            timezone.localtime(mark.session_start).isoformat() for mark in registration.attendances.all()
        ]
        result.append(data)
    return result


def delete_person(email, now=None) -> int:
    """Deletes the person's registrations (attendance goes with them); a freed place of a run that has not
    ended goes to the first on its waiting list, and the waiting list closes up. Returns the number of
    registrations deleted."""
    from django.db import transaction
    from django.db.models import F

    from qualifizierung import mails
    from qualifizierung.registration import fill_free_places, lock_run

    now = now or timezone.now()
    deleted = 0
    run_ids = sorted(set(_person_rows(email).values_list("run_id", flat=True)))
    for run_id in run_ids:
        with transaction.atomic():
            run = lock_run(run_id)
            rows = list(_person_rows(email).filter(run_id=run_id).select_for_update())
            for registration in rows:
                registration.refresh_from_db(fields=["status", "waiting_position"])
                if registration.status == RegistrationStatus.WAITING and registration.waiting_position:
                    Registration.objects.filter(
                        run_id=run_id,
                        status=RegistrationStatus.WAITING,
                        waiting_position__gt=registration.waiting_position,
                    ).update(waiting_position=F("waiting_position") - 1)
                registration.delete()
                deleted += 1
            ended = run.last_session_end is not None and run.last_session_end <= now
            if not ended and not run.is_cancelled:
                for person in fill_free_places(run, now):
                    transaction.on_commit(lambda person=person: mails.send_promotion(person))
    return deleted
