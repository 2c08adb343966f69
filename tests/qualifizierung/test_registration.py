"""Registration for a course run: places, waiting list, personal cancel link, closing, bad input, and
no more registrations than places under 50 parallel requests."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from qualifizierung import services as service
from qualifizierung.models import Registration, RegistrationStatus
from tests.factories import cancel_run, in_days, make_course, make_run

pytestmark = pytest.mark.django_db


# Fixtures shared with the other course test modules.


def form(**overrides):
    data = {"name": "Jana Pfeiffer", "email": "jana.pfeiffer@verein.example", "consent": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register_url(run):
    return run.url + run.reverse_subpage("register")


def cancel_link(message):
    return re.search(r"http://\S+/anmeldung/\S+/", message.body).group(0)


@pytest.fixture
def run(programme):
    course = make_course(programme, "Vereinsrecht für Vorstände")
    return make_run(course, "Zwei Abende in Artern", in_days(14), sessions=2, capacity=2)


def test_a_free_place_is_taken_at_once_and_confirmed_by_mail_with_a_personal_cancel_link(citizen, run):
    response = citizen.post(register_url(run), form())
    assert response.status_code == 302
    person = Registration.objects.get(run=run)
    assert person.status == RegistrationStatus.REGISTERED
    assert person.waiting_position is None
    page = citizen.get(response["Location"])
    assert "Vielen Dank für Ihre Anmeldung" in page.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jana.pfeiffer@verein.example"]
    assert message.subject == "Anmeldebestätigung: Vereinsrecht für Vorstände: Zwei Abende in Artern"
    link = cancel_link(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in person.token_hash
    assert person.token_hash == service.token_hash(token)


def test_a_full_run_puts_people_on_the_waiting_list_with_their_position(citizen, run):
    for number in range(4):
        citizen.post(register_url(run), form(email=f"person{number}@verein.example"))
    rows = list(Registration.objects.filter(run=run).order_by("pk").values_list("status", "waiting_position"))
    assert rows == [("registered", None), ("registered", None), ("waiting", 1), ("waiting", 2)]
    assert "Platz 2 der Warteliste" in mail.outbox[-1].body
    assert mail.outbox[-1].subject.startswith("Warteliste: ")
    detail = citizen.get(run.url).content.decode()
    assert "ausgebucht – Warteliste" in detail
    assert "2 auf der Warteliste" in detail


def test_cancelling_through_the_link_moves_the_first_waiting_person_up_and_tells_them(citizen, run):
    for number in range(4):
        citizen.post(register_url(run), form(email=f"person{number}@verein.example", name=f"Person {number}"))
    first_link = cancel_link(mail.outbox[0])
    mail.outbox.clear()
    page = citizen.get(first_link)
    assert page.status_code == 200
    assert "Anmeldung zurücknehmen" in page.content.decode()
    assert Registration.objects.filter(status="cancelled").count() == 0  # a GET changes nothing

    response = citizen.post(first_link)
    assert response.status_code == 200
    assert "Sie sind abgemeldet" in response.content.decode()
    rows = dict(Registration.objects.filter(run=run).values_list("email", "status"))
    assert rows == {
        "person0@verein.example": "cancelled",
        "person1@verein.example": "registered",
        "person2@verein.example": "registered",
        "person3@verein.example": "waiting",
    }
    assert Registration.objects.get(email="person3@verein.example").waiting_position == 1
    assert Registration.objects.get(email="person2@verein.example").promoted_at is not None
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "person0@verein.example": "Abmeldung: Vereinsrecht für Vorstände: Zwei Abende in Artern",
        "person2@verein.example": "Sie sind nachgerückt: Vereinsrecht für Vorstände: Zwei Abende in Artern",
    }
    again = citizen.post(first_link)
    assert again.status_code == 400
    assert "schon abgemeldet" in again.content.decode()


def test_a_waiting_person_who_cancels_closes_the_gap_behind_them(run, committed):
    results = [
        committed(service.register, run.pk, name=f"P{n}", email=f"p{n}@verein.example") for n in range(5)
    ]
    committed(service.cancel, run.pk, results[2].token)
    waiting = list(
        Registration.objects.filter(status="waiting")
        .order_by("waiting_position")
        .values_list("email", "waiting_position")
    )
    assert waiting == [("p3@verein.example", 1), ("p4@verein.example", 2)]


def test_a_forged_cancel_link_gets_a_german_404_and_changes_nothing(citizen, run):
    citizen.post(register_url(run), form())
    before = list(Registration.objects.values_list("pk", "status"))
    forged = run.url + run.reverse_subpage("manage", args=["ausgedacht-" + "x" * 30])
    for response in (citizen.get(forged), citizen.post(forged)):
        assert response.status_code == 404
        assert "Dieser Link zum Abmelden ist ungültig" in response.content.decode()
    assert list(Registration.objects.values_list("pk", "status")) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(consent=None), "Ohne Ihr Einverständnis können wir Ihre Anmeldung nicht annehmen."),
        (form(email="jana.pfeiffer(at)verein"), "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        (form(name=""), "Bitte geben Sie Ihren Namen an."),
    ],
)
def test_bad_input_gets_a_german_message_and_registers_nobody(citizen, run, data, message):
    response = citizen.post(register_url(run), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert message in html
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_the_same_address_cannot_register_twice_for_one_run(citizen, run):
    citizen.post(register_url(run), form())
    response = citizen.post(register_url(run), form(email="JANA.PFEIFFER@verein.example"))
    assert response.status_code == 400
    assert "schon eine Anmeldung" in response.content.decode()
    assert Registration.objects.count() == 1


def test_registration_closes_at_the_deadline(citizen, run):
    run.registration_deadline = timezone.now() - timedelta(minutes=1)
    run.save_revision().publish()
    response = citizen.post(register_url(run), form())
    assert response.status_code == 409
    assert "Die Anmeldefrist für diesen Kurstermin ist abgelaufen." in response.content.decode()
    assert Registration.objects.count() == 0
    assert "Anmeldung geschlossen" in citizen.get(run.url).content.decode()


def test_registration_closes_when_editors_close_it(citizen, run):
    run.registration_closed = True
    run.save_revision().publish()
    response = citizen.post(register_url(run), form())
    assert response.status_code == 409
    assert "Die Anmeldung für diesen Kurstermin ist geschlossen." in response.content.decode()
    assert Registration.objects.count() == 0


def test_a_cancelled_run_takes_no_registrations(citizen, run):
    cancel_run(run)
    response = citizen.post(register_url(run), form())
    assert response.status_code == 409
    assert "abgesagt" in response.content.decode()
    assert Registration.objects.count() == 0


def test_cancelling_a_run_informs_everyone_registered_or_waiting_once(run, committed):
    for number in range(3):
        committed(service.register, run.pk, name=f"Person {number}", email=f"p{number}@verein.example")
    mail.outbox.clear()
    cancelled = committed(cancel_run, run)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "p0@verein.example",
        "p1@verein.example",
        "p2@verein.example",
    ]
    assert all(
        message.subject == "Abgesagt: Vereinsrecht für Vorstände: Zwei Abende in Artern"
        for message in mail.outbox
    )
    assert cancelled.cancellation_notified_at is not None
    mail.outbox.clear()
    committed(cancelled.save_revision().publish)  # published again, still cancelled: nobody is told twice
    assert mail.outbox == []


def test_more_places_on_publishing_move_waiting_people_up(run, committed):
    for number in range(4):
        committed(service.register, run.pk, name=f"Person {number}", email=f"p{number}@verein.example")
    mail.outbox.clear()
    run.capacity = 3
    committed(run.save_revision().publish)
    assert Registration.objects.filter(status="registered").count() == 3
    assert list(Registration.objects.filter(status="waiting").values_list("email", "waiting_position")) == [
        ("p3@verein.example", 1)
    ]
    assert [message.to for message in mail.outbox] == [["p2@verein.example"]]


def test_the_form_links_the_privacy_notice_of_the_site_configuration(citizen, run, home):
    from wagtail.models import Site

    from cms.models import SiteConfiguration
    from tests.factories import ContentPageFactory

    privacy = ContentPageFactory(parent=home, title="Datenschutz", slug="datenschutz")
    config = SiteConfiguration.for_site(Site.objects.get(is_default_site=True))
    config.privacy_page = privacy
    config.save()
    html = citizen.get(register_url(run)).content.decode()
    assert 'href="/datenschutz/">Zur Datenschutzerklärung</a>' in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_registrations_for_ten_places_give_ten_places_and_forty_waiting(programme):
    course = make_course(programme, "Erste Hilfe für Übungsleitung")
    run = make_run(course, "Samstag in Greußen", in_days(20), capacity=10)
    mail.outbox.clear()
    start = threading.Barrier(50)
    errors = []

    def one(number):
        try:
            start.wait()
            service.register(run.pk, name=f"Person {number}", email=f"person{number}@verein.example")
        except Exception as error:  # collected and asserted below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(number,)) for number in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    rows = Registration.objects.filter(run=run)
    assert rows.count() == 50
    assert rows.filter(status=RegistrationStatus.REGISTERED).count() == 10
    positions = sorted(
        rows.filter(status=RegistrationStatus.WAITING).values_list("waiting_position", flat=True)
    )
    assert positions == list(range(1, 41))
    assert len(mail.outbox) == 50
