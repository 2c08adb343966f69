"""Partner calendars: drafts from iCalendar, matched by UID, updated only when newer; a hardened fetch.

The importer talks to a real HTTP server on 127.0.0.1 (http.server in a thread). The tests allow http and
the loopback network explicitly; the defaults (https only, no private addresses) are tested as well.
"""

import ssl
import threading
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cms.models import Organisation, Venue
from netzwerk import import_tasks, importer
from netzwerk.models import EventPage, ImportRun, PartnerEvent
from termine.dates import BERLIN
from termine.models import EventStatus, ExceptionKind, Occurrence


class Route:
    def __init__(self, body=b"", status=200, headers=None, delay=0.0, content_length=True, repeat=1):
        self.body, self.status, self.headers = body, status, headers or {}
        self.delay, self.content_length, self.repeat = delay, content_length, repeat


class CalendarServer:
    """A tiny web server on 127.0.0.1 serving prepared answers; records the paths asked for."""

    def __init__(self):
        self.routes, self.requests, self.bytes_sent = {}, [], 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                route = server.routes.get(self.path, Route(b"nicht gefunden", status=404))
                if route.delay:
                    clock.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if route.content_length:
                        self.send_header("Content-Length", str(len(route.body) * route.repeat))
                    self.end_headers()
                    for _ in range(route.repeat):
                        self.wfile.write(route.body)
                        server.bytes_sent += len(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def serve(self, path, body=b"", **kwargs):
        self.routes[path] = Route(body.encode() if isinstance(body, str) else body, **kwargs)
        return self.url(path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    calendar_server = CalendarServer()
    yield calendar_server
    calendar_server.close()


@pytest.fixture(autouse=True)
def test_network(settings):
    """Tests may fetch http from 127.0.0.1 only; nothing else private is allowed."""
    settings.PARTNER_IMPORT_ALLOW_HTTP = True
    settings.PARTNER_IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    settings.PARTNER_IMPORT_TIMEOUT = 3


@pytest.fixture
def partner(db):
    return Organisation.objects.create(name="Kreissportbund Kyffhäuser e. V.")


DAY = timezone.localdate() + timedelta(days=21)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local(day: date, hour: int, minute: int = 0) -> str:
    return f"{day:%Y%m%d}T{hour:02d}{minute:02d}00"


MODIFIED = datetime(2026, 11, 1, 9, 0, tzinfo=BERLIN)


def vevent(
    uid, summary, start=None, end=None, modified=MODIFIED, sequence=0, extra="", location="Sporthalle Artern"
):
    start = start or f"DTSTART;TZID=Europe/Berlin:{local(DAY, 18)}"
    end = end if end is not None else f"DTEND;TZID=Europe/Berlin:{local(DAY, 20)}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc(MODIFIED)}",
        f"LAST-MODIFIED:{utc(modified)}" if modified else "",
        f"SEQUENCE:{sequence}",
        f"SUMMARY:{summary}",
        start,
        end,
        f"LOCATION:{location}" if location else "",
        extra,
        "END:VEVENT",
    ]
    return "\r\n".join(line for line in lines if line)


def ics(*events):
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Kreissportbund//Kalender//DE",
            *events,
            "END:VCALENDAR",
            "",
        ]
    )


def weekly_series(uid="serie-1@ksb.example", **kwargs):
    first = DAY + timedelta(days=(1 - DAY.weekday()) % 7)  # a Tuesday
    moved_from, cancelled = first + timedelta(days=14), first + timedelta(days=7)
    master = vevent(
        uid,
        "Lauftreff für alle",
        start=f"DTSTART;TZID=Europe/Berlin:{local(first, 18)}",
        end=f"DTEND;TZID=Europe/Berlin:{local(first, 19, 30)}",
        extra=f"RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10\r\nEXDATE;TZID=Europe/Berlin:{local(cancelled, 18)}",
        **kwargs,
    )
    moved = vevent(
        uid,
        "Lauftreff für alle",
        start=f"DTSTART;TZID=Europe/Berlin:{local(moved_from + timedelta(days=1), 17)}",
        end=f"DTEND;TZID=Europe/Berlin:{local(moved_from + timedelta(days=1), 18, 30)}",
        extra=f"RECURRENCE-ID;TZID=Europe/Berlin:{local(moved_from, 18)}",
    )
    return first, cancelled, moved_from, [master, moved]


@pytest.mark.django_db
def test_new_partner_events_become_drafts_with_rules_exceptions_and_a_report(server, calendar_page, partner):
    first, cancelled, moved_from, series = weekly_series()
    url = server.serve(
        "/kalender.ics",
        ics(
            vevent(
                "einzel-1@ksb.example",
                "Sportabzeichen-Tag",
                extra="DESCRIPTION:Alle Disziplinen <b>an einem Tag</b>.\\nMit Urkunde.\r\nCATEGORIES:Sport",
            ),
            vevent(
                "fest-1@ksb.example",
                "Sportfest der Vereine",
                start=f"DTSTART;VALUE=DATE:{DAY:%Y%m%d}",
                end=f"DTEND;VALUE=DATE:{DAY + timedelta(days=2):%Y%m%d}",
                location="https://stream.ksb.example/sportfest",
            ),
            *series,
        ),
        headers={"Content-Type": "text/calendar; charset=utf-8"},
    )
    report = import_tasks.import_url(url, partner)

    assert report.error == ""
    assert (report.created, report.updated, report.skipped, report.refused) == (3, 0, 0, 0)
    assert report.summary() == "3 neu angelegt, 0 aktualisiert, 0 übersprungen, 0 abgelehnt."
    assert "neu angelegt: Lauftreff für alle – Entwurf; Serie als Regel übernommen" in report.lines()
    assert EventPage.objects.filter(live=True).count() == 0
    assert Occurrence.objects.count() == 0

    single = EventPage.objects.get(title="Sportabzeichen-Tag")
    assert single.get_parent().pk == calendar_page.pk and not single.live
    assert single.organiser == partner
    assert single.venue.name == "Sporthalle Artern" and single.municipality.slug == "artern"
    assert single.teaser == "Alle Disziplinen an einem Tag. Mit Urkunde."
    assert "<b>" not in single.description[0].value.source
    rule = single.date_rules.get()
    assert (rule.start_date, rule.start_time, rule.end_time) == (DAY, time(18), time(20))

    festival = EventPage.objects.get(title="Sportfest der Vereine")
    rule = festival.date_rules.get()
    assert (rule.all_day, rule.start_date, rule.end_date) == (True, DAY, DAY + timedelta(days=1))
    assert festival.is_online and festival.online_url == "https://stream.ksb.example/sportfest"

    series_page = EventPage.objects.get(title="Lauftreff für alle")
    rule = series_page.date_rules.get()
    assert (rule.frequency, rule.weekdays, rule.count, rule.start_date) == ("WEEKLY", "TU", 10, first)
    exceptions = {e.original_date: e for e in series_page.date_exceptions.all()}
    assert exceptions[cancelled].kind == ExceptionKind.CANCEL
    assert exceptions[moved_from].kind == ExceptionKind.MOVE
    assert timezone.localtime(exceptions[moved_from].new_start, BERLIN) == datetime.combine(
        moved_from + timedelta(days=1), time(17), BERLIN
    )

    links = PartnerEvent.objects.filter(organisation=partner)
    assert sorted(links.values_list("uid", flat=True)) == [
        "einzel-1@ksb.example",
        "fest-1@ksb.example",
        "serie-1@ksb.example",
    ]
    run = ImportRun.objects.get()
    assert (run.source, run.created, run.error) == (url, 3, "")
    assert run.entries[0]["label"] == "neu angelegt"

    # Published, the series shows exactly the partner's dates: ten Tuesdays less one, one moved.
    series_page.get_latest_revision().publish()
    starts = [timezone.localtime(o.start, BERLIN) for o in Occurrence.objects.filter(page_id=series_page.pk)]
    assert len(starts) == 10
    assert datetime.combine(moved_from + timedelta(days=1), time(17), BERLIN) in starts


@pytest.mark.django_db
def test_a_newer_copy_updates_an_unchanged_one_is_skipped_and_an_older_one_too(
    server, calendar_page, partner
):
    url = server.serve("/kalender.ics", ics(vevent("e1@ksb.example", "Vereinsabend")))
    assert import_tasks.import_url(url, partner).created == 1
    page = EventPage.objects.get()

    unchanged = import_tasks.import_url(url, partner)
    assert (unchanged.created, unchanged.updated, unchanged.skipped) == (0, 0, 1)
    assert unchanged.entries[0].reason == "nicht neuer als der übernommene Stand"

    later = MODIFIED + timedelta(days=2)
    server.serve("/kalender.ics", ics(vevent("e1@ksb.example", "Vereinsabend mit Ehrung", modified=later)))
    updated = import_tasks.import_url(url, partner)
    assert (updated.created, updated.updated) == (0, 1)
    assert updated.lines()[1].startswith("aktualisiert: Vereinsabend mit Ehrung – neuer Entwurf")
    assert EventPage.objects.count() == 1
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Vereinsabend mit Ehrung"
    assert PartnerEvent.objects.get().last_modified == later

    # Same content with a newer stamp: the marks move on, nothing else.
    server.serve(
        "/kalender.ics",
        ics(vevent("e1@ksb.example", "Vereinsabend mit Ehrung", modified=later + timedelta(hours=1))),
    )
    same = import_tasks.import_url(url, partner)
    assert same.entries[0].reason == "neuerer Stand ohne inhaltliche Änderung"
    revisions = page.revisions.count()

    # An older copy (a cached feed) changes nothing.
    server.serve("/kalender.ics", ics(vevent("e1@ksb.example", "Alter Titel", modified=MODIFIED)))
    assert import_tasks.import_url(url, partner).skipped == 1
    assert page.revisions.count() == revisions
    assert page.get_latest_revision_as_object().title == "Vereinsabend mit Ehrung"


@pytest.mark.django_db
def test_a_higher_sequence_wins_and_a_published_event_gets_a_draft_only(server, calendar_page, partner):
    url = server.serve("/kalender.ics", ics(vevent("e2@ksb.example", "Turnier", sequence=1)))
    import_tasks.import_url(url, partner)
    page = EventPage.objects.get()
    page.get_latest_revision().publish()
    server.serve(
        "/kalender.ics",
        ics(vevent("e2@ksb.example", "Turnier", sequence=2, modified=MODIFIED, extra="STATUS:CANCELLED")),
    )
    report = import_tasks.import_url(url, partner)
    assert report.updated == 1
    assert "die veröffentlichte Fassung bleibt bis zur Freigabe" in report.entries[0].reason
    page.refresh_from_db()
    assert page.live and page.date_status == EventStatus.SCHEDULED and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().date_status == EventStatus.CANCELLED


@pytest.mark.django_db
def test_an_event_the_editors_deleted_is_not_created_again(server, calendar_page, partner):
    url = server.serve("/kalender.ics", ics(vevent("e3@ksb.example", "Unerwünscht")))
    import_tasks.import_url(url, partner)
    EventPage.objects.get().delete()
    server.serve("/kalender.ics", ics(vevent("e3@ksb.example", "Unerwünscht", sequence=5)))
    report = import_tasks.import_url(url, partner)
    assert report.skipped == 1 and EventPage.objects.count() == 0
    assert report.entries[0].reason == "von der Redaktion gelöscht; wird nicht wieder angelegt"


def last_workday(day: date) -> date:
    """The last Monday to Friday of ``day``'s month."""
    last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    while last.weekday() >= 5:
        last -= timedelta(days=1)
    return last


@pytest.mark.django_db
def test_a_rule_the_engine_cannot_express_is_imported_as_its_dates(server, calendar_page, partner):
    first = last_workday(DAY)
    url = server.serve(
        "/kalender.ics",
        ics(
            vevent(
                "bysetpos@ksb.example",
                "Vorstandssitzung am letzten Werktag",
                start=f"DTSTART;TZID=Europe/Berlin:{local(first, 19)}",
                end=f"DTEND;TZID=Europe/Berlin:{local(first, 21)}",
                extra="RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4",
            )
        ),
    )
    report = import_tasks.import_url(url, partner)
    assert report.created == 1
    assert "Serie als 4 einzelne Termine übernommen (Regel nicht abbildbar)" in report.entries[0].reason
    rules = list(EventPage.objects.get().date_rules.order_by("start_date"))
    assert [rule.frequency for rule in rules] == ["", "", "", ""]
    assert [rule.start_date for rule in rules] == [last_workday(rule.start_date) for rule in rules]
    assert rules[0].start_date == first and {rule.start_time for rule in rules} == {time(19)}


@pytest.mark.django_db
def test_past_events_without_uid_title_or_place_and_broken_dates_are_reported(server, calendar_page, partner):
    past = timezone.localdate() - timedelta(days=30)
    url = server.serve(
        "/kalender.ics",
        ics(
            vevent("gut@ksb.example", "Gültiger Termin"),
            vevent(
                "alt@ksb.example",
                "Vorbei",
                start=f"DTSTART;TZID=Europe/Berlin:{local(past, 18)}",
                end=f"DTEND;TZID=Europe/Berlin:{local(past, 20)}",
            ),
            vevent("", "Ohne Kennung").replace("UID:\r\n", ""),
            vevent("ort@ksb.example", "Ohne Ort", location=""),
            vevent(
                "kaputt@ksb.example", "Kaputtes Datum", start="DTSTART;TZID=Europe/Berlin:2027XX01T100000"
            ),
        ),
    )
    report = import_tasks.import_url(url, partner)
    assert (report.created, report.skipped, report.refused) == (1, 1, 3)
    reasons = {entry.title: entry.reason for entry in report.entries}
    assert reasons["Vorbei"] == "der Termin liegt in der Vergangenheit"
    assert reasons["Ohne Kennung"] == "keine UID angegeben"
    assert reasons["Ohne Ort"] == "kein Ort (LOCATION) angegeben"
    assert reasons["Kaputtes Datum"].startswith("Datum oder Uhrzeit nicht lesbar")


@pytest.mark.django_db
def test_malformed_icalendar_is_reported_and_nothing_is_lost(server, calendar_page, partner):
    url = server.serve("/kalender.ics", ics(vevent("e4@ksb.example", "Bleibt erhalten")))
    import_tasks.import_url(url, partner)
    server.serve("/kalender.ics", "<html><body>Wartungsarbeiten</body></html>")
    report = import_tasks.import_url(url, partner)
    assert report.error.startswith("Die Datei ist kein gültiger iCalendar-Kalender")
    assert report.summary().endswith("Es wurde nichts verändert.")
    assert EventPage.objects.get().title == "Bleibt erhalten"
    assert PartnerEvent.objects.count() == 1
    assert ImportRun.objects.filter(error__startswith="Die Datei ist kein").count() == 1


@pytest.mark.django_db
def test_too_many_events_are_capped(server, calendar_page, partner, settings):
    settings.PARTNER_IMPORT_MAX_EVENTS = 3
    url = server.serve("/viele.ics", ics(*(vevent(f"n{i}@ksb.example", f"Termin {i}") for i in range(5))))
    report = import_tasks.import_url(url, partner)
    assert (report.created, report.refused) == (3, 2)
    assert EventPage.objects.count() == 3
    assert report.entries[0].line() == (
        "abgelehnt: 2 weitere Termine – nicht übernommen: höchstens 3 Termine je Import "
        "(Einstellung PARTNER_IMPORT_MAX_EVENTS)"
    )


@pytest.mark.django_db
def test_an_oversized_body_is_refused_by_length_and_while_streaming(server, calendar_page, partner, settings):
    settings.PARTNER_IMPORT_MAX_BYTES = 10_000
    url = server.serve("/gross.ics", b"X" * 20_000)
    report = import_tasks.import_url(url, partner)
    assert report.error == (
        "Die Datei ist größer als erlaubt (höchstens 9,8 KB); der Abruf wurde abgebrochen."
    )
    # Without Content-Length the client reads in chunks and stops: it does not wait for 50 MB.
    streamed = server.serve("/endlos.ics", b"Y" * 65536, content_length=False, repeat=800)
    started = clock.monotonic()
    report = import_tasks.import_url(streamed, partner)
    assert report.error.startswith("Die Datei ist größer als erlaubt")
    assert clock.monotonic() - started < 3
    assert EventPage.objects.count() == 0


@pytest.mark.django_db
def test_a_server_that_is_too_slow_runs_into_the_timeout(server, calendar_page, partner, settings):
    settings.PARTNER_IMPORT_TIMEOUT = 0.5
    url = server.serve("/langsam.ics", ics(vevent("e5@ksb.example", "Zu spät")), delay=2)
    started = clock.monotonic()
    report = import_tasks.import_url(url, partner)
    assert clock.monotonic() - started < 1.5
    assert report.error == (
        "Der Server hat nicht innerhalb von 0.5 Sekunden geantwortet; der Abruf wurde abgebrochen."
    )
    assert EventPage.objects.count() == 0


@pytest.fixture
def connections(monkeypatch):
    """Every address the importer connects to (it still connects)."""
    made = []
    original = importer._connect

    def spy(address, *args, **kwargs):
        made.append(address)
        return original(address, *args, **kwargs)

    monkeypatch.setattr(importer, "_connect", spy)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["http://10.0.0.1/kalender.ics", "http://169.254.169.254/latest/meta-data/"]
)
def test_a_redirect_to_a_private_address_is_refused_before_connecting(
    server, calendar_page, partner, connections, target
):
    url = server.serve("/umleitung.ics", status=302, headers={"Location": target})
    report = import_tasks.import_url(url, partner)
    host = target.split("/")[2]
    assert report.error == (
        f"Die Adresse {host} zeigt auf ein internes oder besonderes Netz ({host}) und wird aus "
        "Sicherheitsgründen nicht abgerufen."
    )
    assert connections == ["127.0.0.1"]
    assert EventPage.objects.count() == 0


@pytest.mark.django_db
def test_redirects_are_followed_and_every_hop_is_checked(server, calendar_page, partner, connections):
    server.serve("/neu.ics", ics(vevent("e6@ksb.example", "Nach Umzug")))
    url = server.serve("/alt.ics", status=301, headers={"Location": "/zwischen.ics"})
    server.serve("/zwischen.ics", status=307, headers={"Location": server.url("/neu.ics")})
    report = import_tasks.import_url(url, partner)
    assert report.created == 1
    assert server.requests == ["/alt.ics", "/zwischen.ics", "/neu.ics"]
    assert connections == ["127.0.0.1"] * 3
    loop = server.serve("/schleife.ics", status=302, headers={"Location": "/schleife.ics"})
    assert (
        import_tasks.import_url(loop, partner).error
        == "Zu viele Weiterleitungen; der Abruf wurde abgebrochen."
    )


@pytest.mark.django_db
def test_default_settings_refuse_http_and_loopback(server, calendar_page, partner, settings, connections):
    url = server.serve("/kalender.ics", ics(vevent("e7@ksb.example", "Geheim")))
    settings.PARTNER_IMPORT_ALLOW_HTTP = False  # the defaults of cms/settings/base.py
    settings.PARTNER_IMPORT_ALLOW_PRIVATE_NETWORKS = []
    report = import_tasks.import_url(url, partner)
    assert report.error == f"Die Adresse {url} wird nicht abgerufen: erlaubt sind nur Adressen mit https://."
    # Allowing http does not open the loopback network: that needs its own test-only setting.
    settings.PARTNER_IMPORT_ALLOW_HTTP = True
    report = import_tasks.import_url(url, partner)
    assert "zeigt auf ein internes oder besonderes Netz (127.0.0.1)" in report.error
    https_localhost = import_tasks.import_url("https://localhost/kalender.ics", partner)
    assert "zeigt auf ein internes oder besonderes Netz" in https_localhost.error
    assert connections == [] and server.requests == []
    assert EventPage.objects.count() == 0


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.2",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_private_loopback_link_local_and_special_addresses_are_refused(address, settings):
    settings.PARTNER_IMPORT_ALLOW_PRIVATE_NETWORKS = []
    with pytest.raises(importer.FetchRefused, match="internes oder besonderes Netz"):
        importer.check_address(address, "partner.example")


def test_public_addresses_are_allowed(settings):
    settings.PARTNER_IMPORT_ALLOW_PRIVATE_NETWORKS = []
    assert str(importer.check_address("194.25.0.60", "partner.example")) == "194.25.0.60"
    assert str(importer.check_address("2a00:1450:4001:80b::200e", "partner.example")).startswith("2a00")


@pytest.mark.django_db
def test_the_command_imports_a_url_or_a_file_and_prints_the_report(
    server, calendar_page, partner, tmp_path, capsys
):
    url = server.serve("/kalender.ics", ics(vevent("c1@ksb.example", "Per Kommando")))
    call_command("import_partner_calendar", url, "--organisation", "kreissportbund kyffhäuser e. v.")
    output = capsys.readouterr().out
    assert "neu angelegt: Per Kommando – Entwurf" in output
    assert "1 neu angelegt, 0 aktualisiert, 0 übersprungen, 0 abgelehnt." in output
    path = tmp_path / "partner.ics"
    path.write_text(ics(vevent("c2@ksb.example", "Aus der Datei")), encoding="utf-8")
    call_command("import_partner_calendar", str(path), "--organisation", str(partner.pk))
    assert EventPage.objects.filter(title="Aus der Datei", live=False).exists()
    server.serve("/kaputt.ics", "kein Kalender")
    with pytest.raises(
        CommandError, match="Nicht importiert: Die Datei ist kein gültiger iCalendar-Kalender"
    ):
        call_command("import_partner_calendar", server.url("/kaputt.ics"), "--organisation", str(partner.pk))
    with pytest.raises(CommandError, match="Keine eindeutige Organisation"):
        call_command("import_partner_calendar", url, "--organisation", "Unbekannter Verein")


def run_waiting_imports():
    """What the import worker does: runs each waiting task (django-tasks' own runner, in this process)."""
    from django_tasks_db.models import DBTaskResult

    from netzwerk.import_tasks import run_import

    for result in DBTaskResult.objects.filter(backend_name="imports", status="READY"):
        run_import.call(*result.args_kwargs["args"])
        result.delete()


@pytest.mark.django_db
def test_editors_import_in_the_admin_by_upload_or_url_and_see_the_report(
    client, server, calendar_page, partner, editor
):
    client.force_login(editor)
    admin_url = reverse("netzwerk_partner_import")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Partnerkalender importieren" in dashboard and admin_url in dashboard
    page = client.get(admin_url)
    assert page.status_code == 200
    assert "als <strong>Entwürfe</strong> angelegt" in page.content.decode()

    upload = SimpleUploadedFile(
        "ksb.ics", ics(vevent("a1@ksb.example", "Hochgeladen")).encode(), "text/calendar"
    )
    response = client.post(admin_url, {"organisation": partner.pk, "url": "", "file": upload})
    run = ImportRun.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("netzwerk_partner_import_run", args=[run.pk]),
    )
    assert not EventPage.objects.filter(title="Hochgeladen").exists()  # the request did not import
    waiting = client.get(response["Location"]).content.decode()
    assert "wartet" in waiting and 'http-equiv="refresh"' in waiting
    run_waiting_imports()
    html = client.get(response["Location"]).content.decode()
    assert "1 neu angelegt, 0 aktualisiert, 0 übersprungen, 0 abgelehnt." in html
    assert 'http-equiv="refresh"' not in html
    created = EventPage.objects.get(title="Hochgeladen")
    assert reverse("wagtailadmin_pages:edit", args=[created.pk]) in html
    assert not created.live

    url = server.serve("/kalender.ics", ics(vevent("a1@ksb.example", "Hochgeladen")))
    response = client.post(admin_url, {"organisation": partner.pk, "url": url})
    run_waiting_imports()
    html = client.get(response["Location"]).content.decode()
    assert "nicht neuer als der übernommene Stand" in html
    assert ImportRun.objects.count() == 2

    neither = client.post(admin_url, {"organisation": partner.pk, "url": ""})
    assert neither.status_code == 400
    assert "Bitte entweder eine Adresse angeben oder eine Datei hochladen." in neither.content.decode()


@pytest.mark.django_db
def test_people_who_may_not_create_events_cannot_import(client, calendar_page, partner):
    reader = get_user_model().objects.create_user("leser", "leser@kyffhaeuser.example", "x" * 12)
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    response = client.get(reverse("netzwerk_partner_import"))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert "Partnerkalender importieren" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert Venue.objects.count() == 0


# A self-signed certificate for 127.0.0.1, valid from 2000 to 2099 (whatever the system clock says: OpenSSL
# checks it against the real clock, not the frozen one of the tests), made with
# faketime '2000-01-01 00:00:00' openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
#     -days 36500 -subj "/CN=Partnerkalender Test" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost"
TEST_CERT = """-----BEGIN CERTIFICATE-----
MIIBsDCCAVegAwIBAgIUU3Uo4AOrX/rhqcm3I62FrQpN4SkwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUUGFydG5lcmthbGVuZGVyIFRlc3QwIBcNMDAwMTAxMDAwMDAw
WhgPMjA5OTEyMDcwMDAwMDBaMB8xHTAbBgNVBAMMFFBhcnRuZXJrYWxlbmRlciBU
ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWEclQLa/yIgwK2SCbOcAefQC
8FWSBYg4lV7n9h2zoJmfJhqLyKthlNs00Zo6tjzxn27J3t7iezJh5W81tKBglaNv
MG0wHQYDVR0OBBYEFAkfIfWSH+JKn9MoXRUYr2FlWkQ1MB8GA1UdIwQYMBaAFAkf
IfWSH+JKn9MoXRUYr2FlWkQ1MA8GA1UdEwEB/wQFMAMBAf8wGgYDVR0RBBMwEYcE
fwAAAYIJbG9jYWxob3N0MAoGCCqGSM49BAMCA0cAMEQCICMzEsFakYLVkusOQfK9
l3hSIvTyXUF98Q4DXYrsUO4JAiADYhuC/G/611mX+4CeoidlC6O9KUbBNsmqnp6o
P7ulJA==
-----END CERTIFICATE-----
"""
TEST_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgFsYn03NyWBnewT2Z
tBdd4N1i/JJC9/Zgxk2xNjE9Z9OhRANCAARYRyVAtr/IiDArZIJs5wB59ALwVZIF
iDiVXuf2HbOgmZ8mGovIq2GU2zTRmjq2PPGfbsne3uJ7MmHlbzW0oGCV
-----END PRIVATE KEY-----
"""


@pytest.fixture
def tls_server(server, tmp_path):
    """The same server behind TLS with the self-signed certificate."""
    (tmp_path / "cert.pem").write_text(TEST_CERT)
    (tmp_path / "key.pem").write_text(TEST_KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    server.cafile = str(tmp_path / "cert.pem")
    return server


@pytest.mark.django_db
def test_https_checks_the_certificate_and_works_with_a_trusted_one(
    tls_server, calendar_page, partner, settings, monkeypatch
):
    settings.PARTNER_IMPORT_ALLOW_HTTP = False
    url = tls_server.serve("/kalender.ics", ics(vevent("tls@ksb.example", "Über TLS"))).replace(
        "http:", "https:"
    )
    report = import_tasks.import_url(url, partner)
    assert report.error.startswith("Die sichere Verbindung ist fehlgeschlagen")
    assert "CERTIFICATE_VERIFY_FAILED" in report.error
    assert EventPage.objects.count() == 0

    trusted = ssl.create_default_context

    def with_test_ca(*args, **kwargs):
        context = trusted(*args, **kwargs)
        context.load_verify_locations(tls_server.cafile)
        return context

    monkeypatch.setattr(importer.ssl, "create_default_context", with_test_ca)
    report = import_tasks.import_url(url, partner)
    assert (report.error, report.created) == ("", 1)
