"""The mail queue: every e-mail of the site is stored in the database first and sent by a worker.

With ``EMAIL_QUEUE`` on (the default in production) ``EMAIL_BACKEND`` is ``QueuedEmailBackend``. It
turns each message into plain JSON and enqueues the task ``deliver_email`` on the task backend "mail"
(django-tasks' database backend, see ``TASKS`` in the settings), in the same transaction as whatever
the request saved: a registration is never lost because the mail server is down, and a rolled-back
registration sends nothing. ``manage.py mail_worker`` runs the queue; it sends with the real backend
``EMAIL_DELIVERY_BACKEND`` (built from ``EMAIL_URL``). A failed attempt enqueues the next one with a
growing delay (``EMAIL_RETRY_MINUTES``); after ``EMAIL_MAX_ATTEMPTS`` the task is marked as failed.
Log lines name the task and the attempt, never an address or a subject.

App code needs nothing of this: it keeps using Django's mail API (``send_mail``, ``EmailMessage``,
``get_connection().send_messages``), and so do Wagtail's workflow and password mails.
"""

from __future__ import annotations

import base64
import logging
from datetime import timedelta
from email.mime.base import MIMEBase
from email.utils import formatdate, make_msgid, parseaddr

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

from cms.privacy import PersonDataProvider  # cms.privacy imports django.apps models at call time only

logger = logging.getLogger(__name__)

TASK_BACKEND = "mail"
QUEUE_NAME = "mail"


class MailDeliveryFailed(Exception):
    """Raised on the last attempt, so that the worker marks the task as failed (no address in it)."""


# --- (de)serialising a message -----------------------------------------------------------------------


def _encode_content(content) -> dict:
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode("ascii")}
    return {"text": str(content)}


def _decode_content(data: dict):
    if "base64" in data:
        return base64.b64decode(data["base64"])
    return data["text"]


def _attachment_data(attachment) -> dict:
    if isinstance(attachment, MIMEBase):
        # A ready-made MIME part: keep its file name, type and decoded bytes.
        return {
            "filename": attachment.get_filename(),
            "content": _encode_content(attachment.get_payload(decode=True) or b""),
            "mimetype": attachment.get_content_type(),
        }
    filename, content, mimetype = attachment
    return {"filename": filename, "content": _encode_content(content), "mimetype": mimetype}


def serialize_message(message) -> dict:
    """A JSON-safe dict holding everything needed to send `message` again, attachments included."""
    headers = dict(message.extra_headers)
    # Fixed when the message is written, so every retry sends the same message.
    headers.setdefault("Date", formatdate(localtime=True))
    headers.setdefault("Message-ID", make_msgid(domain=_message_id_domain()))
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "headers": {str(k): str(v) for k, v in headers.items()},
        "content_subtype": message.content_subtype,
        "mixed_subtype": message.mixed_subtype,
        "encoding": message.encoding,
        "alternatives": [
            {"content": _encode_content(content), "mimetype": mimetype}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment_data(attachment) for attachment in message.attachments],
    }


def deserialize_message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    message.mixed_subtype = data["mixed_subtype"]
    message.encoding = data["encoding"]
    for alternative in data["alternatives"]:
        message.attach_alternative(_decode_content(alternative["content"]), alternative["mimetype"])
    for attachment in data["attachments"]:
        message.attach(attachment["filename"], _decode_content(attachment["content"]), attachment["mimetype"])
    return message


def _message_id_domain() -> str:
    from_email = str(settings.DEFAULT_FROM_EMAIL)
    address = from_email.rsplit("<", 1)[-1].rstrip(">")
    return address.rpartition("@")[2] or "localhost"


# --- retries -------------------------------------------------------------------------------------------


def max_attempts() -> int:
    return int(settings.EMAIL_MAX_ATTEMPTS)


def retry_delay(attempt: int) -> timedelta:
    """The wait after failed attempt number `attempt` (1-based); the last step repeats."""
    steps = list(settings.EMAIL_RETRY_MINUTES)
    return timedelta(minutes=steps[min(attempt, len(steps)) - 1])


def enqueue_message(data: dict, attempt: int = 1, run_after=None):
    queued = deliver_email.using(run_after=run_after) if run_after else deliver_email
    return queued.enqueue(data, attempt)


@task(backend=TASK_BACKEND, queue_name=QUEUE_NAME)
def deliver_email(data: dict, attempt: int = 1) -> dict:
    """Sends one queued message with the delivery backend; on failure plans the next attempt."""
    try:
        connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
        sent = connection.send_messages([deserialize_message(data)])
    except Exception as error:  # the mail server's errors are many: refused, timeout, TLS, 4xx/5xx
        reason = type(error).__name__
    else:
        if sent:
            if attempt > 1:
                logger.info("E-Mail im %d. Versuch zugestellt.", attempt)
            return {"attempt": attempt, "delivered": True}
        reason = "nicht angenommen"
    limit = max_attempts()
    if attempt >= limit:
        # The exception text is stored with the task: it names neither address nor subject.
        logger.error("E-Mail nach %d Versuchen aufgegeben (%s).", attempt, reason)
        raise MailDeliveryFailed(f"Zustellung nach {attempt} Versuchen aufgegeben ({reason}).") from None
    run_after = timezone.now() + retry_delay(attempt)
    enqueue_message(data, attempt + 1, run_after=run_after)
    logger.warning(
        "E-Mail-Versuch %d von %d gescheitert (%s); nächster Versuch ab %s.",
        attempt,
        limit,
        reason,
        timezone.localtime(run_after).strftime("%d.%m.%Y %H:%M"),
    )
    return {"attempt": attempt, "delivered": False, "next_attempt_at": run_after.isoformat()}


class QueuedEmailBackend(BaseEmailBackend):
    """EMAIL_BACKEND that queues each message for the worker instead of talking to a mail server."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                enqueue_message(serialize_message(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("E-Mail konnte nicht in die Warteschlange gestellt werden.")
                continue
            count += 1
        return count


def _queued_mails_to(email):
    """Queued or sent mails (still in the queue's table) with `email` among their recipients."""

    results = apps.get_model("django_tasks_database.DBTaskResult")._default_manager
    candidates = results.filter(backend_name=TASK_BACKEND, args_kwargs__icontains=email).order_by(
        "enqueued_at"
    )
    found = []
    for result in candidates:
        data = (result.args_kwargs.get("args") or [{}])[0]
        recipients = {
            parseaddr(a)[1].lower() for key in ("to", "cc", "bcc", "reply_to") for a in data.get(key, [])
        }
        if email in recipients:
            found.append((result, data))
    return found


def queue_person_data_provider():
    """Art. 15/17 GDPR: mails to one address in the queue are part of what that person may see and delete."""

    def export(email):
        return [
            {
                "Betreff": data.get("subject", ""),
                "Empfänger": ", ".join(data.get("to", [])),
                "Status": result.status,
                "Eingereiht am": timezone.localtime(result.enqueued_at).isoformat(),
            }
            for result, data in _queued_mails_to(email)
        ]

    def delete(email):
        found = _queued_mails_to(email)
        for result, _data in found:
            result.delete()
        return len(found)

    return PersonDataProvider(
        label="E-Mails in der Versandwarteschlange",
        find=lambda email: len(_queued_mails_to(email)),
        export=export,
        delete=delete,
        permissions=(
            "django_tasks_database.view_dbtaskresult",
            "django_tasks_database.delete_dbtaskresult",
        ),
    )
