"""The editors' guide "Redaktionshandbuch": the most common tasks in the admin, step by step, with screenshots.

This list is the one place the tasks live. The admin view (cms/editors/guide_views.py, menu "Redaktionshandbuch")
shows it; the browser test ``tests/browser/test_editor_guide.py`` walks every task in the real admin of the
seeded demo site and saves the screenshots named here to ``cms/static/cms/handbuch/<slug>-<n>.png``, so that
the pictures follow every change of the admin. A test checks that every screenshot named here exists.
"""

from dataclasses import dataclass
from pathlib import Path

SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "static" / "cms" / "handbuch"
SCREENSHOT_STATIC_PREFIX = "cms/handbuch/"


@dataclass(frozen=True)
class Screenshot:
    """One picture of a task: what it shows (the alt text) and a caption under it."""

    alt: str
    caption: str


@dataclass(frozen=True)
class Task:
    slug: str
    title: str
    purpose: str
    steps: tuple
    tips: tuple
    screenshots: tuple

    def screenshot_names(self):
        """File names of the screenshots, in order: <slug>-1.png, <slug>-2.png, …"""
        return [f"{self.slug}-{number}.png" for number in range(1, len(self.screenshots) + 1)]

    def pictures(self):
        """(static path, Screenshot) pairs for the template."""
        return [
            (SCREENSHOT_STATIC_PREFIX + name, shot)
            for name, shot in zip(self.screenshot_names(), self.screenshots, strict=True)
        ]


TASKS = (
    Task(
        slug="meldung-veroeffentlichen",
        title="Eine Meldung veröffentlichen",
        purpose="Neuigkeiten des Beirats und der Ehrenamtsagentur erscheinen unter „Aktuelles“, auf der "
        "Startseite und im RSS-Feed.",
        steps=(
            "Links im Menü „Seiten“ öffnen und zur Seite „Aktuelles“ gehen.",
            "Oben „Unterseite hinzufügen“ wählen; der Seitentyp „Meldung“ ist der einzig mögliche.",
            "Seitentitel, Datum und Kurztext ausfüllen. Der Kurztext (höchstens 300 Zeichen) steht in Listen, im "
            "RSS-Feed und in Suchtreffern.",
            "Unter „Inhalt“ mit „+“ (Einen Block einfügen) Bausteine hinzufügen: Text, Bild (mit Alternativtext), "
            "Downloads oder Kontaktkarte. Mindestens ein Baustein ist nötig.",
            "Mit „Vorschau“ prüfen, wie die Meldung aussieht; die Barrierefreiheitsprüfung läuft dort mit.",
            "Unten über den Pfeil neben „Entwurf speichern“ „In Redaktionelle Freigabe einreichen“ wählen. Wer "
            "zur Gruppe „Freigabe“ gehört, wählt dort „Veröffentlichen“.",
        ),
        tips=(
            "Ein Veröffentlichungsdatum in der Zukunft (Reiter „Einstellungen“) schaltet die Meldung erst dann "
            "frei.",
            "Schlagwörter helfen bei der Suche; bitte vorhandene Schlagwörter wiederverwenden.",
        ),
        screenshots=(
            Screenshot(
                "Formular „Meldung hinzufügen“ mit ausgefülltem Titel, Datum und Kurztext.",
                "Titel, Datum und Kurztext einer neuen Meldung.",
            ),
            Screenshot(
                "Seitenliste „Aktuelles“ mit der neuen Meldung ganz oben und dem Status „veröffentlicht“.",
                "Nach dem Veröffentlichen steht die Meldung oben in der Liste.",
            ),
        ),
    ),
    Task(
        slug="kurstermin-anlegen",
        title="Einen Kurstermin anlegen",
        purpose="Ein Kurs wird einmal beschrieben; jede Durchführung (Ort, Termine, Plätze) ist ein eigener "
        "„Kurstermin“ mit eigener Anmeldung.",
        steps=(
            "Unter „Seiten“ → „Kursprogramm“ den Kurs öffnen, der wieder stattfindet.",
            "„Unterseite hinzufügen“ wählen; es entsteht ein „Kurstermin“.",
            "Titel (z. B. „Herbst in Artern“) eintragen. Unter „Ort und Teilnahme“ „vor Ort“ oder „online“ wählen, "
            "dann den Kursort („Veranstaltungsort auswählen“) oder die Adresse des Online-Raums, und die Zahl der "
            "Plätze.",
            "Unter „Termine“ das Datum mit Beginn und Ende eintragen. Mehrere Abende: „Wiederholung“ wöchentlich "
            "und die Anzahl der Termine wählen.",
            "Wenn nötig einen Anmeldeschluss setzen, dann über den Pfeil neben „Entwurf speichern“ veröffentlichen "
            "(oder in die Freigabe einreichen).",
        ),
        tips=(
            "Die Termine erscheinen von selbst im Netzwerkkalender und in seinen Feeds.",
            "Mehr Plätze nach dem Veröffentlichen lassen Personen von der Warteliste automatisch nachrücken.",
        ),
        screenshots=(
            Screenshot(
                "Bereich „Ort und Teilnahme“ eines neuen Kurstermins: Teilnahme „online“, die Adresse des "
                "Online-Raums und der Knopf „Veranstaltungsort auswählen“ für den Kursort.",
                "Ort und Teilnahme des Kurstermins.",
            ),
            Screenshot(
                "Bereich „Termine“ mit Datum, Beginn und Ende des ersten Kursabends.",
                "Die Termine des Kurstermins.",
            ),
        ),
    ),
    Task(
        slug="veranstaltung-anlegen",
        title="Eine Veranstaltung anlegen",
        purpose="Termine des Netzwerks (Stammtische, Infoabende, Feste) stehen unter „Termine“; der Kalender, "
        "seine Abos (iCalendar) und der RSS-Feed zeigen sie von selbst.",
        steps=(
            "Unter „Seiten“ die Seite „Termine“ öffnen und „Unterseite hinzufügen“ wählen, dann den Seitentyp "
            "„Veranstaltung“.",
            "Titel und Kurztext eintragen. Die Adresse (Reiter „Einstellungen“, Feld „Slug“) entsteht aus dem "
            "Titel; Umlaute und ß werden ausgeschrieben („Übungsleiter“ → „uebungsleiter“).",
            "Unter „Ort und Teilnahme“ „vor Ort“ mit dem Veranstaltungsort oder „online“ mit der Adresse des "
            "Online-Raums wählen; dazu Veranstaltungsart, Zielgruppen und Veranstalter.",
            "Unter „Termine“ Datum, Beginn und Ende eintragen („Wiederholung“: „keine Wiederholung“).",
            "Über den Pfeil neben „Entwurf speichern“ „Veröffentlichen“ wählen (oder „In Redaktionelle Freigabe "
            "einreichen“).",
        ),
        tips=(
            "Ein Bild mit Alternativtext (Bereich „Bild“) erscheint auf der Seite und in den Feeds.",
            "Mehrtägige Veranstaltungen bekommen unter „Termine“ ein Enddatum.",
        ),
        screenshots=(
            Screenshot(
                "Formular „Veranstaltung hinzufügen“ mit Titel „Sprechstunde für Übungsleiter“, Kurztext und der "
                "Teilnahme „online“.",
                "Titel, Kurztext und Teilnahme einer neuen Veranstaltung.",
            ),
            Screenshot(
                "Bereich „Termine“ der neuen Veranstaltung mit Datum, Beginn und Ende.",
                "Der Termin der Veranstaltung.",
            ),
        ),
    ),
    Task(
        slug="monatliche-serie-anlegen",
        title="Eine monatliche Serie mit Ausfall und Verlegung anlegen",
        purpose="Ein Stammtisch an jedem zweiten Dienstag ist eine Veranstaltung mit einer Regel; fällt ein Termin "
        "aus oder wird er verlegt, bleibt die Serie bestehen und nur dieser Tag ändert sich.",
        steps=(
            "Wie bei einer einzelnen Veranstaltung unter „Termine“ „Unterseite hinzufügen“ und „Veranstaltung“ "
            "wählen, Titel, Kurztext und Ort eintragen.",
            "Unter „Termine“ den ersten Tag, Beginn und Ende eintragen, bei „Wiederholung“ „monatlich“ wählen und "
            "unter „Woche im Monat“ „zweiten“ und unter „Wochentag im Monat“ „Dienstag“.",
            "Das Ende der Serie festlegen: „Wiederholen bis“ (ein Datum) oder „Anzahl der Termine“.",
            "Unter „Änderungen einzelner Termine“ mit „Änderung hinzufügen“ einen Ausfall anlegen: betroffener "
            "Termin, Art „Termin fällt aus“, Hinweis.",
            "Für eine Verlegung eine zweite Änderung mit Art „Termin verlegt“ und „Neuer Beginn“ anlegen, dann "
            "veröffentlichen.",
        ),
        tips=(
            "„Feiertage auslassen“ lässt Termine an gesetzlichen Feiertagen in Thüringen ausfallen.",
            "Der Kalender zeigt den Ausfall als „abgesagt“ und den verlegten Termin am neuen Tag.",
        ),
        screenshots=(
            Screenshot(
                "Bereich „Termine“: Wiederholung „monatlich“ am zweiten Dienstag mit der Anzahl der Termine.",
                "Die Regel der Serie.",
            ),
            Screenshot(
                "Bereich „Änderungen einzelner Termine“: die erste Änderung mit betroffenem Termin und Art „Termin "
                "fällt aus“; darunter die Felder „Neuer Beginn“ und „Neues Ende“ für eine Verlegung.",
                "Ein Ausfall in der Serie; eine Verlegung füllt zusätzlich „Neuer Beginn“.",
            ),
        ),
    ),
    Task(
        slug="partnerkalender-importieren",
        title="Einen Partnerkalender importieren",
        purpose="Vereine und Verbände mit eigenem Kalender (iCalendar) müssen ihre Termine nicht abtippen: der "
        "Import legt sie als Entwürfe an, die Sie prüfen und veröffentlichen.",
        steps=(
            "Menü „Kalender“ → „Partnerkalender importieren“ öffnen.",
            "Bei „Partner“ die Organisation wählen; sie wird Veranstalter der Termine.",
            "Die „Adresse des Kalenders“ (mit https://) eintragen oder bei „Oder: Kalenderdatei hochladen“ die "
            ".ics-Datei wählen, dann „Importieren“.",
            "Die Seite „Import eines Partnerkalenders“ zeigt das Ergebnis: neu angelegt, aktualisiert, "
            "übersprungen, mit einem Link zu jedem Entwurf.",
            "Die Entwürfe öffnen, prüfen (Ort, Veranstaltungsart) und veröffentlichen.",
        ),
        tips=(
            "Ein zweiter Import desselben Kalenders aktualisiert nur Termine, die beim Partner neuer sind.",
            "Gelöschte Entwürfe legt ein späterer Import nicht wieder an.",
        ),
        screenshots=(
            Screenshot(
                "Formular „Partnerkalender importieren“ mit gewähltem Partner und hochgeladener Kalenderdatei.",
                "Partner und Kalenderdatei wählen.",
            ),
            Screenshot(
                "Ergebnis des Imports: eine Tabelle mit dem neu angelegten Entwurf und seinem Link.",
                "Was der Import angelegt hat.",
            ),
        ),
    ),
    Task(
        slug="einzeltermin-absagen",
        title="Einen Termin einer Serie absagen",
        purpose="Fällt ein einzelner Termin einer regelmäßigen Veranstaltung aus, bleibt die Serie bestehen; nur "
        "dieser Tag wird im Kalender als „abgesagt“ gezeigt, mit Ihrem Hinweis.",
        steps=(
            "Die Veranstaltung unter „Seiten“ → „Termine“ öffnen und bearbeiten.",
            "Zum Bereich „Änderungen einzelner Termine“ gehen und „Änderung hinzufügen“ wählen.",
            "Unter „Betroffener Termin“ den Tag eintragen, der ausfällt, und bei „Art“ „Termin fällt aus“ wählen.",
            "Unter „Hinweis“ den Grund für Besucherinnen und Besucher schreiben (z. B. „Fällt wegen der Ferien aus.“).",
            "Über den Pfeil neben „Entwurf speichern“ „Veröffentlichen“ wählen. Der Kalender, die Kalender-Abos "
            "(iCalendar) und der RSS-Feed zeigen den Termin als abgesagt.",
        ),
        tips=(
            "Für eine Verlegung dieselbe Änderung mit „Art“ „Termin verlegt“ anlegen und „Neuer Beginn“ eintragen.",
            "Fällt die ganze Veranstaltung aus, oben den Status der Veranstaltung auf „abgesagt“ setzen.",
        ),
        screenshots=(
            Screenshot(
                "Bereich „Änderungen einzelner Termine“: eine neue Änderung mit betroffenem Termin, Art „Termin fällt "
                "aus“ und Hinweis.",
                "Ein Ausfall in der Serie.",
            ),
            Screenshot(
                "Öffentliche Kalenderansicht des Tages: der Stammtisch mit dem Hinweis „abgesagt“ und dem Grund.",
                "So sehen Besucherinnen und Besucher den Ausfall.",
            ),
        ),
    ),
    Task(
        slug="veranstaltungsmeldung-pruefen",
        title="Eine gemeldete Veranstaltung prüfen",
        purpose="Vereine melden Veranstaltungen über das Formular „Veranstaltung melden“. Daraus entsteht ein "
        "Entwurf im Workflow „Redaktionelle Freigabe“; veröffentlicht wird nie automatisch.",
        steps=(
            "Die E-Mail „Neue Veranstaltung gemeldet“ enthält den Link zum Entwurf. Alternativ: Menü „Kalender“ "
            "→ „Gemeldete Veranstaltungen“.",
            "Den Entwurf öffnen und Titel, Termin, Ort und Veranstalter prüfen. Neu angelegte Orte und "
            "Organisationen unter „Stammdaten“ vervollständigen (Anschrift, Barrierefreiheit).",
            "Bei Fragen die Kontaktdaten aus „Gemeldete Veranstaltungen“ nutzen.",
            "Unten über den Pfeil neben „Entwurf speichern“ „Freigeben und Veröffentlichen“ wählen – oder "
            "„Änderungen anfordern“ mit einem Kommentar.",
            "Die Meldung „… wurde freigegeben und veröffentlicht.“ bestätigt: die Veranstaltung ist live, ohne "
            "offenen Entwurf.",
        ),
        tips=(
            "Die Kontaktdaten werden 90 Tage nach der Entscheidung automatisch gelöscht.",
            "Kommt dieselbe Veranstaltung doppelt, den zweiten Entwurf löschen.",
        ),
        screenshots=(
            Screenshot(
                "Liste „Gemeldete Veranstaltungen“ mit Titel, Name und Eingangsdatum einer Meldung.",
                "Die Liste der Meldungen.",
            ),
            Screenshot(
                "Bearbeitungsansicht des gemeldeten Entwurfs „Apfelfest in Clingen“; unten ist das Aktionsmenü "
                "mit „Freigeben und Veröffentlichen“ geöffnet.",
                "Freigeben und Veröffentlichen über das Aktionsmenü.",
            ),
        ),
    ),
    Task(
        slug="praxisbeispiel-vorschlag-pruefen",
        title="Einen Vorschlag für ein Praxisbeispiel prüfen",
        purpose="Über „Praxisbeispiel vorschlagen“ entsteht ein Entwurf in der Sammlung. Hochgeladene Dateien "
        "liegen bis zur Freigabe in einer nicht öffentlichen Sammlung.",
        steps=(
            "Menü „Vorschläge“ öffnen: Entwurf, Name, E-Mail und Eingang; die neueste Einreichung steht oben.",
            "Die Spalte „Entwurf“ nennt das vorgeschlagene Praxisbeispiel. Den Entwurf selbst öffnen Sie über den "
            "Link in der E-Mail an die Redaktion oder unter „Seiten“ → „Praxisbeispiele“ (Status „Entwurf“).",
            "Texte kürzen und gliedern, auf dem Reiter „Einordnung“ Ebene, Engagementbereich, Zielgruppe und "
            "Gemeinde wählen.",
            "Fotos prüfen: Ist ein Alternativtext da, sind Personen einverstanden?",
            "„Freigeben und Veröffentlichen“ oder ablehnen. Über die Entscheidung bekommt die einreichende Person "
            "keine automatische Nachricht: bitte kurz antworten.",
        ),
        tips=(
            "Ein gutes Beispiel mit „Empfohlen“ markieren: es erscheint dann im Baustein „Praxisbeispiele“.",
        ),
        screenshots=(
            Screenshot(
                "Liste „Vorschläge“ mit Name, Praxisbeispiel und Eingangsdatum.",
                "Die eingegangenen Vorschläge.",
            ),
        ),
    ),
    Task(
        slug="teilnehmende-und-anwesenheit",
        title="Teilnehmerliste exportieren und Anwesenheit eintragen",
        purpose="Für jeden Kurstermin gibt es eine Liste der Angemeldeten, eine Anwesenheitsliste je Termin und "
        "Teilnahmebescheinigungen.",
        steps=(
            "Den Kurstermin unter „Seiten“ öffnen und oben neben dem Titel im Menü „…“ „Teilnehmende und "
            "Anwesenheit“ wählen (auch in der Seitenliste im Menü „…“ der Zeile).",
            "„Teilnehmerliste als CSV (Excel)“ lädt die Liste herunter (Semikolon, öffnet direkt in Excel).",
            "Nach jedem Termin die Anwesenden ankreuzen und „Anwesenheit speichern“ wählen.",
            "Nach dem Kurs je Person „PDF“ für die Teilnahmebescheinigung öffnen.",
        ),
        tips=(
            "Die Daten der Teilnehmenden werden 180 Tage nach dem letzten Termin gelöscht; die Zahlen bleiben.",
            "Die CSV-Datei enthält Personendaten: nicht per E-Mail weiterleiten, nach Gebrauch löschen.",
        ),
        screenshots=(
            Screenshot(
                "Seite „Teilnehmende“ eines Kurstermins mit Ankreuzfeldern für die Anwesenheit je Termin und dem "
                "Knopf für die CSV-Datei.",
                "Anwesenheit eintragen und Teilnehmerliste herunterladen.",
            ),
        ),
    ),
    Task(
        slug="navigation-und-fussbereich",
        title="Navigation und Fußbereich bearbeiten",
        purpose="Hauptnavigation, Pflichtlinks im Fußbereich (Impressum, Datenschutz, Barrierefreiheit, Kontakt, "
        "Leichte Sprache, Gebärdensprache) und die Kontaktzeile gelten für die ganze Website.",
        steps=(
            "Menü „Einstellungen“ → „Navigation und Fußbereich“ öffnen.",
            "Unter „Hauptnavigation“ Menüpunkte hinzufügen, mit den Pfeilen oder durch Ziehen umsortieren oder "
            "löschen. Jeder Menüpunkt verweist auf eine Seite; „Anderer Menütext“ ersetzt dort den Seitentitel.",
            "Die Pflichtlinks im Fußbereich auf die richtigen Seiten setzen.",
            "„Speichern“: Besucherinnen und Besucher sehen die Änderung sofort.",
        ),
        tips=("Höchstens sieben Einträge in der Hauptnavigation; sie muss auch auf dem Telefon passen.",),
        screenshots=(
            Screenshot(
                "Formular „Navigation und Fußbereich“ mit den Einträgen der Hauptnavigation.",
                "Die Einträge der Hauptnavigation.",
            ),
        ),
    ),
    Task(
        slug="bild-und-dokument-hochladen",
        title="Ein Bild oder Dokument hochladen",
        purpose="Bilder und Dokumente liegen zentral und lassen sich auf jeder Seite verwenden.",
        steps=(
            "Menü „Bilder“ → „Ein Bild hinzufügen“ (bzw. „Dokumente“ → „Dokument hinzufügen“).",
            "Die Datei in das Feld ziehen oder „Oder wählen Sie es von Ihrem Computer aus“ wählen.",
            "Titel und eine Beschreibung eintragen: Die Beschreibung ist der Alternativtext, den Screenreader "
            "vorlesen. Sie sagt, was auf dem Bild zu sehen ist, nicht „Bild von …“.",
            "Schlagwörter vergeben, damit das Bild wiedergefunden wird, und mit „Update“ speichern. Solange die "
            "Beschreibung fehlt, zeigt Wagtail einen roten Hinweis.",
            "Im Baustein „Bild“ einer Seite kann der Alternativtext für diese Stelle angepasst oder das Bild als "
            "„rein dekorativ“ markiert werden.",
        ),
        tips=(
            "Dokumente möglichst als barrierefreies PDF oder als ODT hochladen; der Baustein „Downloads“ zeigt "
            "Dateityp und Größe.",
            "Nur Bilder hochladen, für die Nutzungsrechte und die Einwilligung abgebildeter Personen vorliegen.",
        ),
        screenshots=(
            Screenshot(
                "Bearbeitungsformular eines hochgeladenen Bildes mit Titel und Beschreibung als Alternativtext.",
                "Titel und Beschreibung (Alternativtext) eines Bildes.",
            ),
        ),
    ),
    Task(
        slug="foerderprogramm-anlegen",
        title="Ein Förderprogramm mit Antragsfrist anlegen",
        purpose="Förderprogramme nennen Zwecke, Antragsberechtigte, Höchstbetrag und die Antragsfrist; die Seite "
        "zählt die Tage bis zur Frist herunter.",
        steps=(
            "Unter „Seiten“ → „Förderung“ „Unterseite hinzufügen“ und „Förderprogramm“ wählen.",
            "Titel, Kurztext und die Förderzwecke (a bis g) ankreuzen.",
            "„Wer kann einen Antrag stellen?“ ausfüllen.",
            "Unter „Frist und Betrag“ die Antragsfrist (letzter Tag) und den Höchstbetrag eintragen.",
            "Antragsformulare als Downloads und eine Ansprechperson hinzufügen, dann veröffentlichen.",
        ),
        tips=(
            "Nach Ablauf der Frist die Vergabeergebnisse des Jahres unter „Veröffentlichte Vergabeergebnisse“ "
            "ergänzen.",
        ),
        screenshots=(
            Screenshot(
                "Formular „Förderprogramm hinzufügen“ mit Antragsfrist und Höchstbetrag.",
                "Antragsfrist und Höchstbetrag eines Förderprogramms.",
            ),
        ),
    ),
    Task(
        slug="barrieremeldung-beantworten",
        title="Eine Barrieremeldung beantworten",
        purpose="Über „Barriere melden“ in der Erklärung zur Barrierefreiheit melden Menschen Probleme mit der "
        "Website. Sie haben Anspruch auf eine Antwort innerhalb eines Monats.",
        steps=(
            "Menü „Barrieremeldungen“ öffnen; die Spalte „Antwort fällig“ zeigt, was eilt.",
            "Die Meldung öffnen: Seite, Beschreibung und genutzte Hilfsmittel lesen.",
            "Die Barriere auf der genannten Seite nachvollziehen und beheben (oder die Technik beauftragen).",
            "Der Person antworten, wenn sie eine E-Mail-Adresse angegeben hat.",
            "Status auf „Erledigt“ (oder „Abgelehnt“ mit Begründung) setzen und unter „Interne Notizen“ "
            "festhalten, was getan wurde; speichern.",
        ),
        tips=(
            "Offene Meldungen stehen auch auf dem Dashboard im Bereich „Barrierefreiheit“.",
            "Name und E-Mail werden nach dem Abschluss automatisch gelöscht.",
        ),
        screenshots=(
            Screenshot(
                "Liste „Barrieremeldungen“ mit Eingang, Fälligkeit und Status.",
                "Die Barrieremeldungen mit ihrer Frist.",
            ),
        ),
    ),
    Task(
        slug="auskunft-und-loeschung",
        title="Eine Anfrage zum Datenschutz bearbeiten",
        purpose="Jede Person kann erfahren, was die Website über sie gespeichert hat, und die Löschung verlangen "
        "(Art. 15 und 17 DSGVO). Gesucht wird in allen Formularen auf einmal.",
        steps=(
            "Menü „Einstellungen“ → „Auskunft und Löschung“ öffnen (nur mit der Berechtigung dazu sichtbar).",
            "Die E-Mail-Adresse der Person eintragen und „Gespeicherte Daten suchen“ wählen.",
            "Für eine Auskunft „Auskunft als JSON herunterladen“ wählen und die Datei der Person schicken.",
            "Für eine Löschung „Alle Daten dieser Person löschen …“ wählen, die Anzahl prüfen und bestätigen.",
        ),
        tips=(
            "Vorher sicherstellen, dass die Anfrage wirklich von der Person kommt (z. B. Antwort an genau diese "
            "Adresse).",
            "Gelöschte Kursanmeldungen machen den Platz frei; die Warteliste rückt nach.",
        ),
        screenshots=(
            Screenshot(
                "Seite „Auskunft und Löschung“ mit den gefundenen Datensätzen einer E-Mail-Adresse je Quelle.",
                "Was zu einer Adresse gespeichert ist.",
            ),
            Screenshot(
                "Rückfrage „Wirklich löschen?“ mit der Zahl der Datensätze, die gelöscht werden.",
                "Die Löschung wird erst nach Bestätigung ausgeführt.",
            ),
        ),
    ),
)


def task(slug):
    return next(item for item in TASKS if item.slug == slug)


def all_screenshot_names():
    return [name for item in TASKS for name in item.screenshot_names()]
