"""Demo content: the accessibility statement, the pages in Leichte Sprache and Gebärdensprache, one report.

The three pages replace the starter content pages at the same addresses (`barrierefreiheit`,
`leichte-sprache`, `gebaerdensprache`): on a fresh database they are created, on an older one the content
page of that slug is deleted and the new type takes its place; the footer settings then point to them.
Running the seeder again changes nothing.
"""

from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Site

from barrierefreiheit.models import (
    AccessibilityStatementPage,
    AssessmentMethod,
    BarrierReason,
    BarrierReport,
    ConformanceStatus,
    EasyLanguagePage,
    KnownBarrier,
    SignLanguagePage,
)
from cms.content.seeding import seeder
from cms.models import ContactPerson, SiteConfiguration

DEMO_VIDEO = Path(__file__).resolve().parent / "demo" / "gebaerdensprache-platzhalter.mp4"
DEMO_VIDEO_TITLE = "Gebärdensprache: Platzhalter-Video (Demo)"
ENFORCEMENT_NAME = (
    "Landesdurchsetzungsstelle für digitale Barrierefreiheit beim Beauftragten für Menschen mit "
    "Behinderungen des Freistaats Thüringen"
)
ENFORCEMENT_URL = "https://tlmb-thueringen.de/themen/barrierefreiheit/landesdurchsetzungsstelle"

BARRIERS = [
    (
        "Einige ältere PDF-Dateien im Bereich Förderung, zum Beispiel Merkblätter aus dem Jahr 2017, haben keine "
        "Struktur für Screenreader. Überschriften und Tabellen werden darin nicht als solche erkannt.",
        BarrierReason.OUT_OF_SCOPE,
        "Dateien von Büroanwendungen, die vor dem 23. September 2018 veröffentlicht wurden, fallen nicht unter "
        "das ThürBarrWebG, solange sie nicht für ein laufendes Verfahren gebraucht werden.",
        "Wir schicken Ihnen den Inhalt gern als barrierefreies Dokument oder als einfache E-Mail. Rufen Sie uns "
        "an oder schreiben Sie uns über „Barriere melden“.",
    ),
    (
        "Videos, die Vereine bei YouTube oder Vimeo veröffentlicht haben und die wir verlinken, haben zum Teil "
        "keine Untertitel.",
        BarrierReason.OUT_OF_SCOPE,
        "Inhalte Dritter, die wir weder finanzieren noch entwickeln noch kontrollieren, sind vom Gesetz "
        "ausgenommen. Wir bitten die Vereine, Untertitel zu ergänzen.",
        "Zu jedem eigenen Video gibt es einen Text zum Nachlesen. Für Videos von Vereinen fragen wir gern beim "
        "Verein nach einer Textfassung.",
    ),
    (
        "Die Monatsansicht des Netzwerkkalenders ist auf schmalen Bildschirmen nur mit seitlichem Verschieben "
        "zu lesen.",
        BarrierReason.NOT_YET,
        "Wir überarbeiten die Darstellung bis zum Ende des nächsten Quartals.",
        "Die Listenansicht des Kalenders zeigt dieselben Termine untereinander und passt auf jeden Bildschirm.",
    ),
]

EASY_LANGUAGE = {
    "intro": "Hier erklären wir diese Internet-Seite in Leichter Sprache.",
    "content_info": (
        "<p>Viele Menschen im Kyffhäuser-Kreis helfen anderen Menschen.</p>"
        "<p>Sie bekommen dafür kein Geld.</p>"
        "<p>Das nennt man: <b>Ehren-Amt</b>.</p>"
        "<p>Auf dieser Internet-Seite finden Sie:</p>"
        "<ul><li>Neuigkeiten zum Ehren-Amt.</li>"
        "<li>Termine von Vereinen.</li>"
        "<li>Kurse. In einem Kurs lernen Sie etwas Neues.</li>"
        "<li>Geld für Vereine. Das nennt man: Förderung.</li>"
        "<li>Gute Beispiele. Andere Vereine erzählen, was sie gemacht haben.</li></ul>"
        "<p>Die Internet-Seite gehört dem <b>Ehren-Amts-Beirat</b>.</p>"
        "<p>Ein Beirat ist eine Gruppe von Menschen.</p>"
        "<p>Die Gruppe gibt dem Kreis Tipps zum Ehren-Amt.</p>"
    ),
    "navigation_info": (
        "<p>Oben auf jeder Seite ist das <b>Menü</b>.</p>"
        "<p>Das Menü ist eine Liste mit Wörtern.</p>"
        "<p>Wenn Sie auf ein Wort klicken, kommen Sie zu einem Thema.</p>"
        "<p>Oben gibt es auch ein Feld zum <b>Suchen</b>.</p>"
        "<p>Dort schreiben Sie ein Wort hinein.</p>"
        "<p>Dann zeigt die Internet-Seite alle Seiten mit diesem Wort.</p>"
        "<p>Ganz unten auf jeder Seite sind weitere Links.</p>"
        "<p>Dort finden Sie zum Beispiel diese Seite in Leichter Sprache.</p>"
        "<p>Dort finden Sie auch Videos in Gebärden-Sprache.</p>"
    ),
    "statement_info": (
        "<p>Alle Menschen sollen diese Internet-Seite gut benutzen können.</p>"
        "<p>Auch Menschen mit Behinderung.</p>"
        "<p>Das nennt man: <b>barriere-frei</b>.</p>"
        "<p>Die Internet-Seite ist schon fast barriere-frei.</p>"
        "<p>Ein paar Sachen sind noch schwer.</p>"
        "<p>Zum Beispiel: Einige alte Dateien kann ein Vorlese-Programm nicht gut lesen.</p>"
        "<p>Dann helfen wir Ihnen.</p>"
        "<p>Haben Sie ein Problem auf der Internet-Seite?</p>"
        "<p>Dann sagen Sie es uns.</p>"
        "<p>Ganz unten auf jeder Seite steht: <b>Barriere melden</b>.</p>"
        "<p>Dort können Sie uns schreiben.</p>"
        "<p>Sie können uns auch anrufen: 03632 741-512.</p>"
        "<p>Wir antworten Ihnen in einem Monat.</p>"
    ),
    "offers_info": (
        "<p>Sie möchten mehr in Leichter Sprache lesen?</p>"
        "<p>Die Ehren-Amts-Agentur hilft Ihnen.</p>"
        "<p>Die Ehren-Amts-Agentur ist ein Büro im Land-Rats-Amt in Sondershausen.</p>"
        "<p>Dort arbeiten Menschen, die Ehren-Amtliche beraten.</p>"
        "<p>Sie erklären Ihnen gern alles in Leichter Sprache.</p>"
        "<p>Rufen Sie an: 03632 741-512.</p>"
        "<p>Oder schreiben Sie eine E-Mail: ehrenamtsagentur@kyffhaeuser.example</p>"
        "<p>Sie können auch vorbei-kommen.</p>"
        "<p>Das geht am Dienstag und am Donnerstag von 9 Uhr bis 12 Uhr.</p>"
    ),
}

SIGN_LANGUAGE = {
    "intro": (
        "In diesen Videos erklären wir in Deutscher Gebärdensprache (DGS), was Sie auf dieser Website finden, "
        "wie Sie sich zurechtfinden, wie barrierefrei die Website ist und wo es weitere Angebote gibt. Die Videos "
        "liegen auf unserem eigenen Server; Sie können sie ansehen oder herunterladen."
    ),
    "content_text": (
        "Die Website des Ehrenamtsbeirats im Kyffhäuserkreis: Neuigkeiten, der Kalender mit Terminen der "
        "Vereine, Kurse für Engagierte, Geld für Vereine (Förderung) und gute Beispiele aus dem Kreis."
    ),
    "navigation_text": (
        "Oben auf jeder Seite stehen das Menü und die Suche. Unten auf jeder Seite finden Sie Impressum, "
        "Datenschutz, Barrierefreiheit, Kontakt, Leichte Sprache und Gebärdensprache."
    ),
    "statement_text": (
        "Die Website ist teilweise barrierefrei. Einige ältere PDF-Dateien sind noch nicht barrierefrei. "
        "Über den Link „Barriere melden“ unten auf jeder Seite können Sie uns Probleme schreiben; wir antworten "
        "innerhalb eines Monats."
    ),
    "offers_text": (
        "Die Ehrenamtsagentur berät Sie auch persönlich. Für Gespräche vor Ort vermitteln wir eine "
        "Gebärdensprachdolmetscherin oder einen Gebärdensprachdolmetscher. Schreiben Sie uns dafür eine E-Mail "
        "an ehrenamtsagentur@kyffhaeuser.example."
    ),
}


def _home(context):
    home = context.objects.get("home")
    if home is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page.specific if site else None
    return home


def _replace_child(home, model, slug, build):
    """The child page of this type at `slug`; a starter page of another type there is replaced."""
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None:
        if existing.specific_class is model:
            return existing.specific
        existing.delete()
        home.refresh_from_db()
    page = build()
    page.slug = slug
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _demo_video():
    Document = get_document_model()
    existing = Document.objects.filter(title=DEMO_VIDEO_TITLE).first()
    if existing is not None or not DEMO_VIDEO.exists():
        return existing
    document = Document(title=DEMO_VIDEO_TITLE)
    with DEMO_VIDEO.open("rb") as handle:
        document.file.save(DEMO_VIDEO.name, File(handle), save=False)
    if hasattr(document, "_set_document_file_metadata"):
        document._set_document_file_metadata()
    document.save()
    return document


def _statement():
    today = timezone.localdate()
    contact = ContactPerson.objects.filter(email="ehrenamtsagentur@kyffhaeuser.example").first()
    page = AccessibilityStatementPage(
        title="Erklärung zur Barrierefreiheit",
        show_in_menus=False,
        intro=(
            "Der Kyffhäuserkreis will seine Websites für alle Menschen zugänglich machen, auch für Menschen mit "
            "Behinderungen. Grundlage sind das Thüringer Barrierefreie-Websites-Gesetz (ThürBarrWebG) und die "
            "Thüringer Barrierefreie-Informationstechnik-Verordnung (ThürBITVO), die auf die BITV 2.0 verweist."
        ),
        conformance_status=ConformanceStatus.PARTIAL,
        scope=(
            "Diese Erklärung gilt für die Website „Ehrenamt im Kyffhäuserkreis“ des Ehrenamtsbeirats und der "
            "Ehrenamtsagentur, mit allen Seiten, Formularen und Kalender-Abos. Die Website ist wegen der unten "
            "genannten Barrieren nur teilweise mit der BITV 2.0 vereinbar."
        ),
        assessment_date=today - timedelta(days=60),
        assessment_method=AssessmentMethod.SELF,
        assessment_details=(
            "Jede Seitenart wird bei jeder Änderung automatisch mit axe-core nach WCAG 2.1 und 2.2, Stufe AA, "
            "geprüft. Zusätzlich haben wir die Seiten von Hand mit der Tastatur, mit 200 % und 400 % Vergrößerung "
            "und mit den Screenreadern NVDA und VoiceOver getestet."
        ),
        statement_date=today - timedelta(days=55),
        feedback_text=(
            "Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie einen Inhalt in einer anderen Form? Melden Sie "
            "es uns. Wir bestätigen Ihre Meldung und antworten Ihnen innerhalb eines Monats. Sie können das "
            "Formular auch ohne Namen und E-Mail-Adresse abschicken; dann können wir Ihnen aber nicht antworten."
        ),
        contact=contact,
        enforcement_text=(
            "Wenn Sie auf Ihre Meldung keine oder keine zufriedenstellende Antwort bekommen, können Sie sich an die "
            "Landesdurchsetzungsstelle wenden. Sie vermittelt zwischen Ihnen und uns, damit die Barriere ohne "
            "Gericht behoben wird. Das Verfahren ist für Sie kostenlos, und Sie brauchen keinen Rechtsbeistand."
        ),
        enforcement_name=ENFORCEMENT_NAME,
        enforcement_url=ENFORCEMENT_URL,
    )
    for position, (barrier, reason, details, alternative) in enumerate(BARRIERS):
        page.barriers.add(
            KnownBarrier(
                barrier=barrier,
                reason=reason,
                reason_details=details,
                alternative=alternative,
                sort_order=position,
            )
        )
    return page


def _sign_language():
    video = _demo_video()
    page = SignLanguagePage(title="Gebärdensprache", show_in_menus=False, **SIGN_LANGUAGE)
    for slot in ("content", "navigation", "statement", "offers"):
        setattr(page, f"{slot}_video", video)
    return page


@seeder(order=12)
def seed_accessibility(context):
    home = _home(context)
    if home is None:
        return
    statement = _replace_child(home, AccessibilityStatementPage, "barrierefreiheit", _statement)
    easy = _replace_child(
        home,
        EasyLanguagePage,
        "leichte-sprache",
        lambda: EasyLanguagePage(title="Leichte Sprache", show_in_menus=False, **EASY_LANGUAGE),
    )
    sign = _replace_child(home, SignLanguagePage, "gebaerdensprache", _sign_language)

    config = SiteConfiguration.for_site(Site.objects.get(is_default_site=True))
    wanted = {
        "accessibility_page_id": statement.pk,
        "easy_language_page_id": easy.pk,
        "sign_language_page_id": sign.pk,
    }
    if any(getattr(config, field) != pk for field, pk in wanted.items()):
        for field, pk in wanted.items():
            setattr(config, field, pk)
        config.save()

    if not BarrierReport.objects.exists():
        received = timezone.now() - timedelta(days=40)
        BarrierReport.objects.create(
            page_url="/kurse/",
            description=(
                "Im Kursprogramm springt der Fokus nach dem Filtern an den Anfang der Seite. Mit dem Screenreader "
                "muss ich dann wieder ganz nach unten."
            ),
            assistive_technology="NVDA mit Firefox",
            received_at=received,
        )
        BarrierReport.objects.create(
            page_url="/termine/",
            description="Die Farben der abgesagten Termine sind für mich kaum zu unterscheiden.",
            received_at=timezone.now() - timedelta(days=3),
        )
    context.objects["accessibility_statement"] = statement
