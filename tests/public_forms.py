"""Shared by the tests of the public forms: the seeded demo site (once per module), the public forms with
valid data and what each stores, how a browser posts them, what a German error page is, and what a
submission that waits for review leaves behind (a workflow, the sender's contact data, e-mails)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import quote

from django.core import mail
from django.core.management import call_command

# --- what a German error page is ---------------------------------------------------------------------

GERMAN = re.compile(
    r"gibt es nicht|muss|Bitte|ungültig|zu lang|zu viele|Zu viele|reicht von|kann nur|kann „|Unbekannt|"
    r"nicht gefunden|Nicht gefunden|liegt vor dem|nicht angenommen|nicht bearbeitet"
)
ENGLISH = ("Bad Request", "Not Found", "Server Error", "Forbidden", "Page not found", "Request Entity")


def main_text(response):
    body = response.content.decode("utf-8", errors="replace")
    found = re.search(r"<main\b.*?</main>", body, re.S)
    assert found, f"Antwort {response.status_code} ohne <main>: {body[:300]!r}"
    return re.sub(r"<[^>]+>", " ", found.group(0))


def assert_german_error(response, *statuses):
    assert 400 <= response.status_code < 500, response.status_code
    if statuses:
        assert response.status_code in statuses
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode("utf-8", errors="replace")
    assert '<html lang="de"' in body
    assert not any(word in body for word in ENGLISH)
    assert GERMAN.search(main_text(response)), main_text(response)[:500]


def encode(value: str) -> str:
    """Percent-encoding of any text, lone surrogates included (as UTF-8 would spell them)."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@dataclass
class Site:
    event: str = ""
    run: object = None
    calendar_vocab: dict = field(default_factory=dict)
    catalogue_vocab: dict = field(default_factory=dict)
    library_vocab: dict = field(default_factory=dict)


def seed_demo_site() -> Site:
    """Seeds the demo content (inside the caller's transaction) and notes what the tests need of it; the
    module-scoped `demo` fixture in tests/conftest.py rolls it back after the module."""
    from cms.models import FieldOfEngagement, Municipality, Organisation, TargetGroup
    from netzwerk.models import EventCategory, EventPage
    from qualifizierung.models import CourseRunPage

    call_command("seed_demo", verbosity=0)
    site = Site()
    site.event = EventPage.objects.live().order_by("path").first().url
    site.run = next(r for r in CourseRunPage.objects.live().order_by("path") if not r.closed_reason())
    municipalities = set(Municipality.objects.values_list("slug", flat=True))
    target_groups = set(TargetGroup.objects.values_list("slug", flat=True))
    site.calendar_vocab = {
        "kategorie": set(EventCategory.objects.values_list("slug", flat=True)),
        "zielgruppe": target_groups,
        "gemeinde": municipalities,
        "veranstalter": {
            str(pk) for pk in Organisation.objects.filter(events__live=True).values_list("pk", flat=True)
        },
    }
    site.catalogue_vocab = {
        "thema": set(FieldOfEngagement.objects.values_list("slug", flat=True)),
        "zielgruppe": target_groups,
        "gemeinde": municipalities,
    }
    site.library_vocab = {
        "ebene": {"1", "2", "3"},
        "organisationsart": set(Organisation.Kind.values),
    }
    return site


# --- listings ----------------------------------------------------------------------------------------

# --- public forms ------------------------------------------------------------------------------------


def registration_data(n):
    return {"name": "Erika Muster", "email": f"erika-{n}@verein.example", "organisation": "", "phone": "",
            "accessibility_needs": "", "consent": "on", "homepage": ""}  # fmt: skip


def submission_data(n):
    return {
        "title": f"Sommerfest {n}", "description": "Musik und Kuchen.", "start_date": (date.today() + timedelta(days=14)).isoformat(),
        "start_time": "14:00", "end_time": "18:00", "end_date": "", "repeat_until": "",
        "attendance_mode": "OfflineEventAttendanceMode", "venue": "", "venue_text": "Dorfgemeinschaftshaus, Hauptstraße 3, 99718 Clingen",
        "online_url": "", "municipality": "clingen", "organiser_name": "Heimatverein Clingen e. V.",
        "category": "", "target_groups": "familien", "costs": "kosten", "cost": "3 Euro",
        "registration_text": "", "registration_url": "", "name": "Karin Sommer",
        "email": f"karin-{n}@verein.example", "phone": "", "consent": "on", "homepage": "",
    }  # fmt: skip


def proposal_data(n):
    return {
        "title": f"Ferienwerkstatt {n}", "summary": "Eine Woche Technik.", "starting_point": "Wenige Mitglieder.",
        "steps": "Gefragt\nGeplant", "result": "Elf neue Mitglieder.", "transferability": "Passt gut.",
        "effort_time": "vier Monate", "effort_money": "1850", "effort_people": "9", "levels": "3",
        "fields_of_engagement": "kinder-und-jugendarbeit", "target_groups": "kinder-und-jugendliche",
        "municipality": "ebeleben", "organisation_name": "Feuerwehrverein Ebeleben e. V.",
        "organisation_kind": "verein", "organisation_website": "", "image_alt": "", "name": "Sandra Möbius",
        "email": f"sandra-{n}@verein.example", "phone": "", "consent": "on", "homepage": "",
    }  # fmt: skip


def stored_registrations():
    from qualifizierung.models import Registration

    return list(Registration.objects.order_by("pk").values())


def stored_submissions():
    from netzwerk.models import EventPage, EventSubmission

    return list(EventSubmission.objects.order_by("pk").values()), EventPage.objects.count()


def stored_proposals():
    from praxisbeispiele.models import ExampleProposal, PracticeExamplePage

    return list(ExampleProposal.objects.order_by("pk").values()), PracticeExamplePage.objects.count()


def barrier_report_data(n):
    return {
        "page_url": "/kurse/", "description": f"Der Knopf Suchen wird nicht vorgelesen ({n}).",
        "assistive_technology": "Screenreader", "name": "Erika Muster", "email": f"erika-{n}@verein.example",
        "consent": "on", "homepage": "",
    }  # fmt: skip


def stored_barrier_reports():
    from barrierefreiheit.models import BarrierReport

    return list(BarrierReport.objects.order_by("pk").values())


FORMS = {
    "Kursanmeldung": (lambda site: f"{site.run.url}anmelden/", registration_data, stored_registrations),
    "Veranstaltung melden": (lambda site: "/termine/melden/", submission_data, stored_submissions),
    "Praxisbeispiel vorschlagen": (lambda site: "/praxisbeispiele/vorschlagen/", proposal_data, stored_proposals),
    "Barriere melden": (lambda site: "/barrierefreiheit/barriere-melden/", barrier_report_data, stored_barrier_reports),
}  # fmt: skip


@dataclass(frozen=True)
class PublicForm:
    """One public form of the demo site (the `public_form` fixture of tests/cms/conftest.py): its name, its
    address, valid data (``data(tag)``, with the tag in the sender's address) and what it has stored."""

    name: str
    url: str
    data: Callable[[object], dict]
    stored: Callable[[], object]

    @classmethod
    def of(cls, name, site):
        url_of, data, stored = FORMS[name]
        return cls(name, url_of(site), data, stored)


def filled_in(defaults: dict, **changes) -> dict:
    """A form filled in with ``defaults``; ``changes`` replace them, a change to None leaves the field out."""
    return {key: value for key, value in {**defaults, **changes}.items() if value is not None}


def post_form(client, url, data):
    """POSTs ``data`` (a dict or key-value pairs) as a browser encodes a form."""
    pairs = data.items() if isinstance(data, dict) else data
    return client.post(url, form_body(pairs), content_type="application/x-www-form-urlencoded")


def form_body(data):
    return "&".join(
        f"{encode(key)}={value if isinstance(value, Raw) else encode(value)}" for key, value in data
    )


class Raw(str):
    """A form value already percent-encoded (invalid UTF-8)."""


# --- what a submission that waits for review leaves ---------------------------------------------------

# Who the `editors` fixture (tests/conftest.py) has told: the editor, the reviewer and the superuser with
# an address; not the reader and not the superuser without one.
EDITORS_TOLD = ["chefin@kyffhaeuser.example", "freigabe@kyffhaeuser.example", "redaktion@kyffhaeuser.example"]


def assert_waits_for_review(page, record, contact, editors_subject):
    """The draft ``page`` is in the workflow "Redaktionelle Freigabe", its ``record`` holds the sender's
    ``contact`` (name, e-mail address, phone, consent), and the editors have been told by an e-mail whose
    subject starts with ``editors_subject``."""
    from wagtail.models import WorkflowState

    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Redaktionelle Freigabe"
    assert (record.name, record.email, record.phone, record.consent) == contact
    told = sorted(message.to[0] for message in mail.outbox if message.subject.startswith(editors_subject))
    assert told == EDITORS_TOLD


def assert_hidden_from_visitors(client, page, listing):
    """A draft: its address answers 404 and the ``listing`` page does not name it."""
    assert client.get(listing.url + page.slug + "/").status_code == 404
    assert page.title not in client.get(listing.url).content.decode()


def assert_nothing_stored(*models):
    """No row in any of ``models`` and no e-mail sent."""
    assert {model.__name__: model.objects.count() for model in models} == {
        model.__name__: 0 for model in models
    }
    assert mail.outbox == []


def admin_page_as(client, user, url_name, *args) -> str:
    """The admin page ``url_name`` as ``user`` sees it; it must answer 200."""
    from django.urls import reverse

    client.force_login(user)
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    return response.content.decode()
