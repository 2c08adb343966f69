"""What a "Veranstaltung melden" submission does: the draft, the mails, the workflow, the decision.

A submission becomes a *draft* EventPage (never live) under the calendar, with one date rule (a single
date, several whole days, or a simple weekly repetition), and enters the site-wide moderation workflow.
Every text is stored as plain text (``cms.forms.PlainTextField``); the description is escaped before it
becomes a paragraph block. The submitter's contact data is kept apart in ``EventSubmission`` and deleted
by ``manage.py purge_personal_data`` after the retention period (see ``netzwerk.models``).
The fields are in ``netzwerk.forms``, the view in ``netzwerk.views``.
The request sequence (honeypot, rate limit, error summary, thanks page), the German messages and the mails
to the editors are shared with the other public forms (``cms.forms.public``). The submitter hears of the
editors' first decision: the link once the event is published, the editor's reason when it is declined.
"""

from __future__ import annotations

import re

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cms.content.public_address import page_url
from cms.forms.public import (
    admin_url,
    decision_text,
    editor_addresses,
    rejection_reason,
    send_mails,
    send_notice_and_receipt,
    start_workflow,
)
from cms.models import Organisation, Venue
from netzwerk.events import create_event
from netzwerk.models import Decision, EventSubmission, retention_days
from termine.models import AttendanceMode

EDITOR_GROUPS = ["Redaktion", "Freigabe"]
SUBMISSIONS_PER_HOUR = 5
TEASER_LENGTH = 300


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
        reviewed=False,  # not offered to other visitors before an editor publishes the event
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
    days = retention_days("NETZWERK_SUBMISSION_RETENTION_DAYS")
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
    send_notice_and_receipt(
        editor_addresses(EDITOR_GROUPS),
        (f"Neue Veranstaltung gemeldet: {page.title}", editor_body),
        ("Ihre Veranstaltung ist gemeldet", submitter_body, submission.email),
        f"zur gemeldeten Veranstaltung {page.pk}",
    )


def notify_decision(page_id, *, published_url: str = "", reason: str = "") -> None:
    """Tells the submitter that the editors published the event (with its link) or declined it (with their
    reason), after the decision is committed."""
    submission = EventSubmission.objects.filter(page_id=page_id).exclude(email="").first()
    if submission is None:
        return
    days = retention_days("NETZWERK_SUBMISSION_RETENTION_DAYS")
    outcome = "ist veröffentlicht" if published_url else "wird nicht veröffentlicht"
    body = (
        f"Guten Tag {submission.name},\n\nÜber Ihre Meldung „{submission.event_title}“ hat die Redaktion der "
        f"Ehrenamtsagentur entschieden. {decision_text(published_url=published_url, reason=reason)}\n\n"
        f"Ihre Kontaktdaten löschen wir {days} Tage nach dieser Entscheidung.\n\n"
        "Mit freundlichen Grüßen\nEhrenamtsagentur des Kyffhäuserkreises"
    )
    message = EmailMessage(
        f"Ihre Veranstaltung {outcome}: {submission.event_title}", body, to=[submission.email]
    )
    transaction.on_commit(lambda: send_mails([message], f"zur Entscheidung über Veranstaltung {page_id}"))


# --- the editors' decision starts the retention period (signals connected in NetzwerkConfig.ready) ---


def mark_decided(page_id, decision) -> int:
    """The first decision on a submitted event starts the retention period of the submitter's data."""
    return EventSubmission.objects.filter(page_id=page_id, decided_at__isnull=True).update(
        decided_at=timezone.now(), decision=decision
    )


def _on_published(sender, instance, **kwargs):
    if sender.__name__ == "EventPage":
        if mark_decided(instance.pk, Decision.PUBLISHED):
            notify_decision(instance.pk, published_url=page_url(instance))
        if instance.venue_id:  # publishing the event is the review of a venue typed into its submission
            Venue.objects.filter(pk=instance.venue_id, reviewed=False).update(reviewed=True)


def _on_rejected(sender, instance, **kwargs):
    content_type = instance.content_type
    is_event = (content_type.app_label, content_type.model) == ("netzwerk", "eventpage")
    if is_event and mark_decided(int(instance.object_id), Decision.REJECTED):
        notify_decision(int(instance.object_id), reason=rejection_reason(instance))


def _on_page_deleted(sender, instance, **kwargs):
    mark_decided(instance.pk, Decision.DELETED)
