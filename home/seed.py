"""Demo content for level 1 of the Leitbild: start page, Beirat, funding, news and the legal pages."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page, Site

from cms.content.public_address import point_site_at_public_address
from cms.content.seeding import (
    child_by_slug,
    default_site,
    heading,
    make_document,
    make_image,
    paragraph,
    seeder,
)
from cms.models import ContactPerson, FundingPurpose, NavigationItem, SiteConfiguration
from home.models import (
    BeiratMember,
    BeiratPage,
    ContentPage,
    FundingProgrammePage,
    FundingResult,
    HomePage,
    NewsIndexPage,
    NewsPage,
)

CONTACTS = [
    {
        "name": "Katrin Wendler",
        "role": "Beratung für Vereine und Initiativen",
        "organisation": "Ehrenamtsagentur des Kyffhäuserkreises",
        "phone": "03632 741-512",
        "email": "ehrenamtsagentur@kyffhaeuser.example",
        "address": "Landratsamt Kyffhäuserkreis\nJugend- und Sozialamt\nMarkt 8\n99706 Sondershausen",
        "office_hours": "Dienstag 9–12 und 13–17 Uhr\nDonnerstag 9–12 Uhr\nund nach Vereinbarung",
    },
    {
        "name": "Tobias Reinhardt",
        "role": "Förderung und Ehrenamtscard",
        "organisation": "Ehrenamtsagentur des Kyffhäuserkreises",
        "phone": "03632 741-514",
        "email": "foerderung-ehrenamt@kyffhaeuser.example",
        "address": "Landratsamt Kyffhäuserkreis\nMarkt 8\n99706 Sondershausen",
        "office_hours": "Montag bis Donnerstag 9–15 Uhr",
    },
]

MEMBERS = [
    ("Dr. Annett Hoffmeister", "Vorsitzende", "Kreissportbund Kyffhäuser"),
    ("Michael Trautvetter", "Stellvertretender Vorsitzender", "Kreisfeuerwehrverband Kyffhäuserkreis"),
    ("Sabine Ortlepp", "Mitglied", "Evangelischer Kirchenkreis Südharz"),
    ("Jens Kaufhold", "Mitglied", "Heimat- und Geschichtsverein Bad Frankenhausen"),
    ("Petra Wiegand", "Mitglied", "Seniorenbeirat der Stadt Artern"),
    ("Ronny Schellhorn", "Mitglied", "Jugendclub Roßleben-Wiehe"),
    ("Claudia Bertram", "Mitglied für die Verwaltung", "Jugend- und Sozialamt des Kyffhäuserkreises"),
]

NEWS = [
    (
        "Ehrenamtspreis 2026: 14 Engagierte in Sondershausen geehrt",
        "Bei der Gala im Achteckhaus hat der Kyffhäuserkreis Menschen ausgezeichnet, die sich seit Jahren für "
        "andere einsetzen – von der Jugendfeuerwehr bis zur Hospizbegleitung.",
        ["Ehrenamtspreis", "Anerkennung"],
        "Sondershausen",
    ),
    (
        "Förderanträge für 2027 jetzt stellen",
        "Vereine, Initiativen und Kirchgemeinden können bis zum 31. August Mittel aus der Ehrenamtsförderung "
        "des Kreises beantragen. Die Ehrenamtsagentur hilft beim Ausfüllen.",
        ["Förderung"],
        "Kyffhäuserkreis",
    ),
    (
        "Neue Ehrenamtscards in Artern übergeben",
        "Zwölf Frauen und Männer aus Artern und Umgebung erhielten die Thüringer Ehrenamtscard. Drei "
        "Geschäfte in der Stadt sind neu als Partner dabei.",
        ["Ehrenamtscard", "Anerkennung"],
        "Artern",
    ),
    (
        "Vereinsstammtisch in Bad Frankenhausen: Nachwuchs gewinnen",
        "Rund 40 Vorstände aus dem Altkreis Artern tauschten sich am Kyffhäuser darüber aus, wie junge Menschen "
        "Lust auf Vereinsarbeit bekommen.",
        ["Vernetzung", "Kinder- und Jugendarbeit"],
        "Bad Frankenhausen/Kyffhäuser",
    ),
    (
        "Ergebnis der Ehrenamtsförderung 2026 veröffentlicht",
        "Der Ehrenamtsbeirat hat über 107 Anträge entschieden: Rund 31.000 Euro gehen an 83 Vereine und "
        "6 Gemeinden im ganzen Kreis.",
        ["Förderung", "Beirat"],
        "Sondershausen",
    ),
    (
        "Feuerwehrvereine in Greußen feiern gemeinsames Sommerfest",
        "Die Feuerwehrvereine der Landgemeinde haben gezeigt, wie Nachbarorte zusammen mehr auf die Beine "
        "stellen – und dabei sieben neue Mitglieder gewonnen.",
        ["Feuerwehr", "Vernetzung"],
        "Greußen",
    ),
    (
        "Ehrenamtsagentur berät jetzt auch in Ebeleben",
        "Einmal im Monat bietet die Ehrenamtsagentur eine Sprechstunde im Rathaus Ebeleben an. Die erste "
        "findet am ersten Mittwoch des Monats statt.",
        ["Beratung"],
        "Ebeleben",
    ),
    (
        "Heimatverein Clingen rettet historische Dorfschule",
        "Mit viel Eigenleistung und Mitteln aus dem Programm „Aktiv vor Ort“ hat der Verein das Dach der "
        "alten Schule gedeckt. Nun soll dort ein Treffpunkt entstehen.",
        ["Heimat und Brauchtum", "Förderung"],
        "Clingen",
    ),
    (
        "Seniorenhilfe in Roßleben-Wiehe sucht Fahrerinnen und Fahrer",
        "Der Fahrdienst bringt ältere Menschen zum Arzt und zum Einkaufen. Wer ein paar Stunden im Monat "
        "Zeit hat, kann sich bei der Ehrenamtsagentur melden.",
        ["Senioren- und Behindertenhilfe", "Engagement gesucht"],
        "Roßleben-Wiehe",
    ),
    (
        "Umweltgruppe pflanzt Streuobstwiese in Kyffhäuserland",
        "Schülerinnen, Eltern und der örtliche Naturschutzverein haben an einem Samstag 35 alte Obstsorten "
        "gepflanzt. Die Paten kümmern sich künftig um die Bäume.",
        ["Umwelt- und Naturschutz"],
        "Kyffhäuserland",
    ),
    (
        "Beirat trifft sich mit den Bürgermeistern des Kreises",
        "Wie können Gemeinden Vereine entlasten? Darüber sprachen Beirat und Bürgermeister in Sondershausen. "
        "Verabredet wurde ein Leitfaden für Raumnutzung und Versicherung.",
        ["Beirat", "Verwaltung"],
        "Sondershausen",
    ),
    (
        "Chöre aus An der Schmücke singen für den guten Zweck",
        "Drei Chöre aus Heldrungen und Umgebung haben ein Benefizkonzert gegeben. Der Erlös geht an den "
        "Hospizverein der Region.",
        ["Kultur und Musik", "Hospiz"],
        "An der Schmücke",
    ),
]

LEGAL_PAGES = [
    (
        "impressum",
        "Impressum",
        "Wer für diese Website verantwortlich ist.",
        [
            heading("Herausgeber"),
            paragraph(
                "Landratsamt Kyffhäuserkreis<br/>Markt 8<br/>99706 Sondershausen",
                "Der Kyffhäuserkreis ist eine Körperschaft des öffentlichen Rechts. Er wird vertreten durch die "
                "Landrätin.",
            ),
            heading("Kontakt"),
            paragraph("Telefon: 03632 741-0<br/>E-Mail: ehrenamtsagentur@kyffhaeuser.example"),
            heading("Verantwortlich für den Inhalt"),
            paragraph("Ehrenamtsagentur des Kyffhäuserkreises im Jugend- und Sozialamt, Anschrift wie oben."),
        ],
    ),
    (
        "datenschutz",
        "Datenschutzerklärung",
        "Welche Daten wir verarbeiten, wozu und wie lange.",
        [
            heading("Das Wichtigste in Kürze"),
            paragraph(
                "Wer diese Website nur liest, hinterlässt bei uns keine Cookies. Wir binden keine Dienste anderer "
                "Anbieter ein: Schriften, Bilder und Skripte kommen von unserem eigenen Server.",
                "Videos anderer Plattformen laden wir erst, wenn Sie ausdrücklich auf „Video abspielen“ klicken.",
            ),
            heading("Verantwortliche Stelle"),
            paragraph("Landratsamt Kyffhäuserkreis, Markt 8, 99706 Sondershausen."),
            heading("Formulare"),
            paragraph(
                "Wenn Sie uns über ein Formular schreiben, speichern wir nur die Angaben, die wir für Ihr "
                "Anliegen brauchen. Wir löschen sie automatisch, sobald die auf dem Formular genannte Frist "
                "abgelaufen ist."
            ),
            heading("Ihre Rechte"),
            paragraph(
                "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung "
                "sowie ein Beschwerderecht beim Thüringer Landesbeauftragten für den Datenschutz und die "
                "Informationsfreiheit."
            ),
        ],
    ),
    # Accessibility statement, Leichte Sprache and Gebärdensprache: own page types (barrierefreiheit/seed.py).
]


def _home_page(context):
    home = HomePage.objects.first()
    created = home is None
    if created:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Ehrenamt im Kyffhäuserkreis",
            slug="start",
            intro=(
                "Tausende Menschen im Kyffhäuserkreis engagieren sich in Vereinen, Kirchgemeinden, Feuerwehren "
                "und Initiativen. Hier finden Sie Beratung, Förderung, Weiterbildung und einander."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if created or site is None:
        old_root = site.root_page if site else None
        default_site(home, "Ehrenamt im Kyffhäuserkreis")
        if old_root is not None and old_root.pk != home.pk and old_root.content_type.model == "page":
            old_root.delete()
    else:
        point_site_at_public_address(site)  # every run: links in mails and feeds lead to PUBLIC_BASE_URL
    context.objects["home"] = home
    return home


@seeder(order=10)
def seed_site(context):
    home = _home_page(context)

    contacts = []
    for data in CONTACTS:
        contact, _ = ContactPerson.objects.get_or_create(name=data["name"], defaults=data)
        contacts.append(contact)
    context.objects["contacts"] = contacts

    legal = {}
    for slug, title, teaser, body in LEGAL_PAGES:
        legal[slug] = child_by_slug(
            home, ContentPage, slug, title=title, teaser=teaser, body=body, show_in_menus=False
        )
    legal["kontakt"] = child_by_slug(
        home,
        ContentPage,
        "kontakt",
        title="Kontakt",
        teaser="So erreichen Sie die Ehrenamtsagentur und den Ehrenamtsbeirat.",
        body=[
            paragraph(
                "Sie haben eine Frage zu Ihrem Engagement, zur Förderung oder zur Ehrenamtscard? Rufen Sie an, "
                "schreiben Sie uns oder kommen Sie in die Sprechstunde nach Sondershausen."
            ),
            *[{"type": "contact", "value": {"contact": contact.pk, "note": ""}} for contact in contacts],
        ],
    )
    context.objects["legal"] = legal

    beirat = BeiratPage.objects.first()
    if beirat is None:
        beirat = BeiratPage(
            title="Der Ehrenamtsbeirat",
            slug="beirat",
            intro=(
                "<p>Der Ehrenamtsbeirat ist die Stimme des Ehrenamts im Kyffhäuserkreis. Er bringt Vereine, "
                "Politik und Verwaltung an einen Tisch, berät den Kreistag und entscheidet über die Vergabe der "
                "Mittel aus der Ehrenamtsförderung des Kreises.</p>"
            ),
            body=[
                heading("Wie der Beirat arbeitet"),
                paragraph(
                    "Der Beirat trifft sich viermal im Jahr im Landratsamt in Sondershausen. Seine Mitglieder "
                    "kommen aus Sport, Feuerwehr, Kirche, Heimatpflege, Seniorenarbeit und Jugendarbeit.",
                    "Anliegen aus Ihrem Verein nimmt die Ehrenamtsagentur jederzeit entgegen und bringt sie in "
                    "die nächste Sitzung ein.",
                ),
            ],
        )
        for position, (name, role, organisation) in enumerate(MEMBERS):
            beirat.members.add(
                BeiratMember(
                    name=name,
                    role=role,
                    organisation=organisation,
                    photo=make_image(f"Porträt {name}", 480, 480),
                    sort_order=position,
                )
            )
        beirat.contacts.set(contacts)
        home.add_child(instance=beirat)
        beirat.save_revision().publish()
    context.objects["beirat"] = beirat

    funding_index = child_by_slug(
        home,
        ContentPage,
        "foerderung",
        title="Förderung",
        teaser="Geld für Ehrenamt: die Förderung des Kreises und Programme des Landes.",
        body=[
            paragraph(
                "Der Kyffhäuserkreis reicht Mittel der Thüringer Ehrenamtsstiftung an Vereine, Initiativen, "
                "Kirchgemeinden und Gemeinden weiter. Über die Vergabe entscheidet der Ehrenamtsbeirat."
            )
        ],
    )
    _funding_programmes(funding_index, contacts)
    context.objects["funding_index"] = funding_index

    qualification = child_by_slug(
        home,
        ContentPage,
        "beratung-qualifizierung",
        title="Beratung und Qualifizierung",
        teaser="Beratung und Weiterbildung für Vereine und Engagierte.",
        body=[
            paragraph(
                "Die Ehrenamtsagentur berät Vorstände zu Vereinsrecht, Versicherung, Fördermitteln und zur "
                "Gewinnung neuer Mitglieder – kostenlos und auch vor Ort in Ihrer Gemeinde."
            )
        ],
    )
    network = child_by_slug(
        home,
        ContentPage,
        "vernetzung",
        title="Vernetzung und gute Praxis",
        teaser="Termine im Netzwerk und gute Beispiele aus dem Kreis.",
        body=[
            paragraph(
                "Vereine lernen am meisten voneinander. Beim Vereinsstammtisch, bei Fachtagen und in unserer "
                "Sammlung guter Beispiele erfahren Sie, wie andere es gemacht haben."
            )
        ],
    )
    news_index = _news(home, context)

    if not home.level_structure_page_id:
        home.level_structure_page = beirat
        home.level_qualification_page = qualification
        home.level_network_page = network
        home.body = [
            {
                "type": "call_to_action",
                "value": {
                    "title": "Sie möchten sich engagieren?",
                    "text": "Die Ehrenamtsagentur bringt Menschen und Vereine zusammen, die zueinander passen.",
                    "button_label": "Ehrenamtsagentur kontaktieren",
                    "page": legal["kontakt"].pk,
                    "url": "",
                },
            }
        ]
        home.save_revision().publish()

    config = SiteConfiguration.for_site(Site.objects.get(is_default_site=True))
    if not config.imprint_page_id:
        config.imprint_page = legal["impressum"]
        config.privacy_page = legal["datenschutz"]
        config.contact_page = legal["kontakt"]
        config.save()
    if not config.navigation_items.exists():
        for position, page in enumerate([news_index, beirat, funding_index, legal["kontakt"]]):
            NavigationItem.objects.create(setting=config, page=page, sort_order=position)


def _funding_programmes(funding_index, contacts):
    today = timezone.localdate()
    deadline = date(today.year, 8, 31)
    if deadline < today:
        deadline = date(today.year + 1, 8, 31)
    if not funding_index.get_children().filter(slug="ehrenamtsfoerderung-kreis").exists():
        form = make_document(
            "Antrag auf Ehrenamtsförderung",
            ["Antragsteller:", "Vorhaben:", "Förderzweck (a bis g):", "Beantragter Betrag:"],
        )
        proof = make_document(
            "Verwendungsnachweis Ehrenamtsförderung", ["Sachbericht:", "Zahlenmäßiger Nachweis:"]
        )
        programme = FundingProgrammePage(
            title="Ehrenamtsförderung des Kyffhäuserkreises",
            slug="ehrenamtsfoerderung-kreis",
            teaser=(
                "Zuschüsse für Vereine, Initiativen, Kirchgemeinden und Gemeinden nach der Richtlinie zur "
                "Förderung des Ehrenamts im Kyffhäuserkreis."
            ),
            eligibility=(
                "<p>Gemeinnützige Vereine und Verbände, Initiativen, Kirchgemeinden und Gemeinden, die im "
                "Kyffhäuserkreis ehrenamtlich tätig sind.</p>"
            ),
            deadline=deadline,
            max_amount=Decimal("1500.00"),
            contact=contacts[1],
            body=[
                heading("So läuft es ab"),
                paragraph(
                    "Sie stellen den Antrag bis zum 31. August für das folgende Jahr. Der Ehrenamtsbeirat berät im "
                    "Herbst über alle Anträge. Nach Ihrem Vorhaben reichen Sie einen Verwendungsnachweis ein."
                ),
                {
                    "type": "accordion",
                    "value": {
                        "title": "Häufige Fragen",
                        "faq": True,
                        "items": [
                            {
                                "question": "Muss unser Verein eingetragen sein?",
                                "answer": "<p>Nein. Auch Initiativen ohne Rechtsform können über einen Träger "
                                "einen Antrag stellen.</p>",
                            },
                            {
                                "question": "Was wird nicht gefördert?",
                                "answer": "<p>Laufende Kosten wie Miete oder Personal und Vorhaben, die schon "
                                "begonnen haben.</p>",
                            },
                        ],
                    },
                },
            ],
            forms=[
                {
                    "type": "downloads",
                    "value": {
                        "title": "Formulare",
                        "files": [{"document": form.pk, "title": ""}, {"document": proof.pk, "title": ""}],
                    },
                }
            ],
        )
        for year, applications, amount, recipients, note in [
            (2026, 107, "31000.00", 89, "83 Vereine und 6 Gemeinden"),
            (2025, 98, "29500.00", 81, "76 Vereine und 5 Gemeinden"),
        ]:
            programme.results.add(
                FundingResult(
                    year=year,
                    applications=applications,
                    total_amount=Decimal(amount),
                    recipients=recipients,
                    note=note,
                )
            )
        funding_index.add_child(instance=programme)
        programme.purposes.set(FundingPurpose.objects.all())
        programme.save_revision().publish()
    if not funding_index.get_children().filter(slug="aktiv-vor-ort").exists():
        programme = FundingProgrammePage(
            title="Landesprogramm „Aktiv vor Ort“",
            slug="aktiv-vor-ort",
            teaser="Bis zu 5.000 Euro für Projekte, die das Zusammenleben im Ort stärken.",
            eligibility="<p>Vereine und Initiativen in Thüringen mit einem Projekt im Ort.</p>",
            max_amount=Decimal("5000.00"),
            deadline=today + timedelta(days=45),
            contact=contacts[1],
            body=[
                paragraph(
                    "Das Land Thüringen fördert mit „Aktiv vor Ort“ kleine Projekte, die Menschen im Dorf oder im "
                    "Stadtteil zusammenbringen. Die Ehrenamtsagentur hilft Ihnen beim Antrag."
                )
            ],
        )
        funding_index.add_child(instance=programme)
        programme.purposes.set(FundingPurpose.objects.filter(code__in=["b", "c", "f"]))
        programme.save_revision().publish()


def _news(home, context):
    news_index = child_by_slug(
        home,
        NewsIndexPage,
        "aktuelles",
        title="Aktuelles",
        intro="Neuigkeiten aus dem Ehrenamtsbeirat, der Ehrenamtsagentur und den Vereinen im Kreis.",
    )
    today = timezone.localdate()
    total = len(NEWS) * context.scale
    existing = set(news_index.get_children().values_list("slug", flat=True))
    for number in range(total):
        title, teaser, tags, town = NEWS[number % len(NEWS)]
        round_ = number // len(NEWS)
        slug = f"meldung-{number + 1:04d}"
        if slug in existing:
            continue
        full_title = title if round_ == 0 else f"{title} ({round_ + 1})"
        news = NewsPage(
            title=full_title,
            slug=slug,
            date=today - timedelta(days=3 * number + 1),
            teaser=teaser,
            image=make_image(f"Meldung {title}") if round_ == 0 else None,
            image_alt=f"Symbolbild zur Meldung aus {town}" if round_ == 0 else "",
            body=[
                paragraph(teaser),
                paragraph(
                    f"Die Ehrenamtsagentur des Kyffhäuserkreises hat die Aktion in {town} begleitet. Wer Ähnliches "
                    "vorhat, bekommt dort Beratung zu Organisation, Versicherung und Fördermitteln."
                ),
                {
                    "type": "quote",
                    "value": {
                        "text": "Engagement lebt davon, dass jemand den ersten Schritt macht – und andere mitzieht.",
                        "source": "Ehrenamtsbeirat des Kyffhäuserkreises",
                        "role": "",
                    },
                },
            ],
        )
        news_index.add_child(instance=news)
        news.tags.add(*tags)
        news.save_revision().publish()
    return news_index
