"""Registering, waiting, cancelling: the rules of places, in one transaction per change.

Every change to the registrations of a run first locks the run's row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite, which has no row locks, an UPDATE of the row takes the database's write lock
at once). Counting and writing then happen under that lock, so two parallel requests never both take
the last place, and waiting positions stay 1, 2, 3 … without gaps.

The personal link to cancel carries a token derived with the SECRET_KEY from the registration (run, address,
moment; ``link_token``); only its SHA-256 is stored, and every mail can carry the link again.

The e-mails to participants (confirmation, waiting list, moving up, cancellation, cancelled run, reminder)
are plain German text through Django's mail API, each with the personal link; a confirmation of a place
carries the dates as an iCalendar attachment. A failing mail server is logged and never undoes a registration.
Retention: personal data goes COURSE_DATA_RETENTION_DAYS days after the run's last session; the run keeps
anonymous counts. Retention and the person-data provider are registered in ``QualifizierungConfig.ready()``.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac

from cms.content.public_address import page_url
from cms.privacy import retention_days, row_as_dict
from qualifizierung.models import Attendance, CourseRunPage, Registration, RegistrationStatus
from termine import ical


class RegistrationError(Exception):
    """A registration or cancellation that cannot be done; the message is German, for the citizen."""

    status = 400


class RegistrationClosed(RegistrationError):
    status = 409


@dataclass
class Result:
    registration: Registration
    token: str

    @property
    def waiting(self) -> bool:
        return self.registration.status == RegistrationStatus.WAITING


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lock_run(run_id: int) -> CourseRunPage:
    """The run, locked for the rest of the transaction."""
    if not connection.features.has_select_for_update:
        # SQLite: writing first takes the database's write lock now (waiting for others to finish),
        # instead of failing later when two transactions both read and then both want to write.
        CourseRunPage.objects.filter(pk=run_id).update(sequence=F("sequence"))
    run = (
        CourseRunPage.objects.select_for_update(of=("self",))
        .select_related("course")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        raise RegistrationError("Diesen Kurstermin gibt es nicht.")
    return run


def _registered_count(run_id: int) -> int:
    return Registration.objects.filter(run_id=run_id, status=RegistrationStatus.REGISTERED).count()


def register(run_id: int, *, name: str, email: str, organisation: str = "", phone: str = "",
             accessibility_needs: str = "", now=None) -> Result:  # fmt: skip
    """Takes a free place or, when the run is full, the next place on the waiting list.

    Raises RegistrationClosed when the deadline has passed, the run is cancelled or closed, and
    RegistrationError when the address is already registered for this run.
    """
    now = now or timezone.now()
    with transaction.atomic():
        run = lock_run(run_id)
        reason = run.closed_reason(now)
        if reason:
            raise RegistrationClosed(reason)
        if Registration.objects.active().filter(run_id=run.pk, email__iexact=email).exists():
            raise RegistrationError(
                "Mit dieser E-Mail-Adresse besteht schon eine Anmeldung für diesen Kurstermin. "
                "Den Link zum Abmelden finden Sie in der Bestätigungs-E-Mail."
            )
        registration = Registration(
            run=run,
            name=name,
            email=email,
            organisation=organisation,
            phone=phone,
            accessibility_needs=accessibility_needs,
            consent=True,
            created_at=now,
        )
        token = link_token(registration)
        registration.token_hash = token_hash(token)
        if _registered_count(run.pk) < run.capacity:
            registration.status = RegistrationStatus.REGISTERED
        else:
            last = Registration.objects.filter(run_id=run.pk, status=RegistrationStatus.WAITING).aggregate(
                last=Max("waiting_position")
            )["last"]
            registration.status = RegistrationStatus.WAITING
            registration.waiting_position = (last or 0) + 1
        registration.save()
        transaction.on_commit(lambda: send_confirmation(registration))
    return Result(registration, token)


def find(run: CourseRunPage, token: str) -> Registration | None:
    """The registration the personal link belongs to (cancelled ones included), or None."""
    if not token or len(token) > 100:
        return None
    return Registration.objects.filter(run_id=run.pk, token_hash=token_hash(token)).first()


def cancel(run_id: int, token: str, now=None) -> Registration:
    """Cancels the registration of the personal link; a freed place goes to the first on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        run = lock_run(run_id)
        registration = (
            Registration.objects.select_for_update()
            .filter(run_id=run.pk, token_hash=token_hash(token))
            .first()
        )
        if registration is None:
            raise RegistrationError(
                "Dieser Abmeldelink ist ungültig. Bitte nutzen Sie den Link aus Ihrer E-Mail."
            )
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError("Diese Anmeldung ist schon abgemeldet.")
        was_waiting = registration.status == RegistrationStatus.WAITING
        old_position = registration.waiting_position
        registration.status = RegistrationStatus.CANCELLED
        registration.waiting_position = None
        registration.cancelled_at = now
        registration.save(update_fields=["status", "waiting_position", "cancelled_at"])
        if was_waiting and old_position:
            _close_gap(run.pk, old_position)
        promoted = [] if was_waiting or run.is_cancelled else fill_free_places(run, now)
        transaction.on_commit(lambda: send_cancellation(registration))
        for person in promoted:
            transaction.on_commit(lambda person=person: send_promotion(person))
    return registration


def _close_gap(run_id: int, position: int) -> None:
    Registration.objects.filter(
        run_id=run_id, status=RegistrationStatus.WAITING, waiting_position__gt=position
    ).update(waiting_position=F("waiting_position") - 1)


def fill_free_places(run: CourseRunPage, now=None) -> list[Registration]:
    """Moves people from the waiting list up while places are free (call with the run locked)."""
    now = now or timezone.now()
    free = run.capacity - _registered_count(run.pk)
    if free <= 0:
        return []
    moving = list(
        Registration.objects.filter(run_id=run.pk, status=RegistrationStatus.WAITING).order_by(
            "waiting_position", "pk"
        )[:free]
    )
    if not moving:
        return []
    Registration.objects.filter(pk__in=[person.pk for person in moving]).update(
        status=RegistrationStatus.REGISTERED, waiting_position=None, promoted_at=now
    )
    Registration.objects.filter(run_id=run.pk, status=RegistrationStatus.WAITING).update(
        waiting_position=F("waiting_position") - len(moving)
    )
    for person in moving:
        person.status = RegistrationStatus.REGISTERED
        person.waiting_position = None
        person.promoted_at = now
    return moving


def promote_after_change(run_id: int) -> list[Registration]:
    """After an editor published a run (e.g. with more places): fill free places from the waiting list."""
    with transaction.atomic():
        run = lock_run(run_id)
        if run.is_cancelled:
            return []
        promoted = fill_free_places(run)
        for person in promoted:
            transaction.on_commit(lambda person=person: send_promotion(person))
    return promoted


# --- e-mails to participants ---------------------------------------------------------------

logger = logging.getLogger(__name__)

SIGNATURE = "Mit freundlichen Grüßen\nEhrenamtsagentur des Kyffhäuserkreises"
LINK_SALT = "qualifizierung.registration-link"


def link_token(registration) -> str:
    """The token of the personal link, derived with the SECRET_KEY from what never changes about the
    registration (run, address, moment): every mail can carry the link again, and only its hash is stored."""
    moment = registration.created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")
    value = f"{registration.run_id}:{registration.email.strip().lower()}:{moment}"
    return salted_hmac(LINK_SALT, value, algorithm="sha256").hexdigest()


def personal_link(registration) -> str:
    """The full personal link of a registration (status page with the button to cancel).

    A registration made before links were derived (or whose address an editor corrected) gets a new link
    here: the stored hash follows the token of this mail, and the older link stops working.
    """
    token = link_token(registration)
    if registration.token_hash != token_hash(token):
        registration.token_hash = token_hash(token)
        Registration.objects.filter(pk=registration.pk).update(token_hash=registration.token_hash)
    return manage_url(registration.run, token)


def manage_url(run, token: str) -> str:
    return page_url(run) + run.reverse_subpage("manage", args=[token])


def _run_facts(run) -> str:
    lines = [f"Kurs: {run.course.title if run.course else run.title}", f"Termin: {run.title}"]
    sessions = run.sessions()
    if sessions:
        lines.append("Termine:")
        lines.extend(f"  – {session.date_text}" for session in sessions)
    if run.is_on_site and run.venue_id:
        lines.append(f"Ort: {run.venue.address_line}")
    if run.is_online and run.online_url:
        lines.append(f"Online-Raum: {run.online_url}")
    if run.note:
        lines.append(f"Hinweis: {run.note}")
    return "\n".join(lines)


def dates_attachment(run) -> tuple[str, bytes, str]:
    """The run's sessions as an iCalendar file (the same text as the run's feed)."""
    name = run.course.title if run.course else run.title
    return ("kurstermine.ics", ical.feed_bytes(None, name, [run.pk]), "text/calendar")


KEEP_LINK = "Geben Sie den Link nicht weiter: Wer ihn hat, kann Ihre Anmeldung zurücknehmen."
LINK_TEXT = {
    "cancel": "Sie können nicht kommen? Bitte melden Sie sich über Ihren persönlichen Link ab, damit jemand "
    "von der Warteliste nachrücken kann:",
    "waiting": "Ihren Platz auf der Warteliste sehen Sie über Ihren persönlichen Link; dort können Sie sich "
    "auch abmelden, wenn Sie nicht mehr warten möchten:",
    "status": "Den Stand Ihrer Anmeldung sehen Sie über Ihren persönlichen Link:",
}


def _mail(registration, subject: str, text: str, link: str, with_dates: bool = False) -> EmailMessage:
    """A mail to the participant: greeting, ``text``, the personal link (``LINK_TEXT[link]``), signature."""
    keep = f"\n\n{KEEP_LINK}" if link != "status" else ""
    body = (
        f"Guten Tag {registration.name},\n\n{text}\n\n{LINK_TEXT[link]}\n{personal_link(registration)}"
        f"{keep}\n\n{SIGNATURE}"
    )
    message = EmailMessage(subject, body, to=[registration.email])
    if with_dates:
        message.attach(*dates_attachment(registration.run))
    return message


def _send(messages, what: str) -> int:
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        logger.exception("E-Mail (%s) konnte nicht gesendet werden.", what)
        return 0


def send_confirmation(registration) -> None:
    """Confirmation of a place (with the dates as an .ics attachment) or of a place on the waiting list."""
    run = registration.run
    retention = "Ihre Angaben löschen wir spätestens ein halbes Jahr nach dem letzten Kurstermin."
    if registration.status == RegistrationStatus.WAITING:
        text = (
            f"der Kurs ist zurzeit ausgebucht. Sie stehen auf Platz {registration.waiting_position} der "
            "Warteliste. Wird ein Platz frei, rücken Sie automatisch nach und bekommen eine E-Mail.\n\n"
            f"{_run_facts(run)}\n\n{retention}"
        )
        message = _mail(registration, f"Warteliste: {run.full_title}", text, "waiting")
    else:
        text = (
            "Ihre Anmeldung ist bestätigt. Ihr Platz ist für Sie reserviert. Die Termine hängen als "
            f"Kalenderdatei (kurstermine.ics) an dieser E-Mail.\n\n{_run_facts(run)}\n\n{retention}"
        )
        message = _mail(
            registration, f"Anmeldebestätigung: {run.full_title}", text, "cancel", with_dates=True
        )
    _send([message], "Anmeldebestätigung")


def send_cancellation(registration) -> None:
    run = registration.run
    text = (
        f"Sie haben sich von „{run.full_title}“ abgemeldet. Schade, dass es nicht passt – vielleicht beim "
        f"nächsten Mal. Weitere Termine finden Sie im Kursprogramm:\n{_programme_link(run)}"
    )
    _send([_mail(registration, f"Abmeldung: {run.full_title}", text, "status")], "Abmeldung")


def send_promotion(registration) -> None:
    run = registration.run
    text = (
        f"gute Nachricht: Für „{run.full_title}“ ist ein Platz frei geworden. Sie sind von der Warteliste "
        "nachgerückt und jetzt fest angemeldet. Die Termine hängen als Kalenderdatei (kurstermine.ics) an "
        f"dieser E-Mail.\n\n{_run_facts(run)}"
    )
    message = _mail(registration, f"Sie sind nachgerückt: {run.full_title}", text, "cancel", with_dates=True)
    _send([message], "Nachrücken")


def _programme_link(run) -> str:
    return page_url(run.course) if run.course else page_url(run)


def send_run_cancelled(run, registrations) -> int:
    text = (
        f"leider müssen wir „{run.full_title}“ absagen. Ihre Anmeldung ist damit hinfällig; Sie müssen nichts "
        "weiter tun. Bereits gezahlte Beiträge erstatten wir.\n\n"
        f"{_run_facts(run)}\n\nNeue Termine finden Sie im Kursprogramm:\n{_programme_link(run)}"
    )
    messages = [_mail(person, f"Abgesagt: {run.full_title}", text, "status") for person in registrations]
    return _send(messages, "Absage") if messages else 0


def send_reminder(run, registration) -> int:
    text = f"bald geht es los – wir freuen uns auf Sie.\n\n{_run_facts(run)}"
    message = _mail(registration, f"Erinnerung: {run.full_title}", text, "cancel")
    return _send([message], "Erinnerung")


# --- retention and one person's data (registered in apps.py) ---------------------------------------


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
                    transaction.on_commit(lambda person=person: send_promotion(person))
    return deleted
