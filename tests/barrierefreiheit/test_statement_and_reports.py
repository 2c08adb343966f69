"""Accessibility statement, "Barriere melden", retention, dashboard, Leichte Sprache and Gebärdensprache."""

import re
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Page, Site

from barrierefreiheit.forms import SAME_SITE_ERROR, same_site_path
from barrierefreiheit.media import format_duration, mp4_duration_seconds
from barrierefreiheit.models import (
    AccessibilityStatementPage,
    BarrierReason,
    BarrierReport,
    EasyLanguagePage,
    KnownBarrier,
    ReportStatus,
    SignLanguagePage,
    answer_due,
)
from barrierefreiheit.wagtail_hooks import AccessibilityPanel, barrier_report_viewset
from cms.content.seeding import SeedContext
from cms.models import SiteConfiguration
from cms.privacy import delete_person, export_person
from home.models import ContentPage, HomePage
from tests.factories import ContactPersonFactory, ContentPageFactory, UserFactory
from tests.public_forms import filled_in

DEMO_VIDEO = (
    Path(__file__).resolve().parents[2] / "barrierefreiheit" / "demo" / "gebaerdensprache-platzhalter.mp4"
)
ENFORCEMENT_URL = "https://tlmb-thueringen.de/themen/barrierefreiheit/landesdurchsetzungsstelle"
REPORT_PATH = "/barrierefreiheit/barriere-melden/"


def h2_headings(html):
    return re.findall(r"<h2[^>]*>(.*?)</h2>", html)


def make_statement(home, **changes):
    fields = {
        "title": "Erklärung zur Barrierefreiheit",
        "slug": "barrierefreiheit",
        "intro": "Der Kyffhäuserkreis macht seine Website barrierefrei zugänglich.",
        "conformance_status": "teilweise",
        "scope": "Gilt für die Website Ehrenamt im Kyffhäuserkreis.",
        "assessment_date": date(2026, 3, 10),
        "assessment_method": "bitv-test",
        "statement_date": date(2026, 3, 20),
        "feedback_text": "Melden Sie uns Barrieren, wir antworten binnen eines Monats.",
        "contact": ContactPersonFactory(name="Katrin Wendler", phone="03632 741-512"),
        "enforcement_text": "Bei fehlender Antwort hilft die Durchsetzungsstelle.",
        "enforcement_name": "Landesdurchsetzungsstelle für digitale Barrierefreiheit",
        "enforcement_url": ENFORCEMENT_URL,
    }
    fields.update(changes)
    page = AccessibilityStatementPage(**fields)
    page.barriers.add(
        KnownBarrier(
            barrier="Alte PDF-Merkblätter haben keine Struktur für Screenreader.",
            reason=BarrierReason.OUT_OF_SCOPE,
            reason_details="Vor dem 23. September 2018 veröffentlicht.",
            alternative="Wir schicken den Inhalt gern als E-Mail.",
        )
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def statement(home):
    return make_statement(home)


@pytest.fixture
def editors(editor):
    """The editor (tests/conftest.py) and a reader in no group, who is not to be told."""
    UserFactory(username="leser", email="leser@kyffhaeuser.example")
    return editor


REPORT = {
    "page_url": "/kurse/",
    "description": "Der Knopf <b>Suchen</b> wird vom Screenreader nicht vorgelesen.",
    "assistive_technology": "NVDA mit Firefox",
    "name": "Jana Beispiel",
    "email": "jana@beispiel.example",
    "consent": "on",
    "homepage": "",
}


def report_data(**changes):
    """The report form filled in; a change to None leaves the field out."""
    return filled_in(REPORT, **changes)


# --- the statement ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_statement_shows_status_barriers_assessment_review_date_contact_and_complaint_link(client, statement):
    html = client.get(statement.url).content.decode()
    assert "Diese Website ist mit den Anforderungen der BITV 2.0 teilweise vereinbar." in html
    assert "Alte PDF-Merkblätter haben keine Struktur für Screenreader." in html
    assert "Nicht im Anwendungsbereich der Vorschriften. Vor dem 23. September 2018 veröffentlicht." in html
    assert "Wir schicken den Inhalt gern als E-Mail." in html
    assert "BITV-Test (Prüfung durch eine Prüfstelle) am 10. März 2026" in html
    assert "20. März 2026" in html
    assert "bis 10. März 2027" in html
    assert f'href="{ENFORCEMENT_URL}">Landesdurchsetzungsstelle für digitale Barrierefreiheit</a>' in html
    assert f'href="{REPORT_PATH}"' in html
    assert "Katrin Wendler" in html and "03632 741-512" in html
    assert h2_headings(html) == [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Barriere melden: Feedback und Kontakt",
        "Durchsetzungsverfahren",
    ]


@pytest.mark.django_db
def test_review_date_defaults_to_one_year_after_the_last_assessment_and_can_be_set(home):
    statement = make_statement(home, assessment_date=date(2024, 2, 29))
    assert statement.statement_review_date == date(2025, 2, 28)
    statement.statement_review_date = date(2025, 1, 15)
    statement.save()
    statement.refresh_from_db()
    assert statement.statement_review_date == date(2025, 1, 15)


@pytest.mark.django_db
def test_the_three_page_types_live_once_under_the_home_page(home, statement):
    for model in (AccessibilityStatementPage, EasyLanguagePage, SignLanguagePage):
        assert model.parent_page_types == ["home.HomePage"]
        assert model.max_count == 1
        assert model.subpage_types == []
    assert not AccessibilityStatementPage.can_create_at(home)
    assert EasyLanguagePage.can_create_at(home)
    assert not EasyLanguagePage.can_create_at(statement)


# --- the footer link and the form ----------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_links_barriere_melden_with_its_own_path_and_sets_no_cookie(client, statement, home):
    content = ContentPageFactory(parent=home, title="Kontakt", slug="kontakt")
    for page, expected in ((home, "%2F"), (content, "%2Fkontakt%2F"), (statement, "%2Fbarrierefreiheit%2F")):
        response = client.get(page.url)
        html = response.content.decode()
        assert f'<a class="kern-link" href="{REPORT_PATH}?seite={expected}">Barriere melden</a>' in html, (
            page.url
        )
        assert not response.cookies, page.url
    not_found = client.get("/gibt-es-nicht/")
    assert f"{REPORT_PATH}?seite=%2Fgibt-es-nicht%2F" in not_found.content.decode()


@pytest.mark.django_db
def test_the_form_takes_over_the_page_path_and_is_not_indexed(client, statement):
    response = client.get(REPORT_PATH + "?seite=/kontakt/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="page_url" value="/kontakt/"', html)
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(
    "seite",
    ["https://evil.example/phish", "//evil.example/phish", "javascript:alert(1)", "http:/\\evil.example"],
)
@pytest.mark.django_db
def test_a_foreign_address_in_seite_is_ignored(client, statement, seite):
    response = client.get(REPORT_PATH, {"seite": seite})
    html = response.content.decode()
    assert response.status_code == 200
    assert "evil.example" not in html and "javascript:" not in html
    assert re.search(r'<input type="text" name="page_url" maxlength="500"', html)


def test_same_site_path_accepts_paths_and_own_addresses_only():
    assert same_site_path("/kurse/?ort=artern", "ehrenamt.example") == "/kurse/?ort=artern"
    assert same_site_path("https://ehrenamt.example/termine/", "ehrenamt.example") == "/termine/"
    assert same_site_path("  ", "ehrenamt.example") == ""
    for bad in (
        "https://evil.example/",
        "//evil.example/",
        "kurse/",
        "ftp://ehrenamt.example/",
        "/a\\b",
        "/x\ny",
    ):
        with pytest.raises(ValueError):
            same_site_path(bad, "ehrenamt.example")


@pytest.mark.django_db
def test_a_report_is_stored_due_in_one_month_confirmed_and_announced_to_editors(
    client, statement, editors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORT_PATH, report_data())
    assert response.status_code == 302
    assert response["Location"] == REPORT_PATH + "danke/"
    report = BarrierReport.objects.get()
    today = timezone.localdate()
    assert report.due_date == today + relativedelta(months=1)
    assert report.status == ReportStatus.NEW
    assert report.description == "Der Knopf Suchen wird vom Screenreader nicht vorgelesen."
    assert (report.page_url, report.assistive_technology) == ("/kurse/", "NVDA mit Firefox")
    assert (report.name, report.email, report.consent) == ("Jana Beispiel", "jana@beispiel.example", True)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"jana@beispiel.example", "redaktion@kyffhaeuser.example"}
    due = f"{report.due_date:%d.%m.%Y}"
    confirmation = by_recipient["jana@beispiel.example"]
    assert confirmation.subject == "Ihre Barrieremeldung ist eingegangen"
    assert "Guten Tag Jana Beispiel" in confirmation.body and f"bis zum {due}" in confirmation.body
    notice = by_recipient["redaktion@kyffhaeuser.example"]
    assert notice.subject == f"Neue Barrieremeldung – Antwort fällig am {due}"
    assert "Seite: /kurse/" in notice.body and "NVDA mit Firefox" in notice.body
    assert f"http://testserver/admin/barrieremeldungen/edit/{report.pk}/" in notice.body

    thanks = client.get(REPORT_PATH + "danke/")
    assert "Vielen Dank für Ihre Meldung" in thanks.content.decode()
    assert f"{report.due_date.day}. " in thanks.content.decode()
    assert not thanks.cookies


def test_the_answer_is_due_one_calendar_month_after_receipt():
    received = timezone.make_aware(datetime(2026, 1, 31, 10, 0))
    assert answer_due(received) == date(2026, 2, 28)
    assert answer_due(timezone.make_aware(datetime(2026, 11, 25, 23, 30))) == date(2026, 12, 25)


@pytest.mark.django_db
def test_a_report_without_contact_data_needs_no_consent_and_sends_only_the_editor_notice(
    client, statement, editors, settings, django_capture_on_commit_callbacks
):
    settings.BARRIER_REPORT_RECIPIENTS = ["barrierefreiheit@kyffhaeuser.example"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORT_PATH, report_data(name="", email="", consent=None))
    assert response.status_code == 302
    report = BarrierReport.objects.get()
    assert (report.name, report.email, report.consent) == ("", "", False)
    assert [message.to for message in mail.outbox] == [["barrierefreiheit@kyffhaeuser.example"]]
    assert "Kontakt: keine Kontaktdaten" in mail.outbox[0].body


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"description": ""}, "Bitte beschreiben Sie die Barriere."),
        ({"description": "x" * 3001}, "Bitte kürzen Sie auf höchstens 3000 Zeichen."),
        ({"email": "keine-adresse"}, "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ({"page_url": "https://evil.example/seite"}, SAME_SITE_ERROR),
    ],
)
@pytest.mark.django_db
def test_bad_input_gets_a_german_message_and_400_and_stores_nothing(
    client, statement, editors, changes, message
):
    response = client.post(REPORT_PATH, report_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert BarrierReport.objects.count() == 0
    assert mail.outbox == []


# --- editors ------------------------------------------------------------------------------------------


def make_report(description, days_ago=0, status=ReportStatus.NEW, **fields):
    report = BarrierReport.objects.create(
        description=description,
        received_at=timezone.now() - timedelta(days=days_ago),
        status=status,
        **fields,
    )
    return report


@pytest.mark.django_db
def test_editors_see_reports_with_overdue_marked_in_words_and_filter_by_status(client, editors):
    make_report("Menü nicht per Tastatur erreichbar", days_ago=40)
    make_report("Kontrast der Fußzeile zu schwach", days_ago=2)
    make_report("Alte Meldung zum Kalender", days_ago=90, status=ReportStatus.DONE)
    client.force_login(editors)
    index = barrier_report_viewset.url("index")
    html = client.get(index).content.decode()
    assert "Menü nicht per Tastatur erreichbar" in html and "Kontrast der Fußzeile" in html
    overdue_since = (
        timezone.localdate() - (timezone.localdate() - timedelta(days=40) + relativedelta(months=1))
    ).days
    assert f"<strong>überfällig seit {overdue_since} Tagen</strong>" in html
    assert html.count("überfällig seit") == 1
    closed = client.get(index, {"status": "erledigt"}).content.decode()
    assert "Alte Meldung zum Kalender" in closed and "Menü nicht per Tastatur" not in closed


@pytest.mark.django_db
def test_an_editor_changes_the_status_in_the_admin_and_closing_starts_the_retention(client, editors):
    report = make_report(
        "Formularfehler werden nicht vorgelesen", name="Jana", email="jana@beispiel.example", consent=True
    )
    client.force_login(editors)
    edit_url = barrier_report_viewset.url("edit", report.pk)
    assert "Formularfehler werden nicht vorgelesen" in client.get(edit_url).content.decode()
    data = {
        "page_url": report.page_url,
        "description": report.description,
        "assistive_technology": "",
        "name": report.name,
        "email": report.email,
        "consent": "on",
        "status": ReportStatus.IN_PROGRESS,
        "editor_notes": "Am Telefon nachgefragt.",
    }
    assert client.post(edit_url, data).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.editor_notes, report.closed_at) == (
        "in-bearbeitung",
        "Am Telefon nachgefragt.",
        None,
    )
    data["status"] = ReportStatus.DONE
    client.post(edit_url, data)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.closed_at is not None


@pytest.mark.django_db
def test_people_outside_the_editor_groups_cannot_see_reports(client, editors):
    make_report("Nur für die Redaktion")
    User = get_user_model()
    reader = User.objects.get(username="leser")
    reader.user_permissions.add(
        *Group.objects.get(name="Redaktion").permissions.filter(codename="access_admin")
    )
    client.force_login(reader)
    response = client.get(barrier_report_viewset.url("index"))
    assert response.status_code in (302, 403)
    assert "Nur für die Redaktion" not in response.content.decode()


@pytest.mark.django_db
def test_purge_erases_name_and_email_after_the_period_and_keeps_the_report(settings, capsys):
    settings.BARRIER_REPORT_RETENTION_DAYS = 180
    contact = {"name": "Jana", "email": "jana@beispiel.example", "consent": True}
    expired = make_report("Abgeschlossen vor langer Zeit", days_ago=400, status=ReportStatus.DONE, **contact)
    BarrierReport.objects.filter(pk=expired.pk).update(closed_at=timezone.now() - timedelta(days=181))
    recent = make_report("Vor kurzem abgelehnt", days_ago=300, status=ReportStatus.REJECTED, **contact)
    BarrierReport.objects.filter(pk=recent.pk).update(closed_at=timezone.now() - timedelta(days=20))
    still_open = make_report("Noch offen", days_ago=400, **contact)
    call_command("purge_personal_data")
    assert "Kontaktdaten zu Barrieremeldungen: 1" in capsys.readouterr().out
    expired.refresh_from_db()
    assert (expired.name, expired.email, expired.consent) == ("", "", False)
    assert expired.description == "Abgeschlossen vor langer Zeit" and expired.anonymised_at is not None
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert (kept.name, kept.email) == ("Jana", "jana@beispiel.example")
    call_command("purge_personal_data")
    assert "Kontaktdaten zu Barrieremeldungen: 0" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_person_gets_an_export_of_their_reports_and_can_have_their_data_erased():
    make_report("Tabelle ohne Überschriften", name="Jana", email="Jana@Beispiel.example", consent=True)
    make_report("Andere Person", name="Kai", email="kai@beispiel.example", consent=True)
    exported = export_person("jana@beispiel.example")["Daten"]["Barrieremeldungen"]
    assert [row["Beschreibung"] for row in exported] == ["Tabelle ohne Überschriften"]
    assert exported[0]["Status"] == "Neu"
    assert ("Barrieremeldungen", 1) in delete_person("jana@beispiel.example")
    assert BarrierReport.objects.filter(email__iexact="jana@beispiel.example").count() == 0
    assert BarrierReport.objects.filter(description="Tabelle ohne Überschriften", name="").exists()
    assert BarrierReport.objects.get(description="Andere Person").email == "kai@beispiel.example"


# --- dashboard ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_lists_open_reports_overdue_first_and_not_closed_ones(client, editors, statement):
    make_report("Neue Meldung zum Suchfeld", days_ago=1)
    make_report("Überfällige Meldung zur Navigation", days_ago=45)
    make_report("Erledigte Meldung zum Logo", days_ago=60, status=ReportStatus.DONE)
    client.force_login(editors)
    html = client.get("/admin/").content.decode()
    panel = html[html.index('id="barrierefreiheit') :]
    assert "Überfällige Meldung zur Navigation" in panel and "Neue Meldung zum Suchfeld" in panel
    assert panel.index("Überfällige Meldung") < panel.index("Neue Meldung zum Suchfeld")
    assert "<strong>überfällig seit" in panel
    assert "1 Meldung überfällig." in panel
    assert "Erledigte Meldung zum Logo" not in html


@pytest.mark.django_db
def test_dashboard_reminds_of_the_statement_review_only_once_it_is_due(client, editors, home):
    statement = make_statement(home, assessment_date=timezone.localdate() - timedelta(days=300))
    client.force_login(editors)
    assert (
        "Die Erklärung zur Barrierefreiheit muss überprüft werden"
        not in client.get("/admin/").content.decode()
    )
    statement.statement_review_date = timezone.localdate() - timedelta(days=1)
    statement.save()
    html = client.get("/admin/").content.decode()
    assert "Die Erklärung zur Barrierefreiheit muss überprüft werden" in html
    assert f"/admin/pages/{statement.pk}/edit/" in html


@pytest.mark.django_db
def test_dashboard_panel_needs_the_same_queries_for_one_and_for_many_reports(editors, statement):
    request = RequestFactory().get("/admin/")
    panel = AccessibilityPanel()

    def count():
        request.user = get_user_model().objects.get(pk=editors.pk)  # fresh permission cache
        with CaptureQueriesContext(connection) as queries:
            html = panel.render_html({"request": request, "csrf_token": "x"})
        assert "Barrierefreiheit" in html
        return len(queries)

    make_report("Eine Meldung", days_ago=40)
    one = count()
    for number in range(25):
        make_report(f"Meldung {number}", days_ago=number)
    assert count() == one


# --- Leichte Sprache and Gebärdensprache ------------------------------------------------------------


def easy_fields():
    return {
        "title": "Leichte Sprache",
        "slug": "leichte-sprache",
        "intro": "Hier erklären wir die Internet-Seite.",
        "content_info": "<p>Auf der Seite stehen Termine.</p>",
        "navigation_info": "<p>Oben ist das Menü.</p>",
        "statement_info": "<p>Die Seite ist fast barriere-frei.</p>",
        "offers_info": "<p>Rufen Sie uns an.</p>",
    }


@pytest.mark.django_db
def test_easy_language_page_shows_all_four_items_of_bitv_anlage_2(client, home):
    page = EasyLanguagePage(**easy_fields())
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert h2_headings(html) == [
        "Was auf der Internet-Seite steht",
        "So finden Sie sich zurecht",
        "Wie barriere-frei ist die Internet-Seite?",
        "Noch mehr in Leichter Sprache",
    ]
    for text in (
        "Auf der Seite stehen Termine.",
        "Oben ist das Menü.",
        "fast barriere-frei",
        "Rufen Sie uns an.",
    ):
        assert text in html


@pytest.mark.parametrize("missing", ["content_info", "navigation_info", "statement_info", "offers_info"])
@pytest.mark.django_db
def test_easy_language_page_cannot_be_saved_without_one_of_the_four_items(home, missing):
    page = EasyLanguagePage(**{**easy_fields(), missing: ""})
    with pytest.raises(ValidationError) as error:
        home.add_child(instance=page)
    assert missing in error.value.message_dict


def demo_video(title="DGS-Video"):
    document = Document(title=title)
    document.file.save("dgs.mp4", ContentFile(DEMO_VIDEO.read_bytes()), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def sign_fields(**changes):
    return {
        "title": "Gebärdensprache",
        "slug": "gebaerdensprache",
        "intro": "Videos in Deutscher Gebärdensprache.",
        "content_text": "Text zum Inhalt.",
        "navigation_text": "Text zur Navigation.",
        "statement_text": "Text zur Erklärung.",
        "offers_text": "Text zu weiteren Angeboten.",
        **changes,
    }


@pytest.mark.django_db
def test_sign_language_page_offers_each_video_self_hosted_with_format_size_and_duration(client, home):
    video = demo_video()
    page = SignLanguagePage(
        **sign_fields(
            content_video=video, navigation_video=video, statement_video=video, offers_duration="2:15"
        )
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.content_duration == "0:06"  # read from the MP4 header
    html = client.get(page.url).content.decode()
    assert html.count('<video class="video__player" controls preload="none"') == 3
    assert html.count(f'<source src="{video.url}" type="video/mp4">') == 3
    assert html.count(f'href="{video.url}" download>') == 3
    size = f"{video.get_file_size() / 1024:.1f}".replace(".", ",")
    assert html.count(f"(MP4, {size} KB, Dauer: 0:06 Minuten)") == 3
    assert "Video folgt" in html  # the fourth item has no video yet
    for text in (
        "Text zum Inhalt.",
        "Text zur Navigation.",
        "Text zur Erklärung.",
        "Text zu weiteren Angeboten.",
    ):
        assert text in html
    assert "youtube" not in html.lower() and "vimeo" not in html.lower()


@pytest.mark.django_db
def test_sign_language_page_accepts_only_mp4_or_webm_and_a_duration_in_minutes(home):
    pdf = Document(title="Kein Video")
    pdf.file.save("merkblatt.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=False)
    pdf.save()
    page = SignLanguagePage(**sign_fields(content_video=pdf, navigation_duration="zwei"))
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["content_video"] == ["Bitte ein Video im Format MP4 oder WebM wählen."]
    assert error.value.message_dict["navigation_duration"] == [
        "Bitte als Minuten:Sekunden angeben, z. B. 2:15."
    ]


def test_mp4_duration_is_read_from_the_header_and_garbage_gives_none():
    with DEMO_VIDEO.open("rb") as handle:
        assert mp4_duration_seconds(handle) == pytest.approx(6.0)
    assert mp4_duration_seconds(BytesIO(b"\x00\x00\x00\x08free" + b"kein video")) is None
    assert mp4_duration_seconds(BytesIO(b"")) is None
    assert format_duration(135.4) == "2:15"
    assert DEMO_VIDEO.stat().st_size < 300 * 1024


# --- seed and labels --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_replaces_the_starter_content_pages_repoints_the_footer_and_is_idempotent(client, home):
    from barrierefreiheit.seed import seed_accessibility

    starters = {
        slug: ContentPageFactory(parent=home, title=title, slug=slug)
        for slug, title in [
            ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
            ("leichte-sprache", "Leichte Sprache"),
            ("gebaerdensprache", "Gebärdensprache"),
        ]
    }
    config = SiteConfiguration.for_site(Site.objects.get(is_default_site=True))
    config.accessibility_page = starters["barrierefreiheit"]
    config.save()
    seed_accessibility(SeedContext(objects={"home": home}))

    assert not ContentPage.objects.filter(pk__in=[page.pk for page in starters.values()]).exists()
    statement = AccessibilityStatementPage.objects.get()
    config = SiteConfiguration.for_site(Site.objects.get(is_default_site=True))
    assert config.accessibility_page_id == statement.pk
    assert config.easy_language_page_id == EasyLanguagePage.objects.get().pk
    assert config.sign_language_page_id == SignLanguagePage.objects.get().pk
    assert statement.url == "/barrierefreiheit/"
    assert statement.enforcement_url == ENFORCEMENT_URL
    pages = Page.objects.count()
    reports = BarrierReport.objects.count()
    seed_accessibility(SeedContext(objects={"home": HomePage.objects.get()}))
    assert (Page.objects.count(), BarrierReport.objects.count()) == (pages, reports)
    for url in ("/barrierefreiheit/", REPORT_PATH, "/leichte-sprache/", "/gebaerdensprache/"):
        assert client.get(url).status_code == 200, url
    assert "Dauer: 0:06 Minuten" in client.get("/gebaerdensprache/").content.decode()


def test_every_field_an_editor_sees_has_a_german_label_and_a_help_text():
    from django.apps import apps

    page_fields = {field.name for field in Page._meta.get_fields()}
    missing = []
    for model in apps.get_app_config("barrierefreiheit").get_models():
        for field in model._meta.get_fields():
            if field.auto_created or not getattr(field, "editable", False):
                continue
            if field.name in page_fields or field.name in {"sort_order", "page", "review_date"}:
                continue
            if str(field.verbose_name) == field.name.replace("_", " ") or not str(field.help_text).strip():
                missing.append(f"{model.__name__}.{field.name}")
    assert missing == []


@pytest.mark.django_db
def test_editors_open_and_publish_the_three_page_types_in_the_admin(client, home):
    from django.urls import reverse
    from wagtail.test.utils.form_data import querydict_from_html

    from barrierefreiheit.seed import seed_accessibility

    seed_accessibility(SeedContext(objects={"home": home}))
    admin = get_user_model().objects.create_superuser("chefin", "chefin@kyffhaeuser.example", "x" * 12)
    client.force_login(admin)
    for model in (AccessibilityStatementPage, EasyLanguagePage, SignLanguagePage):
        page = model.objects.get()
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        html = client.get(edit_url).content.decode()
        data = dict(querydict_from_html(html, form_id="page-edit-form").lists())
        data["title"] = [f"{page.title} (geprüft)"]
        data["action-publish"] = ["action-publish"]
        response = client.post(edit_url, data)
        assert response.status_code == 302, (model.__name__, response.content.decode()[:2000])
        assert model.objects.get().title == f"{page.title} (geprüft)"
    assert AccessibilityStatementPage.objects.get().barriers.count() == 3
