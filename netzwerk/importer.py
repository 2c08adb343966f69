"""Partner calendars: an iCalendar URL or an uploaded .ics becomes draft events for the editors.

What happens to a partner's event (VEVENT), matched by (organisation, UID) in ``PartnerEvent``:

- new UID → a *draft* EventPage under the calendar (never published; editors publish or delete it);
- known UID → updated only when the partner's copy is newer: a higher SEQUENCE, or the same SEQUENCE and
  a later LAST-MODIFIED (DTSTAMP when LAST-MODIFIED is missing). A newer copy whose content did not
  change only moves the marks on. A published event gets a new draft revision, the live page stays as
  it is until an editor publishes. A UID whose event the editors deleted is not created again.
- Series: an RRULE becomes a DateRule when the engine gives *exactly* the same dates up to the rolling
  horizon (checked by expanding both: the RRULE with ``recurring-ical-events``, the DateRule with
  ``termine.dates``); EXDATE become cancelled dates, RECURRENCE-ID copies become cancelled or moved
  dates. Anything the editor's rule cannot express (YEARLY, BYSETPOS, several days of the month, RDATE,
  other time zones across a DST change …) is imported as its expanded dates from today up to the
  horizon, at most ``MAX_EXPANDED_DATES``, each a single DateRule. Events that are over are skipped.
- Text is plain text (tags stripped), the description escaped into a paragraph block.

Fetching is hardened against server-side request forgery: https only (``PARTNER_IMPORT_ALLOW_HTTP`` for
tests), every host resolved and every address checked with ``ipaddress`` before connecting (private,
loopback, link-local, reserved and multicast addresses refused unless listed in the test-only setting
``PARTNER_IMPORT_ALLOW_PRIVATE_NETWORKS``); the connection goes to the checked address (no second DNS
lookup), redirects are followed by hand and every hop is checked again; a timeout per operation and an
overall deadline; the body is read in chunks and reading stops once ``PARTNER_IMPORT_MAX_BYTES`` is
passed; at most ``PARTNER_IMPORT_MAX_EVENTS`` events per import.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import json
import socket
import ssl
import time as clock
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urljoin, urlsplit

import icalendar
import recurring_ical_events
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cms.blocks import human_size
from cms.forms.fields import plain_text
from cms.models import Municipality
from netzwerk.events import create_event
from netzwerk.models import CalendarPage, EventCategory, ImportRun, ImportStatus, PartnerEvent
from netzwerk.services import description_blocks, teaser_from, venue_named
from termine import dates
from termine.models import AttendanceMode, DateException, DateRule, EventStatus, ExceptionKind, Frequency
from termine.occurrences import default_horizon

MAX_BYTES = 5 * 1024 * 1024
MAX_EVENTS = 3000
MAX_SECONDS = 300
TIMEOUT = 10
MAX_REDIRECTS = 5
MAX_EXPANDED_DATES = 100
MAX_DATE_LISTS = 1000  # EXDATE + RDATE values and RECURRENCE-ID copies per event
MAX_PAST_REPEATS = 20000  # repeats between DTSTART and today that an expansion may step over
SUB_DAILY = {"SECONDLY": "Sekunden", "MINUTELY": "Minuten", "HOURLY": "Stunden"}
USER_AGENT = "Netzwerkkalender Kyffhaeuserkreis (Partnerkalender-Import)"
REDIRECTS = {301, 302, 303, 307, 308}

CREATED, UPDATED, SKIPPED, REFUSED = "created", "updated", "skipped", "refused"
ACTION_LABELS = {
    CREATED: "neu angelegt",
    UPDATED: "aktualisiert",
    SKIPPED: "übersprungen",
    REFUSED: "abgelehnt",
}


def setting(name, default):
    return getattr(settings, name)  # every PARTNER_IMPORT_* setting is declared in cms/settings/base.py


# --- fetching -----------------------------------------------------------------------------------


class FetchRefused(Exception):
    """The calendar was not fetched; the message says why, in German."""


def _allowed_private_networks():
    return [
        ipaddress.ip_network(net, strict=False)
        for net in setting("PARTNER_IMPORT_ALLOW_PRIVATE_NETWORKS", [])
    ]


def check_address(address: str, host: str):
    """The address as ipaddress object if it is public (or explicitly allowed), else FetchRefused."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_private_networks()):
        return ip
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        raise FetchRefused(
            f"Die Adresse {host} zeigt auf ein internes oder besonderes Netz ({ip}) und wird aus "
            "Sicherheitsgründen nicht abgerufen."
        )
    return ip


def resolve(host: str, port: int):
    """The checked address to connect to: every address the name resolves to must be allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(f"Der Name {host} ließ sich nicht auflösen.") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchRefused(f"Der Name {host} ließ sich nicht auflösen.")
    checked = [check_address(address, host) for address in addresses]
    return checked[0]


class _DeadlineMixin:
    """Every read waits at most until the fetch's overall deadline (a slow drip of bytes cannot extend it)."""

    _deadline: float | None = None
    _read_timeout: float = TIMEOUT

    def _arm(self):
        if self._deadline is not None:
            remaining = self._deadline - clock.monotonic()
            if remaining <= 0:
                raise TimeoutError("deadline")
            self.settimeout(min(self._read_timeout, remaining))

    def recv_into(self, *args, **kwargs):
        self._arm()
        return super().recv_into(*args, **kwargs)

    def recv(self, *args, **kwargs):
        self._arm()
        return super().recv(*args, **kwargs)


class _DeadlineSocket(_DeadlineMixin, socket.socket):
    pass


class _DeadlineSSLSocket(_DeadlineMixin, ssl.SSLSocket):
    def read(self, *args, **kwargs):
        self._arm()
        return super().read(*args, **kwargs)


def _connect(address: str, port: int, timeout: float, deadline: float) -> _DeadlineSocket:
    remaining = deadline - clock.monotonic()
    if remaining <= 0:
        raise TimeoutError("deadline")
    ip = ipaddress.ip_address(address)
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    sock = _DeadlineSocket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(min(timeout, remaining))
        sock.connect((address, port))
    except BaseException:
        sock.close()
        raise
    sock._deadline, sock._read_timeout = deadline, timeout
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the already checked address instead of resolving the host name again."""

    def __init__(self, host, address, deadline, **kwargs):
        super().__init__(host, **kwargs)
        self._address, self._deadline = str(address), deadline

    def connect(self):
        self.sock = _connect(self._address, self.port, self.timeout, self._deadline)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, address, deadline, **kwargs):
        context = ssl.create_default_context()
        context.sslsocket_class = _DeadlineSSLSocket
        super().__init__(host, context=context, **kwargs)
        self._address, self._deadline = str(address), deadline

    def connect(self):
        sock = _connect(self._address, self.port, self.timeout, self._deadline)
        sock.settimeout(max(0.01, min(self.timeout, self._deadline - clock.monotonic())))
        wrapped = self._context.wrap_socket(sock, server_hostname=self.host)
        wrapped._deadline, wrapped._read_timeout = self._deadline, self.timeout
        self.sock = wrapped


def _check_url(url: str):
    parts = urlsplit(url)
    allowed = {"https", "http"} if setting("PARTNER_IMPORT_ALLOW_HTTP", False) else {"https"}
    if parts.scheme not in allowed:
        raise FetchRefused(f"Die Adresse {url} wird nicht abgerufen: erlaubt sind nur Adressen mit https://.")
    if not parts.hostname:
        raise FetchRefused(f"Die Adresse {url} enthält keinen Servernamen.")
    if parts.username or parts.password:
        raise FetchRefused("Adressen mit Zugangsdaten (Name und Passwort) werden nicht abgerufen.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchRefused(f"Die Adresse {url} enthält keinen gültigen Port.") from None
    return parts, port


def fetch(url: str) -> bytes:
    """The body of ``url`` (an iCalendar file), fetched with all the checks above, or FetchRefused."""
    max_bytes = setting("PARTNER_IMPORT_MAX_BYTES", MAX_BYTES)
    timeout = setting("PARTNER_IMPORT_TIMEOUT", TIMEOUT)
    deadline = clock.monotonic() + timeout
    for _hop in range(setting("PARTNER_IMPORT_MAX_REDIRECTS", MAX_REDIRECTS) + 1):
        parts, port = _check_url(url)
        address = resolve(parts.hostname, port)
        connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(parts.hostname, address, deadline, port=port, timeout=timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(
                "GET",
                target,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/calendar, */*;q=0.5",
                    "Accept-Encoding": "identity",
                },
            )
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchRefused("Der Server leitet weiter, nennt aber kein Ziel.")
                url = urljoin(url, location.strip())
                continue
            if response.status != 200:
                raise FetchRefused(f"Der Server antwortete mit dem Status {response.status} statt 200.")
            length = response.getheader("Content-Length")
            if length and length.strip().isdigit() and int(length) > max_bytes:
                raise FetchRefused(too_large(max_bytes))
            chunks, total = [], 0
            while True:
                if deadline - clock.monotonic() <= 0:
                    raise TimeoutError
                chunk = response.read1(64 * 1024) if hasattr(response, "read1") else response.read(64 * 1024)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise FetchRefused(too_large(max_bytes))
                chunks.append(chunk)
            return b"".join(chunks)
        except TimeoutError:
            raise FetchRefused(
                f"Der Server hat nicht innerhalb von {timeout} Sekunden geantwortet; der Abruf wurde abgebrochen."
            ) from None
        except ssl.SSLError as error:
            raise FetchRefused(
                f"Die sichere Verbindung ist fehlgeschlagen ({error.reason or error})."
            ) from None
        except (OSError, http.client.HTTPException) as error:
            raise FetchRefused(f"Der Server war nicht erreichbar ({error.__class__.__name__}).") from None
        finally:
            connection.close()
    raise FetchRefused("Zu viele Weiterleitungen; der Abruf wurde abgebrochen.")


def too_large(max_bytes: int) -> str:
    return (
        f"Die Datei ist größer als erlaubt (höchstens {human_size(max_bytes)}); der Abruf wurde abgebrochen."
    )


# --- the report -----------------------------------------------------------------------------------


@dataclass
class Entry:
    action: str
    title: str
    uid: str = ""
    reason: str = ""
    page_id: int | None = None
    count: int = 1

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]

    def line(self) -> str:
        text = f"{self.label}: {self.title or '(ohne Titel)'}"
        return f"{text} – {self.reason}" if self.reason else text


@dataclass
class Report:
    source: str
    entries: list[Entry] = field(default_factory=list)
    error: str = ""
    run: ImportRun | None = None
    failed: bool = False

    def add(self, action, title, uid="", reason="", page_id=None, count=1):
        self.entries.append(Entry(action, title, uid, reason, page_id, count))

    def count(self, action) -> int:
        return sum(entry.count for entry in self.entries if entry.action == action)

    @property
    def created(self):
        return self.count(CREATED)

    @property
    def updated(self):
        return self.count(UPDATED)

    @property
    def skipped(self):
        return self.count(SKIPPED)

    @property
    def refused(self):
        return self.count(REFUSED)

    def summary(self) -> str:
        if self.error:
            return f"Nicht importiert: {self.error} Es wurde nichts verändert."
        return (
            f"{self.created} neu angelegt, {self.updated} aktualisiert, {self.skipped} übersprungen, "
            f"{self.refused} abgelehnt."
        )

    def lines(self) -> list[str]:
        return [self.summary(), *(entry.line() for entry in self.entries)]

    def save_to(self, run: ImportRun) -> ImportRun:
        """Stores the report on ``run`` and finishes it ("fertig", or "fehlgeschlagen" on error)."""
        run.created, run.updated, run.skipped, run.refused = (
            self.created,
            self.updated,
            self.skipped,
            self.refused,
        )
        run.error = self.error
        run.entries = [
            {
                "action": entry.action,
                "label": entry.label,
                "title": entry.title,
                "uid": entry.uid,
                "reason": entry.reason,
                "page_id": entry.page_id,
            }
            for entry in self.entries
        ]
        run.status = ImportStatus.FAILED if (self.error or self.failed) else ImportStatus.DONE
        run.finished_at = timezone.now()
        run.upload = None
        run.save()
        self.run = run
        return run


# --- reading events -------------------------------------------------------------------------------


class Refused(Exception):
    """One event is not taken over; the message says why."""


@dataclass
class PartnerItem:
    """One partner event in the engine's terms, ready to become or update an EventPage."""

    uid: str
    title: str
    fields: dict
    rules: list[dict]
    exceptions: list[dict]
    modified: datetime | None
    sequence: int
    dates_note: str = ""

    def content_hash(self) -> str:
        data = {
            "title": self.title,
            "fields": self.fields,
            "rules": self.rules,
            "exceptions": self.exceptions,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _text(component, name, keep_newlines=True) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return plain_text(str(value), keep_newlines=keep_newlines)


def _utc(value) -> datetime | None:
    if value is None:
        return None
    moment = value.dt
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(), dates.BERLIN)
    elif timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dates.BERLIN)
    return moment.astimezone(UTC)


def _local(value):
    """A date stays a date; a datetime becomes Berlin time (floating times are read as Berlin time)."""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            return value.replace(tzinfo=dates.BERLIN)
        return value.astimezone(dates.BERLIN)
    return value


def _span(component):
    """(start, end, all_day) of a VEVENT; whole days with exclusive end, a timed event without end is a point."""
    try:
        start = component.get("DTSTART")
        if start is None:
            raise Refused("kein Beginn (DTSTART) angegeben")
        start = _local(start.dt)
        all_day = not isinstance(start, datetime)
        if component.get("DTEND") is not None:
            end = _local(component.get("DTEND").dt)
        elif component.get("DURATION") is not None:
            end = start + component.get("DURATION").dt
        else:
            end = start + timedelta(days=1) if all_day else start
    except Refused:
        raise
    except Exception as error:
        raise Refused(f"Datum oder Uhrzeit nicht lesbar ({error})") from None
    if all_day and isinstance(end, datetime):
        end = end.date()
    if not all_day and not isinstance(end, datetime):
        end = datetime.combine(end, time(), dates.BERLIN)
    if end < start:
        raise Refused("das Ende liegt vor dem Beginn")
    return start, end, all_day


def _single_rule(start, end, all_day) -> dict:
    if all_day:
        last = end - timedelta(days=1)
        return {"start_date": start, "all_day": True, "end_date": last if last > start else None}
    rule = {"start_date": start.date(), "start_time": start.time().replace(microsecond=0), "all_day": False}
    if end.date() != start.date():
        rule.update(end_date=end.date(), end_time=end.time().replace(microsecond=0))
    elif end > start:
        rule["end_time"] = end.time().replace(microsecond=0)
    return rule


RRULE_KEYS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"}
FREQUENCIES = {"DAILY": Frequency.DAILY, "WEEKLY": Frequency.WEEKLY, "MONTHLY": Frequency.MONTHLY}


def map_rrule(recur, base: dict, start) -> dict | None:
    """The RRULE as DateRule fields, or None when the editor's rule has no way to say it."""
    if set(recur) - RRULE_KEYS:
        return None
    frequency = FREQUENCIES.get(str((recur.get("FREQ") or [""])[0]).upper())
    if frequency is None:
        return None
    rule = dict(base, frequency=frequency)
    interval = int((recur.get("INTERVAL") or [1])[0])
    if not 1 <= interval <= 52:
        return None
    rule["interval"] = interval
    byday = [str(day).upper() for day in recur.get("BYDAY") or []]
    bymonthday = [int(day) for day in recur.get("BYMONTHDAY") or []]
    start_day = start.date() if isinstance(start, datetime) else start
    if frequency == Frequency.DAILY and (byday or bymonthday):
        return None
    if frequency == Frequency.WEEKLY:
        if bymonthday or any(not code.isalpha() for code in byday):
            return None
        rule["weekdays"] = ",".join(byday) if byday else dates.WEEKDAY_CODES[start_day.weekday()]
    if frequency == Frequency.MONTHLY:
        if byday and bymonthday:
            return None
        if byday:
            if len(byday) != 1:
                return None
            ordinal, code = byday[0][:-2], byday[0][-2:]
            if ordinal not in {"1", "+1", "2", "+2", "3", "+3", "4", "+4", "-1"}:
                return None
            rule.update(month_ordinal=int(ordinal), month_weekday=code)
        elif bymonthday and bymonthday != [start_day.day]:
            return None
    if recur.get("COUNT"):
        count = int(recur["COUNT"][0])
        if not 1 <= count <= 500:
            return None
        rule["count"] = count
    if recur.get("UNTIL"):
        until = _local(recur["UNTIL"][0])
        rule["until"] = until.date() if isinstance(until, datetime) else until
    return rule


def _same_dates(master, rule: dict, horizon: date) -> bool:
    """True when the RRULE (without EXDATE and RDATE) and the DateRule give the same starts up to horizon."""
    try:
        engine = DateRule(**rule)
        engine.clean()
        slots = engine.to_rule().slots(horizon)
    except (ValidationError, ValueError):
        return False
    bare = icalendar.Event()
    for name in ("UID", "DTSTART", "DTEND", "DURATION", "RRULE"):
        if master.get(name) is not None:
            bare[name] = master[name]
    calendar = icalendar.Calendar()
    calendar.add_component(bare)
    ends = horizon + timedelta(days=1)
    partner = recurring_ical_events.of(calendar).between(rule["start_date"], ends)
    theirs = sorted(_local(occurrence.get("DTSTART").dt) for occurrence in partner)
    ours = [slot.start.date() if slot.all_day else slot.start for slot in slots]
    return theirs == ours


class TimeUp(Exception):
    """The import's wall time is used up."""


def _values(component, name) -> int:
    prop = component.get(name)
    if prop is None:
        return 0
    return sum(len(getattr(item, "dts", [item])) for item in (prop if isinstance(prop, list) else [prop]))


def check_recurrence(master, overrides, start, today: date):
    """Refuses series that cannot be expanded in bounded time: sub-daily, huge date lists, too long a past."""
    recur = master.get("RRULE")
    rules = recur if isinstance(recur, list) else [recur] if recur is not None else []
    if _values(master, "EXDATE") + _values(master, "RDATE") + len(overrides) > MAX_DATE_LISTS:
        raise Refused(
            f"zu viele Ausnahme- oder Zusatztermine (EXDATE, RDATE, RECURRENCE-ID; höchstens {MAX_DATE_LISTS})"
        )
    start_day = start.date() if isinstance(start, datetime) else start
    for rule in rules:
        frequency = str((rule.get("FREQ") or [""])[0]).upper()
        if frequency in SUB_DAILY:
            raise Refused(
                f"Wiederholung im {SUB_DAILY[frequency]}takt (FREQ={frequency}) wird nicht übernommen; "
                "bitte die Termine einzeln oder als tägliche Regel eintragen"
            )
        per_period = 1
        for key in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            if len(rule.get(key) or []) > 1:
                raise Refused(f"mehrere Termine am selben Tag ({key}) werden nicht übernommen")
        for key in ("BYDAY", "BYMONTHDAY", "BYMONTH", "BYYEARDAY", "BYWEEKNO"):
            per_period *= max(1, len(rule.get(key) or []))
        try:
            interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
        except (TypeError, ValueError):
            raise Refused("ungültiges INTERVAL in der Wiederholungsregel") from None
        days = max(0, (today - start_day).days)
        periods = {"DAILY": days, "WEEKLY": days // 7, "MONTHLY": days // 28, "YEARLY": days // 365}.get(
            frequency, days
        )
        past = (periods // interval + 1) * per_period
        if rule.get("COUNT"):
            past = min(past, int(rule["COUNT"][0]))
        if past > MAX_PAST_REPEATS:
            raise Refused(
                "die Serie beginnt zu weit in der Vergangenheit (mehr als "
                f"{MAX_PAST_REPEATS} Wiederholungen vor heute); bitte mit einem späteren Beginn neu anlegen"
            )


def read_item(master, overrides, organisation, horizon: date, today: date, deadline=None) -> PartnerItem:
    """A partner's VEVENT (with its RECURRENCE-ID copies) in the engine's terms, or Refused."""
    uid = str(master.get("UID", "")).strip()
    title = _text(master, "SUMMARY", keep_newlines=False)[:255]
    if not title:
        raise Refused("kein Titel (SUMMARY) angegeben")
    start, end, all_day = _span(master)
    check_recurrence(master, overrides, start, today)
    base = _single_rule(start, end, all_day)
    rules, exceptions, note = [base], [], ""
    recur = master.get("RRULE")
    if isinstance(recur, list):
        recur = recur[0] if len(recur) == 1 else None
        if recur is None:
            note = "mehrere Wiederholungsregeln"
    if recur is not None or note:
        mapped = None if (note or master.get("RDATE") is not None) else map_rrule(recur, base, start)
        if mapped is not None and _same_dates(master, mapped, horizon):
            rules = [mapped]
            exceptions = _exceptions(master, overrides)
            note = "Serie als Regel übernommen"
        else:
            rules = _expanded(master, overrides, today, horizon, deadline)
            note = f"Serie als {len(rules)} einzelne Termine übernommen (Regel nicht abbildbar)"
    if not _has_future(rules, horizon):
        raise Refused(
            "der Termin liegt in der Vergangenheit"
            if len(rules) == 1 and not recur
            else "alle Termine liegen in der Vergangenheit"
        )

    description = _text(master, "DESCRIPTION")[:3000]
    link = _text(master, "URL", keep_newlines=False)
    location = _text(master, "LOCATION", keep_newlines=False)
    fields = {
        "teaser": teaser_from(description) or f"Termin aus dem Kalender von {organisation.name}.",
        "description_text": description
        + (f"\n\nWeitere Informationen: {link}" if link.startswith("http") else ""),
        "location": location[:200],
        "status": EventStatus.CANCELLED
        if str(master.get("STATUS", "")).upper() == "CANCELLED"
        else EventStatus.SCHEDULED,
        "categories": _categories(master),
    }
    if not location:
        raise Refused("kein Ort (LOCATION) angegeben")
    modified = master.get("LAST-MODIFIED") or master.get("DTSTAMP")
    sequence = int(str(master.get("SEQUENCE", 0)) or 0)
    marks = [_utc(modified)] if modified is not None else []
    for override in overrides:
        stamp = override.get("LAST-MODIFIED") or override.get("DTSTAMP")
        if stamp is not None:
            marks.append(_utc(stamp))
        sequence = max(sequence, int(str(override.get("SEQUENCE", 0)) or 0))
    return PartnerItem(
        uid=uid,
        title=title,
        fields=fields,
        rules=rules,
        exceptions=exceptions,
        modified=max(marks) if marks else None,
        sequence=sequence,
        dates_note=note,
    )


def _has_future(rules: list[dict], horizon: date) -> bool:
    now = timezone.now()
    return any(any(slot.end >= now for slot in DateRule(**data).to_rule().slots(horizon)) for data in rules)


def _categories(master) -> list[str]:
    value = master.get("CATEGORIES")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        names.extend(str(category) for category in getattr(item, "cats", [item]))
    return [plain_text(name, keep_newlines=False) for name in names if name]


def _exceptions(master, overrides) -> list[dict]:
    result = []
    exdates = master.get("EXDATE")
    for exdate in exdates if isinstance(exdates, list) else [exdates] if exdates is not None else []:
        for moment in exdate.dts:
            day = _local(moment.dt)
            result.append(
                {
                    "original_date": day.date() if isinstance(day, datetime) else day,
                    "kind": ExceptionKind.CANCEL,
                }
            )
    for override in overrides:
        original = _local(override.get("RECURRENCE-ID").dt)
        original_day = original.date() if isinstance(original, datetime) else original
        if str(override.get("STATUS", "")).upper() == "CANCELLED":
            result.append({"original_date": original_day, "kind": ExceptionKind.CANCEL})
            continue
        start, end, all_day = _span(override)
        if start != original:
            new_start = (
                start if isinstance(start, datetime) else datetime.combine(start, time(), dates.BERLIN)
            )
            new_end = end if isinstance(end, datetime) else datetime.combine(end, time(), dates.BERLIN)
            result.append(
                {
                    "original_date": original_day,
                    "kind": ExceptionKind.MOVE,
                    "new_start": new_start,
                    "new_end": new_end if new_end > new_start else None,
                }
            )
    seen, unique = set(), []
    for item in sorted(result, key=lambda item: item["original_date"]):
        if item["original_date"] not in seen:
            seen.add(item["original_date"])
            unique.append(item)
    return unique


def _expanded(master, overrides, today: date, horizon: date, deadline=None) -> list[dict]:
    """The series' dates from today to the horizon (EXDATE, RDATE and RECURRENCE-ID applied) as single rules.

    Lazy: ``recurring_ical_events``' ``after`` yields the dates in order; the loop stops at the horizon, at
    ``MAX_EXPANDED_DATES`` and at the import's deadline, so no list of all dates is ever built.
    """
    calendar = icalendar.Calendar()
    calendar.add_component(master)
    for override in overrides:
        calendar.add_component(override)
    rules = []
    for occurrence in recurring_ical_events.of(calendar).after(today):
        if deadline is not None and clock.monotonic() > deadline:
            raise TimeUp
        start, end, all_day = _span(occurrence)
        if (start.date() if isinstance(start, datetime) else start) > horizon:
            break
        if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
            continue
        rules.append(_single_rule(start, end, all_day))
        if len(rules) >= MAX_EXPANDED_DATES:
            break
    return sorted(rules, key=lambda rule: (rule["start_date"], rule.get("start_time") or time()))


# --- writing events -------------------------------------------------------------------------------


def _municipality_in(text: str, fallback):
    lowered = text.lower()
    for municipality in Municipality.objects.all():
        if municipality.name.lower() in lowered:
            return municipality
    return fallback


def page_fields(item: PartnerItem, organisation) -> dict:
    location = item.fields["location"]
    online = location.startswith(("https://", "http://"))
    municipality = _municipality_in(location, organisation.municipality)
    category = None
    for name in item.fields["categories"]:
        category = EventCategory.objects.filter(name__iexact=name).first()
        if category is not None:
            break
    return {
        "teaser": item.fields["teaser"],
        "description": description_blocks(item.fields["description_text"]),
        "date_status": item.fields["status"],
        "attendance_mode": AttendanceMode.ONLINE if online else AttendanceMode.OFFLINE,
        "online_url": location if online else "",
        "venue": None if online else venue_named(location, municipality),
        "municipality": municipality,
        "organiser": organisation,
        "category": category,
        "is_free": True,
        "cost": "",
    }


def _create(calendar_page, item: PartnerItem, organisation, source: str, user):
    page = create_event(
        calendar_page,
        title=item.title,
        rules=item.rules,
        exceptions=item.exceptions,
        publish=False,
        user=user,
        **page_fields(item, organisation),
    )
    PartnerEvent.objects.create(
        organisation=organisation,
        uid=item.uid,
        page=page,
        source=source[:500],
        last_modified=item.modified,
        sequence=item.sequence,
        content_hash=item.content_hash(),
    )
    return page


def _update(link: PartnerEvent, item: PartnerItem, organisation, source: str, user):
    page = link.page.specific
    draft = page.get_latest_revision_as_object() if page.latest_revision_id else page
    fields = page_fields(item, organisation)
    teaser = fields.pop("teaser")
    draft.title = item.title
    draft.teaser = teaser
    for name, value in fields.items():
        setattr(draft, name, value)
    rules = []
    for position, data in enumerate(item.rules):
        rule = DateRule(sort_order=position, **data)
        rule.clean()
        rules.append(rule)
    exceptions = []
    for position, data in enumerate(item.exceptions):
        exception = DateException(sort_order=position, **data)
        exception.clean()
        exceptions.append(exception)
    draft.date_rules = rules
    draft.date_exceptions = exceptions
    if not page.live:
        draft.save()
    draft.save_revision(user=user, log_action=True)
    link.source = source[:500]
    link.last_modified = item.modified
    link.sequence = item.sequence
    link.content_hash = item.content_hash()
    link.updated_at = timezone.now()
    link.save()
    return draft


def _is_newer(item: PartnerItem, link: PartnerEvent) -> bool:
    if item.sequence != link.sequence:
        return item.sequence > link.sequence
    if item.modified is None or link.last_modified is None:
        return False
    return item.modified > link.last_modified


def _errors(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def import_calendar(
    data: bytes, organisation, source: str, user=None, run: ImportRun | None = None
) -> Report:
    """Imports the iCalendar ``data`` of ``organisation``; every event in its own savepoint. Returns the report.

    Bounded: at most ``PARTNER_IMPORT_MAX_EVENTS`` events and ``PARTNER_IMPORT_MAX_SECONDS`` seconds; the
    progress (events processed of total) goes onto ``run`` when given.
    """
    max_seconds = setting("PARTNER_IMPORT_MAX_SECONDS", MAX_SECONDS)
    deadline = clock.monotonic() + max_seconds
    report = Report(source)
    calendar_page = CalendarPage.objects.first()
    if calendar_page is None:
        report.error = (
            "Es gibt noch keine Kalenderseite, unter der die Veranstaltungen angelegt werden könnten."
        )
        return report
    try:
        calendar = icalendar.Calendar.from_ical(data)
        if calendar.name != "VCALENDAR":
            raise ValueError(calendar.name)
    except Exception:
        report.error = (
            "Die Datei ist kein gültiger iCalendar-Kalender (erwartet: BEGIN:VCALENDAR … END:VCALENDAR)."
        )
        return report

    masters, overrides, order = {}, {}, []
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("UID", "")).strip()
        if not uid:
            report.add(
                REFUSED, _text(component, "SUMMARY", keep_newlines=False), reason="keine UID angegeben"
            )
            continue
        if component.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(component)
        elif uid not in masters:
            masters[uid] = component
            order.append(uid)
    for uid in overrides:
        if uid not in masters:
            order.append(uid)

    limit = setting("PARTNER_IMPORT_MAX_EVENTS", MAX_EVENTS)
    if len(order) > limit:
        extra = len(order) - limit
        report.add(
            REFUSED,
            f"{extra} weitere Termine",
            reason=f"nicht übernommen: höchstens {limit} Termine je Import (Einstellung PARTNER_IMPORT_MAX_EVENTS)",
            count=extra,
        )
        order = order[:limit]

    if run is not None:
        run.total, run.processed = len(order), 0
        ImportRun.objects.filter(pk=run.pk).update(total=run.total, processed=0)
    last_progress = clock.monotonic()
    today = timezone.localdate()
    horizon = default_horizon(today)
    links = {
        link.uid: link
        for link in PartnerEvent.objects.filter(organisation=organisation, uid__in=order).select_related(
            "page"
        )
    }
    for position, uid in enumerate(order):
        if run is not None and clock.monotonic() - last_progress >= 1:
            ImportRun.objects.filter(pk=run.pk).update(processed=position)
            last_progress = clock.monotonic()
        if clock.monotonic() > deadline:
            _time_up(report, len(order) - position, max_seconds)
            break
        master = masters.get(uid)
        if master is None:
            # Only changed copies of single dates: they belong to a series we do not have.
            title = _text(overrides[uid][0], "SUMMARY", keep_newlines=False)
            report.add(REFUSED, title, uid, "nur geänderte Einzeltermine ohne die zugehörige Serie")
            continue
        title = _text(master, "SUMMARY", keep_newlines=False)
        link = links.get(uid)
        try:
            item = read_item(master, overrides.get(uid, []), organisation, horizon, today, deadline)
        except TimeUp:
            _time_up(report, len(order) - position, max_seconds)
            break
        except Refused as reason:
            action = SKIPPED if "Vergangenheit" in str(reason) else REFUSED
            report.add(action, title, uid, str(reason))
            continue
        except Exception as error:  # a broken property inside an otherwise readable file
            report.add(REFUSED, title, uid, f"nicht lesbar ({error.__class__.__name__})")
            continue
        if link is not None and link.page_id is None:
            report.add(SKIPPED, item.title, uid, "von der Redaktion gelöscht; wird nicht wieder angelegt")
            continue
        if link is not None and not _is_newer(item, link):
            report.add(SKIPPED, item.title, uid, "nicht neuer als der übernommene Stand", link.page_id)
            continue
        if link is not None and link.content_hash == item.content_hash():
            PartnerEvent.objects.filter(pk=link.pk).update(
                last_modified=item.modified, sequence=item.sequence, updated_at=timezone.now()
            )
            report.add(SKIPPED, item.title, uid, "neuerer Stand ohne inhaltliche Änderung", link.page_id)
            continue
        try:
            with transaction.atomic():
                if link is None:
                    page = _create(calendar_page, item, organisation, source, user)
                    report.add(CREATED, item.title, uid, f"Entwurf; {item.dates_note}".rstrip("; "), page.pk)
                else:
                    page = _update(link, item, organisation, source, user)
                    reason = "neuer Entwurf" + (
                        " (die veröffentlichte Fassung bleibt bis zur Freigabe)" if page.live else ""
                    )
                    report.add(UPDATED, item.title, uid, f"{reason}; {item.dates_note}".rstrip("; "), page.pk)
        except ValidationError as error:
            report.add(REFUSED, item.title, uid, f"ungültige Angaben: {_errors(error)}")
    else:
        position = len(order)
    if run is not None:
        run.processed = position
        ImportRun.objects.filter(pk=run.pk).update(processed=position)
    return report


def _time_up(report: Report, left: int, max_seconds: int):
    report.add(
        REFUSED,
        f"{left} weitere Termine",
        reason=f"nicht übernommen: die Höchstdauer von {max_seconds} Sekunden je Import ist erreicht "
        "(Einstellung PARTNER_IMPORT_MAX_SECONDS); der Import wurde hier beendet",
        count=left,
    )
