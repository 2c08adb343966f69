"""Every mail the site sends, through Django's locmem backend: each link in it is on the public address and
leads to a real page; every mail about a registration carries the personal link; confirmations carry the
dates as iCalendar; submitters hear of the editors' decision; each editor gets one mail per submission."""

import re
from collections import Counter
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.http import QueryDict
from django.test import Client
from wagtail.models import WorkflowState

from barrierefreiheit.models import AccessibilityStatementPage
from home.models import ContentPage
from netzwerk.models import CalendarPage, EventPage
from praxisbeispiele.models import LibraryPage, PracticeExamplePage
from qualifizierung import services
from qualifizierung.models import CourseProgrammePage, Registration
from tests.factories import cancel_run, in_days, make_course, make_run
from tests.public_forms import proposal_data, registration_data, submission_data

LINK = re.compile(r"https?://[^\s<>\"“”„»«]+")
REASON = "Bitte ergänzen Sie, wer die Ferienwoche geleitet hat, und reichen Sie den Vorschlag neu ein."
REGISTRATION_SUBJECTS = ("Anmeldebestätigung", "Warteliste", "Abmeldung", "Sie sind nachgerückt", "Erinnerung",
                         "Abgesagt")  # fmt: skip


def links(message) -> list[str]:
    return [link.rstrip(".,;:)") for link in LINK.findall(message.body)]


def by_subject(prefix, to=None):
    found = [m for m in mail.outbox if m.subject.startswith(prefix) and (to is None or m.to == [to])]
    assert found, f"Keine E-Mail „{prefix}…“ an {to or 'irgendwen'}: {[m.subject for m in mail.outbox]}"
    return found


def calendar_events(message):
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    filename, content, _mimetype = attachment
    assert filename.endswith(".ics")
    return icalendar.Calendar.from_ical(content).walk("VEVENT")


# role: (username, group, superuser); the chief is a superuser in the editors' group, the case that used to
# get several mails about one proposal.
TEAM = {"editor": ("redaktion", "Redaktion", False), "publisher": ("freigabe", "Freigabe", False),
        "chief": ("chefin", "Redaktion", True)}  # fmt: skip


@pytest.fixture
def editors(db):
    team = {}
    for role, (name, group, superuser) in TEAM.items():
        create = (
            get_user_model().objects.create_superuser if superuser else get_user_model().objects.create_user
        )
        team[role] = create(name, f"{name}@kyffhaeuser.example", "x" * 12)
        team[role].groups.add(Group.objects.get(name=group))
    return team


@pytest.fixture
def small_run(demo, db):
    programme = CourseProgrammePage.objects.live().first()
    course = make_course(programme, "Kassenführung im Verein")
    return make_run(course, "Kassenführung an zwei Abenden", in_days(10), sessions=2, capacity=1)


def register(client, run, n):
    response = client.post(run.url + "anmelden/", registration_data(n))
    assert response.status_code == 302, response.content.decode()[:500]
    return registration_data(n)["email"]


def place_and_waiting(web, run, capture, n):
    """Two registrations for the run with one place: the first gets it, the second waits."""
    with capture(execute=True):
        first = register(web, run, n)
        second = register(web, run, n + 1)
    return first, second


def personal_path(message) -> str:
    """The path of the personal link in a mail about a registration."""
    return urlsplit(next(link for link in links(message) if "/anmeldung/" in link)).path


def workflow_state(page):
    return WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)


def send_every_mail(web, run, editors, capture):
    """Everything that sends a mail, once: registrations, waiting list, cancelling and moving up, a reminder,
    a cancelled run, the three public forms, both decisions, an editor's own moderation, a password reset."""
    first, second = place_and_waiting(web, run, capture, 1)
    with capture(execute=True):  # the first cancels, the second moves up
        assert web.post(personal_path(by_subject("Anmeldebestätigung", first)[0])).status_code == 200
    with capture(execute=True):
        services.send_reminder(run, Registration.objects.get(email=second))
        cancel_run(run)
    with capture(execute=True):
        assert (
            web.post(CalendarPage.objects.live().first().url + "melden/", submission_data(1)).status_code
            == 302
        )
        assert (
            web.post(LibraryPage.objects.live().first().url + "vorschlagen/", proposal_data(1)).status_code
            == 302
        )
        statement = AccessibilityStatementPage.objects.live().first()
        report = {"page_url": run.url, "description": "Der Knopf „Anmelden“ ist zu klein.", "assistive_technology": "",
                  "name": "Jana Beispiel", "email": "jana@beispiel.example", "consent": "on", "homepage": ""}  # fmt: skip
        assert web.post(statement.url + "barriere-melden/", report).status_code == 302
    event = EventPage.objects.get(title="Sommerfest 1")
    example = PracticeExamplePage.objects.get(title="Ferienwerkstatt 1")
    with capture(execute=True):
        workflow_state(event).current_task_state.specific.approve(user=editors["publisher"])
        workflow_state(example).current_task_state.specific.reject(user=editors["publisher"], comment=REASON)
    with capture(execute=True):
        home = ContentPage.objects.live().first().get_parent()
        draft = ContentPage(title="Neue Seite zur Freigabe", slug="neue-seite-zur-freigabe", live=False)
        home.add_child(instance=draft)
        draft.save_revision(user=editors["editor"])
        draft.get_workflow().start(draft, editors["editor"])
        workflow_state(draft).current_task_state.specific.reject(
            user=editors["publisher"], comment="Bitte kürzen."
        )
    with capture(execute=True):
        assert (
            web.post("/admin/password_reset/", {"email": "redaktion@kyffhaeuser.example"}).status_code == 302
        )
    return {"first": first, "second": second, "event": event, "example": example, "draft": draft}


@pytest.mark.django_db
def test_every_link_in_every_mail_is_on_the_public_address_and_leads_to_a_real_page(
    web, small_run, editors, django_capture_on_commit_callbacks
):
    sent = send_every_mail(web, small_run, editors, django_capture_on_commit_callbacks)
    subjects = [m.subject for m in mail.outbox]
    for expected in (*REGISTRATION_SUBJECTS, "Neue Veranstaltung gemeldet", "Ihre Veranstaltung ist gemeldet",
                     "Neuer Vorschlag", "Ihr Vorschlag für ein Praxisbeispiel ist eingegangen", "Neue Barrieremeldung",
                     "Ihre Barrieremeldung ist eingegangen", "Ihre Veranstaltung ist veröffentlicht",
                     "Ihr Praxisbeispiel wird nicht veröffentlicht"):  # fmt: skip
        assert any(subject.startswith(expected) for subject in subjects), (expected, subjects)
    wagtail_notices = [
        m for m in mail.outbox if sent["draft"].title in m.subject or sent["draft"].title in m.body
    ]
    assert {m.to[0] for m in wagtail_notices} >= {
        "freigabe@kyffhaeuser.example",
        "redaktion@kyffhaeuser.example",
    }
    reset = [m for m in mail.outbox if "/admin/password_reset/confirm/" in m.body]
    assert [m.to for m in reset] == [["redaktion@kyffhaeuser.example"]]

    editor_client = Client()
    editor_client.force_login(editors["chief"])
    followed = 0
    for message in mail.outbox:
        for link in links(message):
            parts = urlsplit(link)
            assert f"{parts.scheme}://{parts.netloc}" == settings.PUBLIC_BASE_URL, (message.subject, link)
            is_admin = parts.path.startswith("/admin/") and "/password_reset/" not in parts.path
            client = editor_client if is_admin else Client()
            response = client.get(parts.path, QueryDict(parts.query), follow=True)
            assert response.status_code == 200, (message.subject, link, response.status_code)
            assert all(status in (301, 302) for _url, status in response.redirect_chain), (
                link,
                response.redirect_chain,
            )
            followed += 1
    assert followed >= 25


@pytest.mark.django_db
def test_every_mail_about_a_registration_carries_the_one_personal_link_of_that_person(
    web, small_run, editors, django_capture_on_commit_callbacks
):
    sent = send_every_mail(web, small_run, editors, django_capture_on_commit_callbacks)
    moved_up = by_subject("Sie sind nachgerückt", sent["second"])[0]
    assert "ersten E-Mail" not in moved_up.body

    for person in (sent["first"], sent["second"]):
        messages = [
            m for m in mail.outbox if m.to == [person] and m.subject.startswith(REGISTRATION_SUBJECTS)
        ]
        personal = {link for m in messages for link in links(m) if "/anmeldung/" in link}
        assert len(personal) == 1, (person, [m.subject for m in messages], personal)
        for message in messages:
            assert [link for link in links(message) if "/anmeldung/" in link] == list(personal), (
                message.subject
            )
        response = Client().get(urlsplit(personal.pop()).path)
        assert response.status_code == 200
        assert response.context["registration"].email == person
    kinds = Counter(m.subject.split(":")[0] for m in mail.outbox if m.to == [sent["second"]])
    assert kinds == {"Warteliste": 1, "Sie sind nachgerückt": 1, "Erinnerung": 1, "Abgesagt": 1}


@pytest.mark.django_db
def test_the_moved_up_mail_link_cancels_the_place(
    web, small_run, editors, django_capture_on_commit_callbacks
):
    first, second = place_and_waiting(web, small_run, django_capture_on_commit_callbacks, 3)
    with django_capture_on_commit_callbacks(execute=True):
        web.post(personal_path(by_subject("Anmeldebestätigung", first)[0]))
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(personal_path(by_subject("Sie sind nachgerückt", second)[0]))
    assert response.status_code == 200
    assert Registration.objects.get(email=second).status == "cancelled"
    assert by_subject("Abmeldung", second)


@pytest.mark.django_db
def test_confirmations_of_a_place_attach_the_sessions_as_icalendar(
    web, small_run, editors, django_capture_on_commit_callbacks
):
    first, second = place_and_waiting(web, small_run, django_capture_on_commit_callbacks, 5)
    assert by_subject("Warteliste", second)[0].attachments == []  # no place yet, no dates to keep
    confirmation = by_subject("Anmeldebestätigung", first)[0]
    (vevent,) = calendar_events(confirmation)
    sessions = small_run.sessions()
    assert len(sessions) == 2
    assert vevent["DTSTART"].dt == sessions[0].local_start
    assert str(vevent["RRULE"].to_ical().decode()).startswith("FREQ=WEEKLY")
    assert str(vevent["SUMMARY"]) == "Kassenführung im Verein"
    assert str(vevent["URL"]) == f"{settings.PUBLIC_BASE_URL}{small_run.url}"

    with django_capture_on_commit_callbacks(execute=True):
        web.post(personal_path(confirmation))
    (moved_up_event,) = calendar_events(by_subject("Sie sind nachgerückt", second)[0])
    assert moved_up_event["UID"] == vevent["UID"]


@pytest.mark.django_db
def test_submitters_hear_of_publication_with_the_link_and_of_rejection_with_the_editors_reason(
    web, small_run, editors, django_capture_on_commit_callbacks
):
    sent = send_every_mail(web, small_run, editors, django_capture_on_commit_callbacks)
    published = by_subject("Ihre Veranstaltung ist veröffentlicht", submission_data(1)["email"])
    assert len(published) == 1
    event = EventPage.objects.get(pk=sent["event"].pk)
    assert event.live
    assert f"{settings.PUBLIC_BASE_URL}{event.url}" in links(published[0])
    declined = by_subject("Ihr Praxisbeispiel wird nicht veröffentlicht", proposal_data(1)["email"])
    assert len(declined) == 1
    assert REASON in declined[0].body
    assert not PracticeExamplePage.objects.get(pk=sent["example"].pk).live


@pytest.mark.django_db
def test_each_editor_gets_one_mail_per_submission(web, demo, editors, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        web.post(LibraryPage.objects.live().first().url + "vorschlagen/", proposal_data(7))
        web.post(CalendarPage.objects.live().first().url + "melden/", submission_data(7))
    editor_addresses = {user.email for user in editors.values()}
    per_editor = Counter(m.to[0] for m in mail.outbox if m.to[0] in editor_addresses)
    # Two submissions: two mails for each editor, the superuser in the editors' group included.
    assert per_editor == dict.fromkeys(editor_addresses, 2)

    mail.outbox.clear()
    home = ContentPage.objects.live().first().get_parent()
    draft = ContentPage(title="Eigene Seite zur Freigabe", slug="eigene-seite-zur-freigabe", live=False)
    home.add_child(instance=draft)
    draft.save_revision(user=editors["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        draft.get_workflow().start(draft, editors["editor"])
    # An editor's own submission: Wagtail tells the approvers and the superuser, each once, not the editor.
    recipients = Counter(m.to[0] for m in mail.outbox if m.to[0] in editor_addresses)
    assert recipients == {"freigabe@kyffhaeuser.example": 1, "chefin@kyffhaeuser.example": 1}
