"""Registering, waiting, cancelling: the rules of places, in one transaction per change.

Every change to the registrations of a run first locks the run's row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite, which has no row locks, an UPDATE of the row takes the database's write lock
at once). Counting and writing then happen under that lock, so two parallel requests never both take
the last place, and waiting positions stay 1, 2, 3 … without gaps.

The personal link to cancel carries a random token; only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from qualifizierung import mails
from qualifizierung.models import CourseRunPage, Registration, RegistrationStatus


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


def new_token() -> str:
    return secrets.token_urlsafe(32)


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
    token = new_token()
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
            token_hash=token_hash(token),
            created_at=now,
        )
        if _registered_count(run.pk) < run.capacity:
            registration.status = RegistrationStatus.REGISTERED
        else:
            last = Registration.objects.filter(run_id=run.pk, status=RegistrationStatus.WAITING).aggregate(
                last=Max("waiting_position")
            )["last"]
            registration.status = RegistrationStatus.WAITING
            registration.waiting_position = (last or 0) + 1
        registration.save()
        transaction.on_commit(lambda: mails.send_confirmation(registration, token))
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
        transaction.on_commit(lambda: mails.send_cancellation(registration))
        for person in promoted:
            transaction.on_commit(lambda person=person: mails.send_promotion(person))
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
            transaction.on_commit(lambda person=person: mails.send_promotion(person))
    return promoted
