"""No personal data in logs: the filter installed on the configured handlers masks e-mail addresses, phone
numbers and IP addresses in messages, arguments and exception texts, on real code paths that log."""

import importlib
import io
import logging
import smtplib
import sys

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from cms.operations.logging import MaskPersonalData, mask
from qualifizierung.services import register
from tests.factories import in_days, make_course, make_run
from tests.netzwerk.test_submissions import submission_data, submit

ADDRESS = "anna.beispiel@verein.example"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient and names the address in its error, as real ones do."""

    def send_messages(self, email_messages):
        recipients = [address for message in email_messages for address in message.recipients()]
        raise smtplib.SMTPRecipientsRefused(
            {
                address: (550, f"5.1.1 <{address}>: unknown user, client 192.0.2.44".encode())
                for address in recipients
            }
        )


@pytest.fixture
def log_output(settings):
    """What the configured (masked) root handler writes, captured in memory."""
    settings.EMAIL_BACKEND = "tests.cms.test_logging.RefusingBackend"
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(item, MaskPersonalData) for item in handler.filters)
    ]
    assert handlers, "LOGGING installs no handler with the MaskPersonalData filter"
    buffer = io.StringIO()
    previous = [handler.setStream(buffer) for handler in handlers]
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)
        handler.setFormatter(None)


def test_settings_install_the_filter_on_every_handler():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name
    assert settings.LOGGING["filters"]["personal_data"]["()"] == "cms.operations.logging.MaskPersonalData"


def test_production_settings_install_the_filter_too(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "nur-fuer-diesen-test-" + "x" * 40)
    monkeypatch.setenv("ALLOWED_HOSTS", "ehrenamt.example")
    sys.modules.pop("cms.settings.production", None)
    try:
        production = importlib.import_module("cms.settings.production")
    finally:
        sys.modules.pop("cms.settings.production", None)

    for name, handler in production.LOGGING["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name
    assert production.LOGGING["filters"]["personal_data"]["()"] == "cms.operations.logging.MaskPersonalData"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mail an anna.beispiel@verein.example gescheitert", "Mail an [E-Mail] gescheitert"),
        ("Anfrage von 192.0.2.44 und 2001:db8::7", "Anfrage von [IP] und [IP]"),
        ("Rückruf unter +49 361 1234567 oder (0361) 12 34 56", "Rückruf unter [Telefon] oder [Telefon]"),
        ("Telefon 03632/99999, Fax 0049-361-12345", "Telefon [Telefon], Fax [Telefon]"),
    ],
)
def test_mask_replaces_addresses_phone_numbers_and_ips(text, expected):
    assert mask(text) == expected


def test_mask_keeps_dates_times_counts_and_versions():
    line = "Termin 25.11.2026 18:00:00, Seite 1234, 17 Termine, Version 1.2.3, 2026-11-25 09:40:00,123"
    assert mask(line) == line


def test_the_filter_masks_arguments_and_the_exception_text():
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "Fehler für %s (%s)", (ADDRESS, "0361 1234567"), None
    )
    try:
        raise ValueError(f"refused {ADDRESS} from 192.0.2.44")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert MaskPersonalData().filter(record) is True
    assert record.getMessage() == "Fehler für [E-Mail] ([Telefon])"
    assert "refused [E-Mail] from [IP]" in record.exc_text
    assert ADDRESS not in record.exc_text


def test_a_failing_confirmation_mail_logs_without_the_address(programme, committed, log_output):
    run = make_run(make_course(programme, "Erste Hilfe im Verein"), "Erste Hilfe im Mai", in_days(30))
    committed(register, run.pk, name="Anna Beispiel", email=ADDRESS, phone="0361 1234567")

    output = log_output.getvalue()
    assert "konnte nicht gesendet werden" in output
    assert "SMTPRecipientsRefused" in output and "[E-Mail]" in output
    assert ADDRESS not in output and "192.0.2.44" not in output


def test_a_failing_mail_after_an_event_submission_logs_without_the_address(
    client, calendar_page, django_capture_on_commit_callbacks, log_output
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, calendar_page, submission_data(email=ADDRESS))
    assert response.status_code == 302

    output = log_output.getvalue()
    assert "E-Mails zur gemeldeten Veranstaltung" in output
    assert ADDRESS not in output and "192.0.2.44" not in output


def test_rejected_requests_are_logged_by_django_without_the_address(client, calendar_page, log_output):
    rejected = submit(client, calendar_page, submission_data(email=ADDRESS, start_date="kein-datum"))
    assert rejected.status_code == 400
    missing = client.get(f"/kontakt/{ADDRESS}/", REMOTE_ADDR="192.0.2.44")
    assert missing.status_code == 404

    output = log_output.getvalue()
    assert "Bad Request: /" in output and "Not Found: /kontakt/[E-Mail]/" in output
    assert ADDRESS not in output and "192.0.2.44" not in output
