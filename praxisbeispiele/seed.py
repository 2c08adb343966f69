"""Demo content for the good-practice library: twelve examples from the district's towns.

`--scale N` (N > 1) adds variants up to 50 × N examples (500 at the benchmark's scale 10). Variants are
published without revisions so that seeding stays fast; editing one in the admin works as usual.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Site

from cms.content.seeding import make_document, make_image, seeder
from cms.models import (
    ContactPerson,
    FieldOfEngagement,
    FundingPurpose,
    Municipality,
    NavigationItem,
    Organisation,
    SiteConfiguration,
    TargetGroup,
)
from praxisbeispiele.models import LibraryPage, PracticeExamplePage

K = Organisation.Kind

# (title, municipality slug, (organisation, kind, website), fields, target groups, levels, tags,
#  (programme, purposes), (time, euro, people), featured, text dict, material lines or None)
EXAMPLES = [
    (
        "Ferienwerkstatt bringt Jugendliche in die Feuerwehr",
        "ebeleben",
        ("Feuerwehrverein Ebeleben e. V.", K.ASSOCIATION, "https://feuerwehrverein-ebeleben.example"),
        ["Feuerwehr (Brand- und Katastrophenschutz)", "Kinder- und Jugendarbeit"],
        ["Kinder und Jugendliche", "Neue Engagierte"],
        [3],
        ["Nachwuchs", "Ferien", "Jugendfeuerwehr"],
        ("Ehrenamtsförderung des Kyffhäuserkreises", ["b", "c"]),
        ("vier Monate Vorbereitung, eine Ferienwoche", "1850.00", 9),
        True,
        {
            "summary": "Eine Woche Technik, Erste Hilfe und Zeltlager in den Sommerferien: Der Feuerwehrverein "
            "Ebeleben hat so elf Jugendliche für die Jugendfeuerwehr gewonnen.",
            "start": "Die Jugendfeuerwehr hatte nur noch vier Mitglieder. Werbung in der Schule lief ins Leere, "
            "weil viele Jugendliche die Wache nie von innen gesehen hatten.",
            "steps": [
                ("Jugendliche nach ihren Wünschen gefragt", "Zwei offene Abende im Gerätehaus mit Pizza."),
                ("Programm mit Partnern geplant", "DRK, Bauhof und Schule übernahmen je einen Tag."),
                ("Ferienwoche durchgeführt", "Fünf Tage mit Übungen, Ausflug und einer Nacht im Zelt."),
                ("Zum Dienstabend eingeladen", "Alle Teilnehmenden bekamen eine persönliche Einladung."),
            ],
            "result": "Elf von 18 Teilnehmenden kommen seither regelmäßig. Zwei Eltern engagieren sich als "
            "Betreuer.",
            "transfer": "Das Konzept passt zu jedem Verein mit Technik zum Anfassen: Sportvereine, THW, "
            "Heimatvereine mit Werkstatt.",
            "tips": "Früh Termine mit der Schule abstimmen\nVersicherung der Teilnehmenden vorab klären\n"
            "Eltern zum Abschlussfest einladen",
        },
        ["Ablaufplan der Ferienwoche", "Einverständniserklärung der Eltern", "Materialliste"],
    ),
    (
        "Vereinsstammtisch am Kyffhäuser: Vorstände lernen voneinander",
        "bad-frankenhausen-kyffhaeuser",
        ("Heimat- und Geschichtsverein Bad Frankenhausen e. V.", K.ASSOCIATION, ""),
        ["Heimat und Brauchtum", "Kultur und Musik"],
        ["Vereinsvorstände"],
        [2, 3],
        ["Vernetzung", "Vorstandsarbeit", "Stammtisch"],
        ("", []),
        ("ein Abend im Quartal", "120.00", 3),
        True,
        {
            "summary": "Viermal im Jahr treffen sich Vorstände aus dem Altkreis Artern zu einem Thema. "
            "Aus dem Austausch sind gemeinsame Projekte entstanden.",
            "start": "Viele Vorstände standen mit denselben Fragen allein da: Datenschutz, Kassenprüfung, "
            "Nachfolge im Vorsitz.",
            "steps": [
                ("Themen gesammelt", "Eine kurze Umfrage unter 30 Vereinen ergab die wichtigsten Fragen."),
                ("Gastgeber im Wechsel", "Jeder Abend findet bei einem anderen Verein statt."),
                ("Fachleute eingeladen", "Die Ehrenamtsagentur vermittelt Referentinnen und Referenten."),
            ],
            "result": "Im Schnitt kommen 25 Vorstände. Drei Vereine teilen sich inzwischen einen Anhänger "
            "und eine Festzeltgarnitur.",
            "transfer": "Braucht nur einen Raum und eine Person, die einlädt. Die Ehrenamtsagentur hilft mit "
            "Adresslisten.",
            "tips": "Feste Termine für das ganze Jahr festlegen\nImmer ein Thema, nie nur Plaudern\n"
            "Protokoll mit Kontakten verschicken",
        },
        None,
    ),
    (
        "Fahrdienst für Ältere in Roßleben-Wiehe",
        "rossleben-wiehe",
        ("Seniorenhilfe Roßleben-Wiehe e. V.", K.ASSOCIATION, "https://seniorenhilfe-rw.example"),
        ["Senioren- und Behindertenhilfe"],
        ["Seniorinnen und Senioren", "Ehrenamtliche"],
        [3],
        ["Mobilität", "Nachbarschaftshilfe", "ländlicher Raum"],
        ("Aktiv vor Ort", ["c", "g"]),
        ("ein halbes Jahr Aufbau, laufend 2 Stunden pro Woche Koordination", "4800.00", 14),
        True,
        {
            "summary": "Vierzehn Ehrenamtliche fahren ältere Menschen aus den Ortsteilen zum Arzt, zum Einkauf "
            "und zu Festen. Ein Telefon und ein geteilter Kalender reichen.",
            "start": "Der Bus fährt in manchen Ortsteilen zweimal am Tag. Wer nicht mehr selbst fährt, ist "
            "auf Nachbarn angewiesen.",
            "steps": [
                ("Bedarf erhoben", "Fragebogen im Amtsblatt und Gespräche beim Seniorennachmittag."),
                (
                    "Fahrerinnen und Fahrer gewonnen",
                    "Aufruf über die Ehrenamtsagentur und die Kirchgemeinde.",
                ),
                (
                    "Versicherung und Fahrtkosten geregelt",
                    "Kilometergeld aus Spenden, Versicherung über den Verein.",
                ),
                ("Telefonzeiten eingerichtet", "Montag und Donnerstag nimmt jemand Fahrtwünsche an."),
            ],
            "result": "Rund 60 Fahrten im Monat. Mehrere Fahrgäste sind inzwischen selbst im Verein aktiv.",
            "transfer": "Geht überall, wo es Menschen mit Auto und etwas Zeit gibt. Wichtig ist eine klare "
            "Regel für Kosten und Versicherung.",
            "tips": "Fahrten immer über eine zentrale Nummer annehmen\nKilometergeld pauschal abrechnen\n"
            "Fahrerinnen und Fahrer jährlich zum Dankeschön einladen",
        },
        ["Merkblatt Versicherung im Fahrdienst", "Vorlage Fahrtenbuch"],
    ),
    (
        "Streuobstwiese mit Patenschaften in Kyffhäuserland",
        "kyffhaeuserland",
        ("Naturschutzgruppe Kyffhäuserland", K.INITIATIVE, ""),
        ["Umwelt- und Naturschutz"],
        ["Familien", "Kinder und Jugendliche"],
        [3],
        ["Patenschaft", "Streuobst", "Schule"],
        ("Ehrenamtsförderung des Kyffhäuserkreises", ["f"]),
        ("ein Pflanztag, danach zwei Pflegetermine im Jahr", "2300.00", 35),
        False,
        {
            "summary": "Schülerinnen, Eltern und Naturschützer haben 35 alte Obstsorten gepflanzt. Jeder Baum "
            "hat eine Patenfamilie, die ihn pflegt und erntet.",
            "start": "Eine alte Wiese am Ortsrand verbuschte. Die Gemeinde suchte jemanden, der sie pflegt.",
            "steps": [
                ("Fläche mit der Gemeinde vereinbart", "Nutzungsvertrag über zehn Jahre."),
                ("Sorten ausgewählt", "Mit dem Pomologen des Landschaftspflegeverbands."),
                ("Patenfamilien gesucht", "Über die Grundschule und das Amtsblatt."),
                ("Pflanztag gefeiert", "Mit Suppe, Musik und Namensschildern für jeden Baum."),
            ],
            "result": "Alle Bäume haben Paten. Die Schule nutzt die Wiese für den Sachkundeunterricht.",
            "transfer": "Patenschaften binden Familien langfristig. Wichtig ist eine Person, die an die "
            "Pflegetermine erinnert.",
            "tips": "Bäume mit Namensschild der Paten versehen\nPflegetermine an Schulferien ausrichten",
        },
        ["Pflegekalender für Obstbäume"],
    ),
    (
        "Dorfladen als Treffpunkt in Clingen",
        "clingen",
        ("Bürgerverein Clingen e. V.", K.ASSOCIATION, ""),
        ["Senioren- und Behindertenhilfe", "Heimat und Brauchtum"],
        ["Seniorinnen und Senioren", "Familien"],
        [1, 3],
        ["Dorfladen", "Treffpunkt", "ländlicher Raum"],
        ("Aktiv vor Ort", ["g"]),
        ("ein Jahr Vorbereitung, Ladendienst in Schichten", "5000.00", 22),
        False,
        {
            "summary": "Ehrenamtliche betreiben einen kleinen Laden mit Café-Ecke. Er ist Einkaufsort und "
            "Treffpunkt zugleich.",
            "start": "Nach dem Schließen des letzten Geschäfts fehlte ein Ort, an dem man sich zufällig trifft.",
            "steps": [
                ("Genossenschaftsidee geprüft", "Beratung durch die Ehrenamtsagentur und die Stadt."),
                ("Räume im alten Schulhaus hergerichtet", "In 400 Stunden Eigenleistung."),
                ("Schichtplan aufgestellt", "22 Ehrenamtliche, je eine Schicht pro Woche."),
            ],
            "result": "Der Laden hat an fünf Tagen geöffnet. Donnerstags gibt es Kuchen und Klönschnack.",
            "transfer": "Die Organisation im Schichtplan lässt sich auf Büchereien und Cafés übertragen.",
            "tips": "Mit wenigen Waren beginnen\nSchichtplan online und auf Papier führen",
        },
        None,
    ),
    (
        "Chöre singen gemeinsam für den Hospizverein",
        "an-der-schmuecke",
        ("Gemischter Chor Heldrungen e. V.", K.ASSOCIATION, ""),
        ["Kultur und Musik", "Hospiz"],
        ["Ehrenamtliche", "Seniorinnen und Senioren"],
        [3],
        ["Benefiz", "Chor", "Kooperation"],
        ("", []),
        ("drei Monate Proben, ein Konzertabend", "650.00", 48),
        False,
        {
            "summary": "Drei Chöre aus An der Schmücke haben ein Benefizkonzert gegeben und dabei zum ersten "
            "Mal zusammen geprobt.",
            "start": "Jeder Chor allein war zu klein für ein großes Konzert. Der Hospizverein brauchte Spenden "
            "für die Begleitung von Angehörigen.",
            "steps": [
                ("Gemeinsames Programm ausgewählt", "Je Chor drei Lieder und zwei für alle."),
                ("Kirche als Konzertort gewonnen", "Die Kirchgemeinde stellte Raum und Technik."),
                ("Konzert beworben", "Plakate, Amtsblatt und Radio."),
            ],
            "result": "Über 200 Gäste und 2.400 Euro Spenden. Die Chöre proben nun zweimal im Jahr zusammen.",
            "transfer": "Kooperationen kleiner Vereine lohnen sich besonders bei Veranstaltungen.",
            "tips": "Einen gemeinsamen Probentermin früh festlegen\nSpendenzweck konkret benennen",
        },
        None,
    ),
    (
        "Ehrenamtssprechstunde im Rathaus Greußen",
        "greussen",
        ("Stadt Greußen", K.MUNICIPALITY, "https://greussen.example"),
        ["Familienarbeit", "Integration"],
        ["Neue Engagierte", "Gemeinden und Verwaltung"],
        [1, 2],
        ["Beratung", "Verwaltung", "Engagement finden"],
        ("Ehrenamtsförderung des Kyffhäuserkreises", ["b"]),
        ("zwei Stunden im Monat", "0.00", 2),
        False,
        {
            "summary": "Einmal im Monat berät die Ehrenamtsagentur im Rathaus Greußen Menschen, die sich "
            "engagieren wollen, und Vereine, die Hilfe suchen.",
            "start": "Der Weg nach Sondershausen war für viele zu weit. Vereine wussten nicht, wen sie fragen "
            "können.",
            "steps": [
                ("Raum im Rathaus bereitgestellt", "Die Stadt stellt den Raum kostenlos zur Verfügung."),
                ("Termin im Amtsblatt angekündigt", "Jeden ersten Mittwoch im Monat."),
                ("Engagementangebote gesammelt", "Eine Mappe mit Gesuchen der Vereine liegt aus."),
            ],
            "result": "In einem Jahr kamen 70 Menschen; 19 haben ein Ehrenamt gefunden.",
            "transfer": "Jede Gemeinde kann einen Raum stellen. Die Ehrenamtsagentur kommt auf Anfrage.",
            "tips": "Immer derselbe Tag im Monat\nGesuche der Vereine aktuell halten",
        },
        None,
    ),
    (
        "Sprachcafé verbindet Zugewanderte und Vereine in Artern",
        "artern",
        ("Evangelische Kirchgemeinde Artern", K.CHURCH, ""),
        ["Integration", "Kirche"],
        ["Zugewanderte", "Ehrenamtliche"],
        [3],
        ["Sprache", "Begegnung", "Integration"],
        ("Lebenswelten gestalten", ["c", "f"]),
        ("wöchentlich zwei Stunden", "900.00", 8),
        True,
        {
            "summary": "Jeden Dienstag üben Zugewanderte Deutsch mit Ehrenamtlichen. Vereine stellen sich vor "
            "und laden zum Mitmachen ein.",
            "start": "Viele Zugewanderte wollten Kontakt zu Einheimischen, fanden aber keinen Zugang zu den "
            "Vereinen.",
            "steps": [
                ("Gemeinderaum geöffnet", "Die Kirchgemeinde stellt Raum, Tee und Kaffee."),
                ("Gesprächspaten gewonnen", "Acht Ehrenamtliche, auch aus dem Sportverein."),
                ("Vereine eingeladen", "Jeden Monat stellt sich ein Verein vor."),
            ],
            "result": "Sieben Zugewanderte spielen inzwischen Fußball oder singen im Chor.",
            "transfer": "Das Format braucht wenig Geld, aber verlässliche Paten.",
            "tips": "Einfache Sprache bei Vereinsvorstellungen\nKinderbetreuung anbieten",
        },
        ["Gesprächskarten für das Sprachcafé"],
    ),
    (
        "Ehrenamtspreis im Dorf: Helferfest in Helbedündorf",
        "helbeduendorf",
        ("Gemeinde Helbedündorf", K.MUNICIPALITY, ""),
        ["Heimat und Brauchtum", "Sport"],
        ["Ehrenamtliche"],
        [1],
        ["Anerkennung", "Fest", "Dankeschön"],
        ("Ehrenamtsförderung des Kyffhäuserkreises", ["a", "d"]),
        ("zwei Monate Vorbereitung", "1400.00", 12),
        False,
        {
            "summary": "Die Gemeinde dankt einmal im Jahr allen Helferinnen und Helfern mit einem Fest und "
            "ehrt drei von ihnen besonders.",
            "start": "Engagement wurde als selbstverständlich gesehen. Viele fühlten sich nicht wahrgenommen.",
            "steps": [
                ("Vorschläge aus den Ortsteilen gesammelt", "Jeder kann jemanden vorschlagen."),
                ("Jury aus Vereinen gebildet", "Vertreterinnen und Vertreter aller Ortsteile."),
                ("Fest mit Ehrung gefeiert", "Mit Urkunde, Blumen und Bericht im Amtsblatt."),
            ],
            "result": "Über 150 Gäste; die Zahl der Vorschläge steigt jedes Jahr.",
            "transfer": "Ehrungen wirken, wenn sie persönlich sind. Förderzweck (a) der Richtlinie passt.",
            "tips": "Geehrte vorher fragen\nFotos nur mit Einverständnis veröffentlichen",
        },
        ["Vorschlagsbogen Helferpreis"],
    ),
    (
        "Erste-Hilfe-Kurse für Trainerinnen und Trainer in Sondershausen",
        "sondershausen",
        ("Kreissportbund Kyffhäuser e. V.", K.FEDERATION, "https://ksb-kyffhaeuser.example"),
        ["Sport", "Rettungswesen"],
        ["Ehrenamtliche", "Vereinsvorstände"],
        [2],
        ["Fortbildung", "Erste Hilfe", "Übungsleitung"],
        ("Ehrenamtsförderung des Kyffhäuserkreises", ["e"]),
        ("vier Samstage im Jahr", "2600.00", 6),
        False,
        {
            "summary": "Der Kreissportbund bietet mit dem DRK kostenlose Erste-Hilfe-Kurse für Übungsleitende "
            "an, abgestimmt auf Sportunfälle.",
            "start": "Viele Übungsleiterscheine liefen ab, weil der Erste-Hilfe-Nachweis fehlte.",
            "steps": [
                ("Bedarf bei den Vereinen abgefragt", "Über die Vereinsrundschreiben."),
                ("Kurse mit dem DRK geplant", "Samstags, in Turnhallen im ganzen Kreis."),
                ("Kosten über die Förderung gedeckt", "Zweck (e) der Richtlinie: Fortbildung."),
            ],
            "result": "96 Übungsleitende haben ihren Nachweis erneuert.",
            "transfer": "Auch Feuerwehren und Jugendgruppen können gemeinsam Kurse buchen.",
            "tips": "Kurse im Vereinsheim statt in der Stadt anbieten",
        },
        None,
    ),
    (
        "Gemeinsamer Vereinskalender für Roßleben und Wiehe",
        "rossleben-wiehe",
        ("Jugendclub Roßleben-Wiehe", K.INITIATIVE, ""),
        ["Kinder- und Jugendarbeit", "Kultur und Musik"],
        ["Vereinsvorstände", "Kinder und Jugendliche"],
        [3],
        ["Vernetzung", "Kalender", "Digitalisierung"],
        ("", []),
        ("ein Wochenende Einrichtung, danach laufend", "0.00", 4),
        False,
        {
            "summary": "Jugendliche haben einen gemeinsamen Terminkalender für alle Vereine der Stadt "
            "eingerichtet, damit sich Feste nicht mehr überschneiden.",
            "start": "An manchen Wochenenden gab es drei Feste gleichzeitig, an anderen keines.",
            "steps": [
                ("Vereine an einen Tisch geholt", "Beim Vereinsstammtisch im Rathaus."),
                ("Kalender eingerichtet", "Jeder Verein bekam einen eigenen Zugang."),
                ("Kalender im Amtsblatt abgedruckt", "Monatlich, für alle ohne Internet."),
            ],
            "result": "Keine Doppeltermine mehr; die Vereine helfen sich gegenseitig bei Festen.",
            "transfer": "Einfach übertragbar; der Netzwerkkalender des Kreises bietet die Technik.",
            "tips": "Eine Person pflegt, alle melden\nPapierfassung nicht vergessen",
        },
        None,
    ),
    (
        "Verkehrshelfer an der Grundschule Ebeleben",
        "ebeleben",
        ("Verkehrswacht Kyffhäuserkreis e. V.", K.ASSOCIATION, ""),
        ["Verkehrssicherheit", "Familienarbeit"],
        ["Kinder und Jugendliche", "Familien"],
        [3],
        ["Schulweg", "Sicherheit", "Eltern"],
        ("Ehrenamtsförderung des Kyffhäuserkreises", ["b"]),
        ("morgens 30 Minuten an Schultagen", "480.00", 16),
        False,
        {
            "summary": "Eltern und Großeltern sichern morgens die Straßenübergänge am Schulweg. Die "
            "Verkehrswacht schult und stattet sie aus.",
            "start": "An der Hauptstraße kam es zu gefährlichen Situationen, eine Ampel war nicht in Sicht.",
            "steps": [
                ("Helfer über den Elternabend gewonnen", "Mit einem kurzen Vortrag der Polizei."),
                ("Schulung durch die Verkehrswacht", "Ein Abend Theorie, ein Morgen Praxis."),
                ("Dienstplan erstellt", "Jede Person übernimmt einen Morgen pro Woche."),
            ],
            "result": "Seit zwei Jahren kein Unfall auf dem Schulweg.",
            "transfer": "Jede Schule mit gefährlichen Übergängen kann das übernehmen.",
            "tips": "Warnwesten und Kellen bei der Verkehrswacht leihen",
        },
        ["Dienstplan Verkehrshelfer"],
    ),
]

CLUB_CONTACTS = [
    ("Sandra Möbius", "Vorsitzende", "sandra.moebius@verein.example", "036020 7123"),
    ("Uwe Kettner", "Kassenwart", "uwe.kettner@verein.example", "03466 32145"),
    ("Franziska Rothe", "Koordination Ehrenamt", "franziska.rothe@verein.example", "034672 8891"),
]


def _library(home):
    library = LibraryPage.objects.first()
    if library is None:
        library = LibraryPage(
            title="Praxisbeispiele",
            slug="praxisbeispiele",
            intro="Gute Beispiele aus Vereinen, Initiativen und Gemeinden im Kyffhäuserkreis: was sie gemacht "
            "haben, was es gekostet hat und wen Sie fragen können. Filtern Sie nach Bereich, Zielgruppe "
            "und Ort.",
            body=[
                {
                    "type": "practice_examples",
                    "value": {
                        "title": "Empfohlene Beispiele",
                        "intro": "Diese Beispiele empfiehlt die Ehrenamtsagentur besonders zum Nachmachen.",
                        "featured_only": True,
                        "levels": [],
                        "fields_of_engagement": [],
                        "target_groups": [],
                        "municipalities": [],
                        "tag": "",
                        "count": 3,
                        "order": "neu",
                        "show_link": False,
                    },
                }
            ],
        )
        home.add_child(instance=library)
        library.save_revision().publish()
    return library


def _navigation(library):
    config = SiteConfiguration.for_site(Site.objects.get(is_default_site=True))
    if NavigationItem.objects.filter(setting=config, page=library).exists():
        return
    items = list(config.navigation_items.select_related("page").order_by("sort_order"))
    position = next((i for i, item in enumerate(items) if item.page.slug == "kontakt"), len(items))
    for item in items[position:]:
        NavigationItem.objects.filter(pk=item.pk).update(sort_order=item.sort_order + 1)
    NavigationItem.objects.create(setting=config, page=library, sort_order=position)


def _organisation(spec, municipality):
    name, kind, website = spec
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "website": website, "municipality": municipality}
    )
    return organisation


def _contacts(context):
    contacts = list(context.objects.get("contacts", []))
    for name, role, email, phone in CLUB_CONTACTS:
        contact, _ = ContactPerson.objects.get_or_create(
            name=name, defaults={"role": role, "email": email, "phone": phone, "organisation": "Verein"}
        )
        contacts.append(contact)
    return contacts


def total_examples(scale):
    return len(EXAMPLES) if scale <= 1 else 50 * scale


@seeder(order=50)
def seed_practice_examples(context):
    home = context.objects.get("home")
    library = _library(home)
    _navigation(library)
    context.objects["library"] = library

    municipalities = {m.slug: m for m in Municipality.objects.all()}
    fields = {f.name: f for f in FieldOfEngagement.objects.all()}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    purposes = {p.code: p for p in FundingPurpose.objects.all()}
    contacts = _contacts(context)
    towns = sorted(municipalities)

    existing = set(library.get_children().values_list("slug", flat=True))
    now = timezone.now()
    for number in range(total_examples(context.scale)):
        slug = f"beispiel-{number + 1:04d}"
        if slug in existing:
            continue
        spec = EXAMPLES[number % len(EXAMPLES)]
        (
            title,
            town,
            org,
            field_names,
            group_names,
            levels,
            tags,
            funding,
            effort,
            featured,
            text,
            material,
        ) = spec
        round_ = number // len(EXAMPLES)
        municipality = municipalities.get(town if round_ == 0 else towns[(number + round_) % len(towns)])
        programme, purpose_codes = funding
        effort_time, money, people = effort
        page = PracticeExamplePage(
            title=title if round_ == 0 else f"{title} ({round_ + 1})",
            slug=slug,
            summary=text["summary"],
            starting_point=text["start"],
            steps=[{"type": "step", "value": {"title": t, "text": d}} for t, d in text["steps"]],
            result=text["result"],
            transferability=text["transfer"],
            tips=text["tips"],
            effort_time=effort_time,
            effort_money=Decimal(money),
            effort_people=people,
            funding_programme=programme,
            level_structure=1 in levels,
            level_qualification=2 in levels,
            level_network=3 in levels,
            municipality=municipality,
            organisation=_organisation(org, municipalities.get(town)),
            contact=contacts[number % len(contacts)] if contacts else None,
            featured=featured and round_ == 0,
        )
        if round_ == 0:
            image = make_image(f"Praxisbeispiel {title}")
            page.images = [
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": f"Symbolbild: {title}",
                        "decorative": False,
                        "caption": f"Aus dem Praxisbeispiel „{title}“",
                        "credit": "Ehrenamtsagentur",
                    },
                }
            ]
        if material:
            documents = [make_document(line, [title, "", "Vorlage zum Ausfüllen."]) for line in material]
            page.materials = [
                {
                    "type": "downloads",
                    "value": {
                        "title": "Materialien zum Nachmachen",
                        "files": [{"document": doc.pk, "title": ""} for doc in documents],
                    },
                }
            ]
        if org[2]:
            page.links = [
                {"type": "link", "value": {"title": f"Website: {org[0]}", "url": org[2], "page": None}}
            ]
        page.fields_of_engagement = [fields[name] for name in field_names if name in fields]
        page.target_groups = [groups[name] for name in group_names if name in groups]
        page.funding_purposes = [purposes[code] for code in purpose_codes if code in purposes]
        page.tags.add(*tags)
        published = now - timedelta(days=4 * number + 2)
        if round_ == 0:
            library.add_child(instance=page)
            page.save_revision().publish()
            PracticeExamplePage.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=published + timedelta(days=number % 3)
            )
        else:
            page.live = True
            page.first_published_at = published
            page.last_published_at = published
            library.add_child(instance=page)
