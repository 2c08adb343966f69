"""Storing, mails, retention and personal data of "Barriere melden" (fields in forms.py, view in views.py).

A report is stored, confirmed to the reporter (if an e-mail address was given) and announced to the
editors (setting BARRIER_REPORT_RECIPIENTS, else the group "Redaktion" and superusers). The answer is
due one month after receipt. Name and e-mail are erased BARRIER_REPORT_RETENTION_DAYS after a report was
closed (done or rejected); the report itself stays, without personal data.
The request sequence (honeypot, rate limit, error summary, thanks page), the German messages and the mails
to the editors are shared with the other public forms (cms.forms.public).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from barrierefreiheit.models import CLOSED_STATUSES, BarrierReport
from cms.forms import public as public_forms
from cms.forms.public import send_notice_and_receipt
from cms.privacy import PersonDataProvider, retention_days, row_as_dict

RETENTION_LABEL = "Kontaktdaten zu Barrieremeldungen"
EDITOR_GROUP = "Redaktion"


@transaction.atomic
def store_report(form):
    data = form.cleaned_data
    wants_contact = bool(data.get("email") or data.get("name"))
    report = BarrierReport.objects.create(
        page_url=data.get("page_url", ""),
        description=data["description"],
        assistive_technology=data.get("assistive_technology", ""),
        name=data.get("name", ""),
        email=data.get("email", ""),
        consent=wants_contact and bool(data.get("consent")),
    )
    transaction.on_commit(lambda: notify(report))
    return report


def editor_addresses():
    """BARRIER_REPORT_RECIPIENTS if set, else active members of "Redaktion" and superusers with an address."""
    configured = list(settings.BARRIER_REPORT_RECIPIENTS)
    return configured or public_forms.editor_addresses([EDITOR_GROUP])


def admin_url(report):
    return public_forms.admin_url(
        reverse("barrieremeldungen:edit", args=[report.pk])
    )  # wagtail_hooks viewset


def notify(report):
    """A notice to the editors and, if an address was given, a confirmation to the reporter."""
    due = f"{report.due_date:%d.%m.%Y}"
    days = retention_days("BARRIER_REPORT_RETENTION_DAYS")
    where = report.page_url or "(keine Seite angegeben)"
    contact = ", ".join(part for part in (report.name, report.email) if part) or "keine Kontaktdaten"
    editor_body = (
        "Guten Tag,\n\nüber die Website ist eine Barrieremeldung eingegangen.\n\n"
        f"Seite: {where}\n"
        f"Hilfsmittel: {report.assistive_technology or '(keine Angabe)'}\n"
        f"Kontakt: {contact}\n\n"
        f"Beschreibung:\n{report.description}\n\n"
        f"Die Antwort ist bis zum {due} fällig (ein Monat nach Eingang). Status und Notizen pflegen Sie hier:\n"
        f"{admin_url(report)}\n"
    )
    receipt = None
    if report.email:
        greeting = f"Guten Tag {report.name}," if report.name else "Guten Tag,"
        reporter_body = (
            f"{greeting}\n\nvielen Dank für Ihre Meldung einer Barriere auf unserer Website. Sie ist bei uns "
            f"angekommen. Wir prüfen sie und antworten Ihnen spätestens bis zum {due}.\n\n"
            f"Ihre Meldung:\nSeite: {where}\n{report.description}\n\n"
            "Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die Durchsetzungsstelle "
            "wenden; wie das geht, steht in unserer Erklärung zur Barrierefreiheit.\n\n"
            f"Ihren Namen und Ihre E-Mail-Adresse löschen wir {days} Tage, nachdem Ihre Meldung erledigt ist.\n\n"
            "Mit freundlichen Grüßen\nEhrenamtsagentur des Kyffhäuserkreises"
        )
        receipt = ("Ihre Barrieremeldung ist eingegangen", reporter_body, report.email)
    send_notice_and_receipt(
        editor_addresses(),
        (f"Neue Barrieremeldung – Antwort fällig am {due}", editor_body),
        receipt,
        f"zur Barrieremeldung {report.pk}",
    )


# --- retention --------------------------------------------------------------------------------------


def purge_reporter_data(now):
    """Erase name and e-mail of reports closed longer than the retention period; the report text stays."""
    cutoff = now - timedelta(days=retention_days("BARRIER_REPORT_RETENTION_DAYS"))
    expired = BarrierReport.objects.filter(
        status__in=CLOSED_STATUSES, closed_at__lte=cutoff, anonymised_at__isnull=True
    )
    return expired.update(name="", email="", consent=False, anonymised_at=now)


# --- requests of one person (Art. 15 and 17 GDPR, cms.privacy) ----------------------------------------

PERSON_DATA_FIELDS = (
    "received_at",
    "page_url",
    "description",
    "assistive_technology",
    "name",
    "email",
    "status",
)


def _reports_of(email):
    return BarrierReport.objects.filter(email__iexact=email)


def _export_person(email):
    return [row_as_dict(report, PERSON_DATA_FIELDS) for report in _reports_of(email).order_by("pk")]


def _delete_person(email):
    """Name and e-mail are erased; the description of the barrier stays, without anyone's name."""
    return _reports_of(email).update(name="", email="", consent=False, anonymised_at=timezone.now())


def person_data_provider():
    return PersonDataProvider(
        label="Barrieremeldungen",
        find=lambda email: _reports_of(email).count(),
        export=_export_person,
        delete=_delete_person,
        permissions=("barrierefreiheit.view_barrierreport", "barrierefreiheit.change_barrierreport"),
    )
