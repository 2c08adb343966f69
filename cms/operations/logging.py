"""No personal data in logs: a filter that masks e-mail addresses, phone numbers and IP addresses.

Installed on every handler in ``LOGGING`` (settings base and production). It formats the record's message
with its arguments, masks what it finds and stores the result as the message without arguments; an
exception's text (a mail server refusing ``anna@example.org``) is masked the same way. Masked values become
``[E-Mail]``, ``[Telefon]`` and ``[IP]``; the rest of the line stays readable for operations.
"""

import ipaddress
import logging
import re

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# IPv4 and IPv6 candidates; each is checked with `ipaddress`, so times like 18:00:00 stay.
IP_CANDIDATE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]*(?![\w:])|(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
)
# Phone numbers as people write them: +49 361 1234567, 0049-361-12345, (0361) 12 34 56, 03632/99999.
PHONE = re.compile(r"(?<![\w.:/-])(?:\(0\d{1,5}\)|(?:\+|00)\d{1,5}|0\d{1,5})(?:[ /-]?\d){5,}(?![\w.:/-])")


def _ip(match):
    candidate = match.group(0)
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return candidate
    return "[IP]"


def mask(text):
    """The text with e-mail addresses, IP addresses and phone numbers replaced by placeholders."""
    if not text:
        return text
    text = EMAIL.sub("[E-Mail]", text)
    text = IP_CANDIDATE.sub(_ip, text)
    return PHONE.sub("[Telefon]", text)


class MaskPersonalData(logging.Filter):
    """A logging filter (for handlers) that masks personal data in message, arguments and exception text."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is, masked
            message = f"{record.msg} {record.args}"
        record.msg = mask(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True
