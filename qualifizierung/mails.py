"""The e-mails to participants: confirmation, moving up, cancellation, cancelled run, reminder.

Plain German text through Django's mail API; a failing mail server is logged and never undoes a
registration. Links are absolute, built from WAGTAILADMIN_BASE_URL's site or the run's site.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)

SIGNATURE = "Mit freundlichen Grüßen\nEhrenamtsagentur des Kyffhäuserkreises"


def manage_url(run, token: str) -> str:
    return run.get_full_url() + run.reverse_subpage("manage", args=[token])


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


def _send(messages, what: str) -> int:
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        logger.exception("E-Mail (%s) konnte nicht gesendet werden.", what)
        return 0


def send_confirmation(registration, token: str) -> None:
    run = registration.run
    if registration.status == "waiting":
        subject = f"Warteliste: {run.full_title}"
        state = (
            f"der Kurs ist zurzeit ausgebucht. Sie stehen auf Platz {registration.waiting_position} der "
            "Warteliste. Wird ein Platz frei, rücken Sie automatisch nach und bekommen eine E-Mail."
        )
    else:
        subject = f"Anmeldebestätigung: {run.full_title}"
        state = "Ihre Anmeldung ist bestätigt. Ihr Platz ist für Sie reserviert."
    body = (
        f"Guten Tag {registration.name},\n\n{state}\n\n{_run_facts(run)}\n\n"
        "Sie können nicht kommen? Bitte melden Sie sich über diesen persönlichen Link ab, damit jemand "
        f"von der Warteliste nachrücken kann:\n{manage_url(run, token)}\n\n"
        "Geben Sie den Link nicht weiter: Wer ihn hat, kann Ihre Anmeldung zurücknehmen.\n\n"
        "Ihre Angaben löschen wir spätestens ein halbes Jahr nach dem letzten Kurstermin.\n\n"
        f"{SIGNATURE}"
    )
    _send([EmailMessage(subject, body, to=[registration.email])], "Anmeldebestätigung")


def send_cancellation(registration) -> None:
    run = registration.run
    body = (
        f"Guten Tag {registration.name},\n\nSie haben sich von „{run.full_title}“ abgemeldet. "
        "Schade, dass es nicht passt – vielleicht beim nächsten Mal.\n\n" + SIGNATURE
    )
    _send([EmailMessage(f"Abmeldung: {run.full_title}", body, to=[registration.email])], "Abmeldung")


def send_promotion(registration) -> None:
    run = registration.run
    body = (
        f"Guten Tag {registration.name},\n\ngute Nachricht: Für „{run.full_title}“ ist ein Platz frei "
        "geworden. Sie sind von der Warteliste nachgerückt und jetzt fest angemeldet.\n\n"
        f"{_run_facts(run)}\n\nWenn Sie nicht mehr kommen können, melden Sie sich bitte über den Link "
        "aus Ihrer ersten E-Mail ab.\n\n" + SIGNATURE
    )
    _send(
        [EmailMessage(f"Sie sind nachgerückt: {run.full_title}", body, to=[registration.email])],
        "Nachrücken",
    )


def send_run_cancelled(run, registrations) -> int:
    messages = [
        EmailMessage(
            f"Abgesagt: {run.full_title}",
            f"Guten Tag {person.name},\n\nleider müssen wir „{run.full_title}“ absagen. Ihre Anmeldung "
            "ist damit hinfällig; Sie müssen nichts weiter tun. Bereits gezahlte Beiträge erstatten wir.\n\n"
            f"{_run_facts(run)}\n\nNeue Termine finden Sie im Kursprogramm:\n"
            f"{run.course.get_full_url() if run.course else run.get_full_url()}\n\n{SIGNATURE}",
            to=[person.email],
        )
        for person in registrations
    ]
    return _send(messages, "Absage") if messages else 0


def send_reminder(run, registration) -> int:
    body = (
        f"Guten Tag {registration.name},\n\nbald geht es los – wir freuen uns auf Sie.\n\n"
        f"{_run_facts(run)}\n\nWenn Sie nicht kommen können, melden Sie sich bitte über den Link aus Ihrer "
        "Bestätigungs-E-Mail ab, damit jemand von der Warteliste nachrücken kann.\n\n" + SIGNATURE
    )
    return _send([EmailMessage(f"Erinnerung: {run.full_title}", body, to=[registration.email])], "Erinnerung")
