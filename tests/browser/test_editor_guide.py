"""The editors' guide: every task of cms.editors.guide walked for real in the admin of the seeded demo site.

Each walk logs in as the demo admin, does the task with assertions at each step and saves the screenshots
the guide names (``cms/static/cms/handbuch/<slug>-<n>.png``, 1280×800, reduced to a 256-colour palette so
that all of them stay well under 3 MB). Commit the changed pictures with the change that caused them.
"""

import re
from datetime import datetime, time, timedelta
from io import BytesIO

import pytest
from dateutil import rrule
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.images.models import Image
from wagtail.models import Page

from cms.editors.guide import SCREENSHOT_DIR, TASKS
from cms.privacy import person_report
from home.models import FundingProgrammePage, NewsPage
from netzwerk.models import EventPage, EventSubmission
from praxisbeispiele.models import ExampleProposal
from qualifizierung.models import Attendance, CourseRunPage, RegistrationStatus
from termine.dates import is_holiday
from termine.models import DateException
from tests.browser.support import follow_frozen_clock
from tests.netzwerk.test_partner_import import run_waiting_imports
from tests.netzwerk.test_submissions import submission_data
from tests.praxisbeispiele.test_proposals import proposal_data

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 800}
ADMIN = ("admin", "ehrenamt-demo")


@pytest.fixture(autouse=True)
def no_autosave(settings):
    """The walks click "Veröffentlichen" at once after typing. Wagtail's autosave (500 ms after the last
    change) could save a new page a moment before that click creates it again ("Kurztitel bereits
    verwendet"); a person pauses longer, so the walks switch autosave off and stay deterministic."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def admin(site, browser):
    """A logged-in admin in a 1280×800 window; returns (page, base URL)."""
    context = browser.new_context(locale="de-DE", viewport=VIEWPORT, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    follow_frozen_clock(context)
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.fill("#id_username", ADMIN[0])
    page.fill("#id_password", ADMIN[1])
    page.click("button[type=submit]")
    page.wait_for_url(site + "/admin/")
    yield page, site
    context.close()


def shoot(page, name, locator=None):
    """Saves the screenshot `name` (e.g. "kurstermin-anlegen-1.png"); scrolls `locator` into view first."""
    if locator is not None:
        locator.first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -120)")
    page.mouse.move(0, 0)
    page.wait_for_timeout(200)
    raw = page.screenshot(animations="disabled", caret="hide")
    image = PILImage.open(BytesIO(raw)).convert("RGB")
    assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
    palette = image.quantize(colors=256, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    palette.save(SCREENSHOT_DIR / name, optimize=True)


def footer_action(page, name):
    """Clicks an action in the footer's "Mehr Aktionen" menu (publish, submit to the workflow, …)."""
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator(f"footer button[name='{name}']").click()


def form_ready(page):
    """Waits until admin-csp.js has started every widget of the form (date pickers, choosers, inline
    panels); a field filled before that could be reset by its widget on a slow machine."""
    expect(page.locator("[data-csp-init]")).to_have_count(0)


def close_date_pickers(page):
    """Leaves the last date field, so that its picker closes and frees the footer. On a busy machine a
    picker may open late (its focus handler runs on a timer) after the first click closed the others, so
    the click is repeated a few times before the picker must be gone."""
    pickers = page.locator(".xdsoft_datetimepicker:visible")
    for _ in range(10):
        page.locator("#id_title").click()
        page.wait_for_timeout(200)
        if pickers.count() == 0:
            break
    expect(pickers).to_have_count(0)


def add_text_block(page, text):
    """Adds a "Text" block to the page's content (StreamField) and types a paragraph."""
    page.locator("button[title='Einen Block einfügen']").first.click()
    page.get_by_role("option", name="Text", exact=True).first.click()
    editor = page.locator("[contenteditable='true'][role='textbox']").last
    editor.click()
    page.keyboard.type(text)


def expect_success(page, text):
    """The admin confirms the action; on a validation error the field messages make the failure readable."""
    try:
        expect(page.locator(".messages .success").first).to_contain_text(text)
    except AssertionError:
        errors = page.locator(".error-message, .w-field__errors, .help-critical").all_inner_texts()
        raise AssertionError(f"Keine Erfolgsmeldung; Fehler im Formular: {errors}") from None


def child(path_end):
    return Page.objects.get(url_path__endswith=path_end)


# --- the walks, one per task ---------------------------------------------------------------------------


def walk_meldung_veroeffentlichen(page, site, names):
    news_index = child("/aktuelles/")
    page.goto(site + f"/admin/pages/{news_index.pk}/add_subpage/")
    expect(page).to_have_url(re.compile(r"/admin/pages/add/home/newspage/\d+/$"))
    form_ready(page)
    page.fill("#id_title", "Ehrenamtspreis 2027: Vorschläge bis 31. März")
    page.fill(
        "#id_teaser",
        "Der Beirat sucht Menschen, die sich besonders engagieren. Vorschläge sind bis Ende März möglich.",
    )
    expect(page.locator("#id_date")).not_to_have_value("")
    add_text_block(page, "Vorschläge schicken Sie bitte formlos an die Ehrenamtsagentur.")
    shoot(page, names[0], page.locator("#id_title"))
    footer_action(page, "action-publish")
    expect_success(page, "Ehrenamtspreis 2027")
    news = NewsPage.objects.get(title__startswith="Ehrenamtspreis 2027")
    assert news.live and news.get_parent().pk == news_index.pk
    page.goto(site + f"/admin/pages/{news_index.pk}/")
    row = page.locator("tbody tr", has_text="Ehrenamtspreis 2027")
    expect(row).to_contain_text("veröffentlicht", ignore_case=True)
    shoot(page, names[1])


def walk_kurstermin_anlegen(page, site, names):
    course = child("/vereinsrecht-fuer-vorstaende/")
    before = CourseRunPage.objects.child_of(course).count()
    page.goto(site + f"/admin/pages/{course.pk}/add_subpage/")
    expect(page).to_have_url(re.compile(r"/admin/pages/add/qualifizierung/courserunpage/\d+/$"))
    form_ready(page)
    page.fill("#id_title", "Herbst online")
    page.select_option("#id_attendance_mode", "OnlineEventAttendanceMode")
    page.fill("#id_online_url", "https://meet.kyffhaeuser.example/vereinsrecht")
    page.fill("#id_capacity", "16")
    first = timezone.localdate() + timedelta(days=70)
    page.fill("#id_date_rules-0-start_date", first.strftime("%d.%m.%Y"))
    page.fill("#id_date_rules-0-start_time", "18:00")
    page.fill("#id_date_rules-0-end_time", "20:30")
    close_date_pickers(page)
    shoot(page, names[0], page.locator("#id_attendance_mode"))
    shoot(page, names[1], page.locator("#id_date_rules-0-start_date"))
    footer_action(page, "action-publish")
    expect_success(page, "Herbst online")
    run = CourseRunPage.objects.child_of(course).get(title="Herbst online")
    assert CourseRunPage.objects.child_of(course).count() == before + 1
    assert run.live and run.capacity == 16
    assert [session.start.date() for session in run.sessions()] == [first]


def free_day(days_ahead, weekday=None):
    """A day at least ``days_ahead`` from (frozen) today, on ``weekday`` if given, never a public holiday."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    if weekday is not None:
        day += timedelta(days=(weekday - day.weekday()) % 7)
    while is_holiday(day):
        day += timedelta(weeks=1)
    return day


def new_event_form(page, site, title, teaser):
    """Opens "Unterseite hinzufügen" below "Termine", picks the page type "Veranstaltung", fills the texts."""
    calendar = child("/termine/")
    page.goto(site + f"/admin/pages/{calendar.pk}/")
    page.get_by_role("link", name="Unterseite hinzufügen").first.click()
    page.locator("a[href*='/add/netzwerk/eventpage/']").first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/netzwerk/eventpage/\d+/$"))
    form_ready(page)
    page.fill("#id_title", title)
    page.fill("#id_teaser", teaser)
    page.select_option("#id_attendance_mode", "OnlineEventAttendanceMode")
    page.fill("#id_online_url", "https://meet.kyffhaeuser.example/ehrenamt")
    return calendar


def walk_veranstaltung_anlegen(page, site, names):
    calendar = new_event_form(
        page,
        site,
        "Sprechstunde für Übungsleiter: Größere Förderung",
        "Die Ehrenamtsagentur beantwortet Fragen zur neuen Übungsleiterpauschale.",
    )
    # the slug auto-fill writes the German letters out (cms/static/cms/admin/german-slugs.js)
    expect(page.locator("#id_slug")).to_have_value("sprechstunde-fuer-uebungsleiter-groessere-foerderung")
    shoot(page, names[0], page.locator("#id_title"))
    day = free_day(40)
    page.fill("#id_date_rules-0-start_date", day.strftime("%d.%m.%Y"))
    page.fill("#id_date_rules-0-start_time", "17:00")
    page.fill("#id_date_rules-0-end_time", "18:30")
    close_date_pickers(page)
    shoot(page, names[1], page.locator("#id_date_rules-0-start_date"))
    footer_action(page, "action-publish")
    expect_success(page, "Sprechstunde für Übungsleiter")
    event = EventPage.objects.child_of(calendar).get(title__startswith="Sprechstunde für Übungsleiter")
    assert event.live and event.slug == "sprechstunde-fuer-uebungsleiter-groessere-foerderung"
    assert [timezone.localtime(item.start).date() for item in event.occurrences.all()] == [day]


def walk_monatliche_serie_anlegen(page, site, names):
    calendar = new_event_form(
        page,
        site,
        "Online-Stammtisch der Kassenwarte",
        "Jeden zweiten Dienstag: Fragen rund um die Vereinskasse.",
    )
    first = free_day(10)
    start = datetime.combine(first, time(19))
    tuesdays = [
        item.date() for item in rrule.rrule(rrule.MONTHLY, byweekday=rrule.TU(2), dtstart=start, count=6)
    ]
    cancelled, moved = tuesdays[1], tuesdays[2]
    page.fill("#id_date_rules-0-start_date", first.strftime("%d.%m.%Y"))
    page.fill("#id_date_rules-0-start_time", "19:00")
    page.fill("#id_date_rules-0-end_time", "20:30")
    page.select_option("#id_date_rules-0-frequency", "MONTHLY")
    page.select_option("#id_date_rules-0-month_ordinal", "2")
    page.select_option("#id_date_rules-0-month_weekday", "TU")
    page.fill("#id_date_rules-0-count", "6")
    close_date_pickers(page)
    shoot(page, names[0], page.locator("#id_date_rules-0-frequency"))
    for number, (day, kind) in enumerate(((cancelled, "cancel"), (moved, "move"))):
        page.locator("#id_date_exceptions-ADD").click()
        prefix = f"#id_date_exceptions-{number}"
        page.fill(f"{prefix}-original_date", day.strftime("%d.%m.%Y"))
        page.select_option(f"{prefix}-kind", kind)
        if kind == "move":
            page.fill(f"{prefix}-new_start", (day + timedelta(days=1)).strftime("%d.%m.%Y 19:00"))
            page.fill(f"{prefix}-note", "Verlegt auf Mittwoch.")
        else:
            page.fill(f"{prefix}-note", "Fällt wegen der Ferien aus.")
    close_date_pickers(page)
    shoot(page, names[1], page.locator("#id_date_exceptions-0-original_date"))
    footer_action(page, "action-publish")
    expect_success(page, "Online-Stammtisch der Kassenwarte")
    event = EventPage.objects.child_of(calendar).get(title="Online-Stammtisch der Kassenwarte")
    assert event.live
    shown = {timezone.localtime(item.start).date(): item.status for item in event.occurrences.all()}
    assert len(shown) == 6
    assert shown[cancelled] == "EventCancelled"
    assert moved + timedelta(days=1) in shown and moved not in shown


PARTNER_ICS = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kreissportbund//Kalender//DE",
        "BEGIN:VEVENT",
        "UID:handbuch-lauftreff@ksb.example",
        "DTSTAMP:20261201T080000Z",
        "SUMMARY:Lauftreff am Possen",
        "DESCRIPTION:Gemeinsam laufen\\, für alle Tempi.",
        "LOCATION:Possen\\, Sondershausen",
        "DTSTART;TZID=Europe/Berlin:{start}",
        "DTEND;TZID=Europe/Berlin:{end}",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def walk_partnerkalender_importieren(page, site, names):
    day = free_day(20)
    ics = PARTNER_ICS.format(start=f"{day:%Y%m%d}T180000", end=f"{day:%Y%m%d}T193000")
    page.goto(site + "/admin/")
    page.get_by_role("button", name="Kalender").click()
    page.get_by_role("link", name="Partnerkalender importieren").click()
    partner = page.locator("#id_organisation option").nth(1)
    page.select_option("#id_organisation", partner.get_attribute("value"))
    page.set_input_files(
        "#id_file", {"name": "ksb-termine.ics", "mimeType": "text/calendar", "buffer": ics.encode()}
    )
    shoot(page, names[0])
    page.get_by_role("button", name="Importieren").click()
    expect(page).to_have_url(re.compile(r"/admin/partnerkalender/import/\d+/$"))
    run_waiting_imports()  # what the import worker does on the server
    page.reload()
    expect(page.get_by_role("heading", name="Ergebnis des Imports")).to_be_visible()
    link = page.get_by_role("link", name="Lauftreff am Possen")
    expect(link).to_be_visible()
    shoot(page, names[1])
    draft = EventPage.objects.get(title="Lauftreff am Possen")
    assert not draft.live


def walk_einzeltermin_absagen(page, site, names):
    event = EventPage.objects.get(slug="vereinsstammtisch-sondershausen")
    changed_days = set(DateException.objects.filter(page=event).values_list("original_date", flat=True))
    regular = [
        timezone.localtime(occurrence.start).date()
        for occurrence in event.upcoming_occurrences().filter(
            original_start__isnull=True, status="EventScheduled"
        )
    ]
    regular = [day for day in regular if day not in changed_days]
    assert len(regular) >= 2, "the demo's regular Stammtisch needs two coming dates without changes"
    day = regular[1]
    page.goto(site + f"/admin/pages/{event.pk}/edit/")
    before = page.locator("[id^='id_date_exceptions-'][id$='-original_date']").count()
    page.locator("#id_date_exceptions-ADD").click()
    prefix = f"#id_date_exceptions-{before}"
    page.fill(f"{prefix}-original_date", day.strftime("%d.%m.%Y"))
    page.select_option(f"{prefix}-kind", "cancel")
    page.fill(f"{prefix}-note", "Fällt wegen der Ferien aus.")
    close_date_pickers(page)
    shoot(page, names[0], page.locator(f"{prefix}-original_date"))
    footer_action(page, "action-publish")
    expect_success(page, event.title)
    assert DateException.objects.filter(page=event, original_date=day, kind="cancel").exists()
    page.goto(site + f"/termine/tag/{day.isoformat()}/")
    entry = page.locator("article.occurrence", has_text=event.title).first
    expect(entry).to_contain_text("abgesagt")
    expect(entry).to_contain_text("Fällt wegen der Ferien aus.")
    shoot(page, names[1], entry)


def walk_veranstaltungsmeldung_pruefen(page, site, names):
    calendar = child("/termine/")
    description = "Musik, Kuchen und eine Führung durch das Heimatmuseum. Für Kinder gibt es eine Bastelecke."
    response = Client().post(
        calendar.url + "melden/", submission_data(title="Apfelfest in Clingen", description=description)
    )
    assert response.status_code == 302
    submission = EventSubmission.objects.get(event_title="Apfelfest in Clingen")
    page.goto(site + "/admin/")
    page.get_by_role("button", name="Kalender").click()
    page.get_by_role("link", name="Gemeldete Veranstaltungen").click()
    row = page.locator("tr", has_text="Apfelfest in Clingen")
    expect(row).to_contain_text("Karin Sommer")
    shoot(page, names[0])
    page.goto(site + f"/admin/pages/{submission.page_id}/edit/")
    expect(page.locator("#id_title")).to_have_value("Apfelfest in Clingen")
    page.locator("footer .w-dropdown__toggle").first.click()
    approve = page.locator("footer button", has_text="Freigeben und Veröffentlichen").first
    expect(approve).to_be_visible()
    shoot(page, names[1])
    approve.click()
    expect_success(page, "„Apfelfest in Clingen“ wurde freigegeben und veröffentlicht.")
    submission.refresh_from_db()
    approved = EventPage.objects.get(pk=submission.page_id)
    assert approved.live
    assert not approved.has_unpublished_changes  # no "VERÖFFENTLICHT + ENTWURF"
    assert submission.decision == "published"


def walk_praxisbeispiel_vorschlag_pruefen(page, site, names):
    library = child("/praxisbeispiele/")
    response = Client().post(
        library.url + "vorschlagen/", proposal_data(title="Ferienwerkstatt gewinnt Nachwuchs")
    )
    assert response.status_code == 302
    proposal = ExampleProposal.objects.get(page__title="Ferienwerkstatt gewinnt Nachwuchs")
    page.goto(site + "/admin/")
    page.get_by_role("link", name="Vorschläge").first.click()
    row = page.locator("tr", has_text="Sandra Möbius")
    expect(row).to_be_visible()
    shoot(page, names[0])
    page.goto(site + f"/admin/pages/{proposal.page_id}/edit/")
    expect(page.locator("#id_title")).to_have_value("Ferienwerkstatt gewinnt Nachwuchs")
    assert not proposal.page.live


def walk_teilnehmende_und_anwesenheit(page, site, names):
    run = (
        CourseRunPage.objects.live()
        .filter(registrations__status=RegistrationStatus.REGISTERED)
        .order_by("path")
        .first()
    )
    assert run is not None, "the demo has runs with registrations"
    page.goto(site + f"/admin/pages/{run.pk}/edit/")
    page.locator("header .w-dropdown__toggle").first.click()
    page.get_by_role("link", name="Teilnehmende und Anwesenheit").first.click()
    expect(page).to_have_url(re.compile(rf"/admin/kurse/termin/{run.pk}/$"))
    boxes = page.locator("input[name='anwesend']")
    expect(boxes.first).to_be_visible()
    boxes.first.check()
    shoot(page, names[0])
    with page.expect_download() as download:
        page.get_by_role("link", name="Teilnehmerliste als CSV (Excel)").click()
    assert download.value.suggested_filename.endswith(".csv")
    page.get_by_role("button", name="Anwesenheit speichern").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Attendance.objects.filter(registration__run=run).count() >= 1


def walk_navigation_und_fussbereich(page, site, names):
    page.goto(site + "/admin/")
    page.get_by_role("button", name="Einstellungen").click()
    page.get_by_role("link", name="Navigation und Fußbereich").click()
    expect(page).to_have_url(re.compile(r"/admin/settings/cms/siteconfiguration/\d+/$"))
    form_ready(page)
    labels = page.locator("input[name^='navigation_items-'][name$='-label']:not([name*='__prefix__'])")
    expect(labels.first).to_be_attached()
    assert labels.count() >= 3
    labels.first.fill("Neuigkeiten")
    shoot(page, names[0], labels.first)
    page.locator("footer button[type=submit]").first.click()
    expect_success(page, "")
    page.goto(site + "/")
    expect(page.locator("header nav, nav").first).to_contain_text("Neuigkeiten")


def walk_bild_und_dokument_hochladen(page, site, names):
    buffer = BytesIO()
    PILImage.new("RGB", (800, 500), (46, 110, 80)).save(buffer, format="PNG")
    page.goto(site + "/admin/images/multiple/add/")
    page.set_input_files(
        "#fileupload",
        files=[{"name": "sommerfest.png", "mimeType": "image/png", "buffer": buffer.getvalue()}],
    )
    form = page.locator("form.image-form, li.upload-success form").first
    expect(form).to_be_visible()
    form.locator("input[name$='title']").fill("Sommerfest des Heimatvereins Clingen")
    form.locator("[name$='description']").fill("Kinder und Erwachsene an einer langen Kaffeetafel im Freien.")
    shoot(page, names[0], form)
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        form.locator("button[type=submit], input[type=submit]").first.click()
    assert answer.value.ok
    image = Image.objects.get(title="Sommerfest des Heimatvereins Clingen")
    assert image.description == "Kinder und Erwachsene an einer langen Kaffeetafel im Freien."


def walk_foerderprogramm_anlegen(page, site, names):
    funding = child("/foerderung/")
    page.goto(site + f"/admin/pages/{funding.pk}/add_subpage/")
    page.get_by_role("link", name=re.compile("Förderprogramm")).first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/home/fundingprogrammepage/\d+/$"))
    form_ready(page)
    page.fill("#id_title", "Mikroförderung Nachbarschaft")
    page.fill("#id_teaser", "Bis zu 500 Euro für kleine Vorhaben in der Nachbarschaft.")
    page.locator("#id_eligibility").locator("xpath=..").locator("[contenteditable='true']").click()
    page.keyboard.type("Vereine und Initiativen mit Sitz im Kyffhäuserkreis.")
    deadline = timezone.localdate() + timedelta(days=45)
    page.fill("#id_deadline", deadline.strftime("%d.%m.%Y"))
    page.fill("#id_max_amount", "500")
    close_date_pickers(page)
    shoot(page, names[0], page.locator("#id_deadline"))
    footer_action(page, "action-publish")
    expect_success(page, "Mikroförderung Nachbarschaft")
    programme = FundingProgrammePage.objects.get(title="Mikroförderung Nachbarschaft")
    assert programme.live and programme.deadline == deadline
    page.goto(site + programme.url)
    expect(page.locator("main")).to_contain_text("45 Tagen")


def walk_barrieremeldung_beantworten(page, site, names):
    from barrierefreiheit.models import BarrierReport

    report = BarrierReport.objects.create(
        page_url="/termine/",
        description="Der Monatskalender lässt sich mit der Tastatur nicht bedienen.",
        assistive_technology="Screenreader NVDA",
        name="Jana Beispiel",
        email="jana@example.org",
        consent=True,
    )
    page.goto(site + "/admin/")
    page.get_by_role("link", name="Barrieremeldungen").first.click()
    row = page.locator("tr", has_text="/termine/")
    expect(row.first).to_be_visible()
    shoot(page, names[0])
    page.goto(site + f"/admin/barrieremeldungen/edit/{report.pk}/")
    page.select_option("#id_status", label="Erledigt")
    page.fill("#id_editor_notes", "Tastaturbedienung ergänzt, Person am selben Tag geantwortet.")
    page.locator("footer button[type=submit]").first.click()
    expect_success(page, "")
    report.refresh_from_db()
    assert report.get_status_display() == "Erledigt"


def walk_auskunft_und_loeschung(page, site, names):
    calendar = child("/termine/")
    Client().post(
        calendar.url + "melden/", submission_data(title="Lesung im Rathaus", email="karin@example.org")
    )
    assert dict(person_report("karin@example.org"))["Gemeldete Veranstaltungen (Kontaktdaten)"] == 1
    page.goto(site + "/admin/")
    page.get_by_role("button", name="Einstellungen").click()
    page.get_by_role("link", name="Auskunft und Löschung").click()
    page.fill("#id_email", "karin@example.org")
    page.get_by_role("button", name="Gespeicherte Daten suchen").click()
    expect(page.locator("h2", has_text="Gespeichert zu karin@example.org")).to_contain_text("1 Datensatz")
    shoot(page, names[0])
    page.get_by_role("button", name="Alle Daten dieser Person löschen").click()
    confirm = page.get_by_role("button", name="Ja, 1 Datensatz löschen")
    expect(confirm).to_be_visible()
    shoot(page, names[1], page.locator("#loeschen-titel"))
    confirm.click()
    expect_success(page, "1 Datensatz gelöscht")
    assert sum(count for _label, count in person_report("karin@example.org")) == 0


WALKS = {
    "meldung-veroeffentlichen": walk_meldung_veroeffentlichen,
    "kurstermin-anlegen": walk_kurstermin_anlegen,
    "veranstaltung-anlegen": walk_veranstaltung_anlegen,
    "monatliche-serie-anlegen": walk_monatliche_serie_anlegen,
    "partnerkalender-importieren": walk_partnerkalender_importieren,
    "einzeltermin-absagen": walk_einzeltermin_absagen,
    "veranstaltungsmeldung-pruefen": walk_veranstaltungsmeldung_pruefen,
    "praxisbeispiel-vorschlag-pruefen": walk_praxisbeispiel_vorschlag_pruefen,
    "teilnehmende-und-anwesenheit": walk_teilnehmende_und_anwesenheit,
    "navigation-und-fussbereich": walk_navigation_und_fussbereich,
    "bild-und-dokument-hochladen": walk_bild_und_dokument_hochladen,
    "foerderprogramm-anlegen": walk_foerderprogramm_anlegen,
    "barrieremeldung-beantworten": walk_barrieremeldung_beantworten,
    "auskunft-und-loeschung": walk_auskunft_und_loeschung,
}


@pytest.mark.parametrize("task", TASKS, ids=[task.slug for task in TASKS])
def test_each_guide_task_works_in_the_admin_and_leaves_its_screenshots(admin, task):
    page, site = admin
    names = task.screenshot_names()
    for name in names:
        (SCREENSHOT_DIR / name).unlink(missing_ok=True)
    WALKS[task.slug](page, site, names)
    for name in names:
        assert (SCREENSHOT_DIR / name).stat().st_size > 5_000, name


def test_the_guide_page_shows_every_task_with_its_screenshots(admin):
    page, site = admin
    page.get_by_role("link", name="Redaktionshandbuch").click()
    expect(page.locator("h1")).to_contain_text("Redaktionshandbuch")
    for task in TASKS:
        expect(page.locator(f"#{task.slug} h2")).to_contain_text(task.title)
    images = page.locator(".handbuch__bild img")
    assert images.count() == sum(len(task.screenshots) for task in TASKS)
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        width = image.evaluate(
            """img => img.complete ? img.naturalWidth : new Promise(done => {
                img.addEventListener('load', () => done(img.naturalWidth));
                img.addEventListener('error', () => done(0));
            })"""
        )
        assert width == VIEWPORT["width"], image.get_attribute("src")
        assert len(image.get_attribute("alt")) > 20
