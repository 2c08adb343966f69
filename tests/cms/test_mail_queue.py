"""The mail queue: with the mail server down a registration is saved, its mail waits in the database and
the worker delivers it once the server is back; retries with growing delay, giving up after the limit."""

import logging
import signal
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from cms.operations.mail import deliver_email, deserialize_message, serialize_message
from cms.privacy import purge_expired
from qualifizierung.models import Registration, RegistrationStatus
from tests.factories import in_days, make_course, make_run
from tests.servers import free_port

pytestmark = pytest.mark.django_db


SUBJECT = "Anmeldebestätigung: Vereinsrecht für Vorstände: Zwei Abende in Artern"


@pytest.fixture
def smtp_port():
    """A port on the loopback address where nothing listens (the mail server is down)."""
    return free_port()


@pytest.fixture
def queue_on(smtp_port):
    """EMAIL_QUEUE on, delivery through real SMTP to 127.0.0.1:<smtp_port>."""
    with override_settings(
        EMAIL_BACKEND="cms.operations.mail.QueuedEmailBackend",
        EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=5,
        EMAIL_MAX_ATTEMPTS=4,
        EMAIL_RETRY_MINUTES=[1, 5, 15],
    ):
        yield


class Sink:
    """A real SMTP server (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def mail_server_back(smtp_port):
    """Starts the mail server on the port the delivery backend uses; returns its received envelopes."""
    controllers = []

    def start():
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return sink.envelopes

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def run_worker(monkeypatch):
    """Runs `manage.py mail_worker --batch` (what is due, then exit) and restores pytest's signal handlers.

    The worker closes "old" connections between tasks; inside the test's transaction that would close the
    test database, so that one call is left out here.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run():
        call_command("mail_worker", "--batch", "--no-startup-delay", verbosity=0)
        for sig, handler in saved.items():
            signal.signal(sig, handler)

    yield run
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def mail_tasks(status=None):
    tasks = DBTaskResult.objects.filter(backend_name="mail").order_by("enqueued_at")
    return tasks.filter(status=status) if status else tasks


def time_passes(minutes):
    """The queue's clock moves on: every waiting task becomes due `minutes` earlier."""
    for task in mail_tasks("READY"):
        task.run_after -= timedelta(minutes=minutes)
        task.save(update_fields=["run_after"])


@pytest.fixture
def run(programme):
    course = make_course(programme, "Vereinsrecht für Vorstände")
    return make_run(course, "Zwei Abende in Artern", in_days(14), sessions=2, capacity=2)


def register(citizen, run, **data):
    form = {"name": "Jana Pfeiffer", "email": "jana.pfeiffer@verein.example", "consent": "on", **data}
    return citizen.post(run.url + run.reverse_subpage("register"), form)


def test_with_the_mail_server_down_a_registration_is_saved_and_its_mail_delivered_when_the_server_is_back(
    citizen, run, queue_on, run_worker, mail_server_back
):
    response = register(citizen, run)
    assert response.status_code == 302
    assert "Vielen Dank für Ihre Anmeldung" in citizen.get(response["Location"]).content.decode()
    person = Registration.objects.get(run=run)
    assert (person.name, person.status) == ("Jana Pfeiffer", RegistrationStatus.REGISTERED)
    assert mail.outbox == []
    queued = mail_tasks().get()
    assert (queued.status, queued.task_path, queued.args_kwargs["args"][1]) == (
        "READY",
        "cms.operations.mail.deliver_email",
        1,
    )

    started = timezone.now()
    run_worker()  # the server is still down
    first, retry = mail_tasks()
    assert first.status == "SUCCESSFUL" and first.return_value["delivered"] is False
    assert retry.status == "READY"
    assert retry.args_kwargs["args"][1] == 2
    assert started + timedelta(seconds=55) <= retry.run_after <= timezone.now() + timedelta(seconds=65)

    run_worker()  # nothing is due before the retry time
    assert list(mail_tasks().values_list("status", flat=True)) == ["SUCCESSFUL", "READY"]

    received = mail_server_back()
    time_passes(minutes=1)
    run_worker()
    assert [task.status for task in mail_tasks()] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert len(received) == 1
    assert received[0].rcpt_tos == ["jana.pfeiffer@verein.example"]
    message = message_from_bytes(received[0].original_content)
    assert str(make_header(decode_header(message["Subject"]))) == SUBJECT
    text, attachment = (
        next(part for part in message.walk() if part.get_content_type() == kind)
        for kind in ("text/plain", "text/calendar")
    )
    assert "Ihre Anmeldung ist bestätigt" in text.get_payload(decode=True).decode("utf-8")
    assert b"BEGIN:VEVENT" in attachment.get_payload(decode=True)  # the dates survive the queue

    time_passes(minutes=60)
    run_worker()
    assert len(received) == 1  # delivered exactly once


def test_each_failed_attempt_waits_longer_and_the_last_one_marks_the_task_failed_without_addresses(
    citizen, run, queue_on, run_worker, caplog
):
    caplog.set_level(logging.INFO)
    register(citizen, run, name="Łukasz Wójcik", email="lukasz.wojcik@verein.example")
    delays = []
    for attempt in range(1, 4):
        before = timezone.now()
        run_worker()
        retry = mail_tasks("READY").get()
        assert retry.args_kwargs["args"][1] == attempt + 1
        delays.append(round((retry.run_after - before).total_seconds() / 60))
        time_passes(minutes=delays[-1])
    assert delays == [1, 5, 15]

    run_worker()  # fourth attempt of four
    assert mail_tasks("READY").count() == 0
    failed = mail_tasks("FAILED").get()
    assert failed.exception_class_path == "cms.operations.mail.MailDeliveryFailed"
    assert "Zustellung nach 4 Versuchen aufgegeben (ConnectionRefusedError)" in failed.traceback
    assert "E-Mail nach 4 Versuchen aufgegeben" in caplog.text
    assert "E-Mail-Versuch 3 von 4 gescheitert (ConnectionRefusedError)" in caplog.text
    for text in (caplog.text, failed.traceback):
        assert "@" not in text
        assert "Wójcik" not in text
        assert "Anmeldebestätigung" not in text
    assert Registration.objects.filter(email="lukasz.wojcik@verein.example").exists()


def test_a_queued_message_keeps_html_alternative_attachments_cc_and_headers():
    message = mail.EmailMultiAlternatives(
        "Teilnahmebescheinigung",
        "Guten Tag,\nanbei Ihre Bescheinigung.",
        to=["a@verein.example"],
        cc=["b@verein.example"],
        bcc=["c@verein.example"],
        reply_to=["kurse@kyffhaeuser.example"],
        headers={"X-Kurs": "42"},
    )
    message.attach_alternative("<p>Guten Tag,<br>anbei Ihre Bescheinigung.</p>", "text/html")
    message.attach("bescheinigung.pdf", b"%PDF-1.7\n\x00\xff binary", "application/pdf")
    message.attach("termin.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    data = serialize_message(message)
    copy = deserialize_message(data)

    assert (copy.subject, copy.body, copy.to, copy.cc, copy.bcc, copy.reply_to) == (
        message.subject,
        message.body,
        message.to,
        message.cc,
        message.bcc,
        message.reply_to,
    )
    assert copy.alternatives == [("<p>Guten Tag,<br>anbei Ihre Bescheinigung.</p>", "text/html")]
    assert copy.attachments == [
        ("bescheinigung.pdf", b"%PDF-1.7\n\x00\xff binary", "application/pdf"),
        ("termin.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
    ]
    assert copy.extra_headers["X-Kurs"] == "42"
    # Date and Message-ID are fixed when queued: every retry sends the same message.
    assert copy.extra_headers["Message-ID"] == deserialize_message(data).message()["Message-ID"]
    assert copy.message()["Date"] == data["headers"]["Date"]


def test_every_mail_of_the_site_goes_through_the_queue_when_it_is_on(queue_on, run_worker):
    sent = mail.send_mail("Betreff", "Text", None, ["person@verein.example"])
    assert sent == 1
    assert mail.outbox == []
    task = mail_tasks().get()
    assert task.args_kwargs["args"][0]["to"] == ["person@verein.example"]
    with override_settings(EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        run_worker()
    assert [(m.subject, m.to) for m in mail.outbox] == [("Betreff", ["person@verein.example"])]
    assert mail_tasks().get().status == "SUCCESSFUL"


def test_the_task_delivers_with_the_delivery_backend_directly():
    result = deliver_email.call(
        serialize_message(mail.EmailMessage("Hallo", "Text", to=["x@verein.example"]))
    )
    assert result == {"attempt": 1, "delivered": True}
    assert [m.subject for m in mail.outbox] == ["Hallo"]


def test_sent_and_abandoned_mails_leave_the_queue_after_the_retention_period(queue_on, run_worker):
    mail.send_mail("Alt", "Text", None, ["alt@verein.example"])
    with override_settings(EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        run_worker()
    mail_tasks().update(finished_at=timezone.now() - timedelta(days=31))
    mail.send_mail("Neu", "Text", None, ["neu@verein.example"])  # still waiting: stays
    results = dict(purge_expired())
    assert results["Versandte und aufgegebene E-Mails der Warteschlange"] == 1
    assert [task.args_kwargs["args"][0]["subject"] for task in mail_tasks()] == ["Neu"]


def test_wagtails_workflow_mails_with_html_go_through_the_queue_unchanged(queue_on, run_worker):
    from wagtail.admin.mail import send_mail as wagtail_send_mail

    wagtail_send_mail(
        "Seite zur Freigabe eingereicht",
        "Bitte prüfen.",
        ["freigabe@kyffhaeuser.example"],
        html_message="<p>Bitte prüfen.</p>",
    )
    assert mail.outbox == []
    with override_settings(EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        run_worker()
    [message] = mail.outbox
    assert (message.subject, message.to) == (
        "Seite zur Freigabe eingereicht",
        ["freigabe@kyffhaeuser.example"],
    )
    assert message.alternatives == [("<p>Bitte prüfen.</p>", "text/html")]


def test_a_persons_queued_mails_are_part_of_their_export_and_deleted_on_request(queue_on, citizen, run):
    from cms.privacy import delete_person, export_person

    register(citizen, run)
    register(citizen, run, name="Ole Brandt", email="ole.brandt@verein.example")
    assert mail_tasks().count() >= 2

    exported = export_person("Jana.Pfeiffer@verein.example")["Daten"]["E-Mails in der Versandwarteschlange"]
    assert exported and all(entry["Empfänger"] == "jana.pfeiffer@verein.example" for entry in exported)
    assert all("Vereinsrecht" in entry["Betreff"] for entry in exported)

    others_before = len(
        export_person("ole.brandt@verein.example")["Daten"]["E-Mails in der Versandwarteschlange"]
    )
    deleted = dict(delete_person("jana.pfeiffer@verein.example"))["E-Mails in der Versandwarteschlange"]
    assert deleted == len(exported)
    assert export_person("jana.pfeiffer@verein.example")["Daten"]["E-Mails in der Versandwarteschlange"] == []
    others_after = export_person("ole.brandt@verein.example")["Daten"]["E-Mails in der Versandwarteschlange"]
    assert len(others_after) == others_before > 0
