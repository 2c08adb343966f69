"""Demo content for level 3: the network calendar with venues, events, series and exceptions.

About 25 events around today (weekly and monthly series, a cancelled and a moved date, a festival over
a month border, whole-day and online events, past ones for the archive) and the help page on
subscribing. ``--scale N`` adds volume for benchmarks: at 10 about 2,000 events, 200 of them weekly
series, over 18 months; those pages are created without revisions and their dates in bulk.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.utils import timezone
from wagtail.models import Site

from cms.content.seeding import (
    child_by_slug,
    clear_of_holidays,
    heading,
    make_image,
    paragraph,
    seeder,
    singleton_page,
)
from cms.models import (
    ContactPerson,
    Municipality,
    NavigationItem,
    Organisation,
    SiteConfiguration,
    TargetGroup,
    Venue,
)
from netzwerk.events import add_live_events_in_bulk, create_event
from netzwerk.models import CalendarPage, EventCategory, EventPage
from termine import dates
from termine.models import AttendanceMode, DateRule, EventStatus
from termine.occurrences import default_horizon

CATEGORIES = [
    ("Stammtisch und Austausch", "stammtisch"),
    ("Fest und Feier", "fest"),
    ("Weiterbildung und Workshop", "weiterbildung"),
    ("Beratung und Sprechstunde", "beratung"),
    ("Sitzung und Versammlung", "sitzung"),
    ("Mitmachen und Helfen", "mitmachen"),
    ("Sport und Bewegung", "sport"),
    ("Kultur und Musik", "kultur"),
]

VENUES = [
    # name, street, postcode, town, municipality, transport, step-free, toilet, loop, notes
    (
        "Landratsamt Kyffhäuserkreis, Sitzungssaal",
        "Markt 8",
        "99706",
        "Sondershausen",
        "Sondershausen",
        "Bus 1 und 2, Haltestelle Markt; vom Bahnhof Sondershausen 10 Minuten zu Fuß.",
        True,
        True,
        True,
        "Aufzug im Innenhof; zwei Behindertenparkplätze vor dem Haus.",
    ),
    (
        "Bürgerhaus Artern",
        "Gartenstraße 12",
        "06556",
        "Artern",
        "Artern",
        "Regionalbus 450, Haltestelle Gartenstraße; Bahnhof Artern 15 Minuten zu Fuß.",
        True,
        True,
        False,
        "",
    ),
    (
        "Kurhaus Bad Frankenhausen, Kleiner Saal",
        "Am Kurpark 3",
        "06567",
        "Bad Frankenhausen",
        "Bad Frankenhausen/Kyffhäuser",
        "Bus 420, Haltestelle Kurpark.",
        True,
        True,
        True,
        "Rampe am Seiteneingang.",
    ),
    (
        "Vereinsheim des SV Greußen",
        "Sportplatzweg 1",
        "99718",
        "Greußen",
        "Greußen",
        "Bahnhof Greußen, 12 Minuten zu Fuß.",
        False,
        False,
        False,
        "Drei Stufen am Eingang, eine mobile Rampe ist vorhanden.",
    ),
    (
        "Gemeindehaus Ebeleben",
        "Schlossplatz 4",
        "99713",
        "Ebeleben",
        "Ebeleben",
        "Bus 230, Haltestelle Schlossplatz.",
        True,
        False,
        False,
        "",
    ),
    (
        "Feuerwehrhaus Clingen",
        "An der Wipper 2",
        "99718",
        "Clingen",
        "Clingen",
        "Bus 230, Haltestelle Clingen Mitte.",
        True,
        True,
        False,
        "",
    ),
    (
        "Dorfgemeinschaftshaus Seega",
        "Dorfstraße 21",
        "06567",
        "Seega",
        "Kyffhäuserland",
        "Rufbus nach Anmeldung.",
        True,
        False,
        False,
        "Der Saal liegt ebenerdig.",
    ),
    (
        "Festplatz an der Wasserburg Heldrungen",
        "Schlossstraße",
        "06577",
        "Heldrungen",
        "An der Schmücke",
        "Bus 452, Haltestelle Heldrungen Markt, 5 Minuten zu Fuß.",
        True,
        True,
        False,
        "Wege aus festem Schotter; ein barrierefreies WC steht am Eingang.",
    ),
    (
        "Kirche St. Petri Wiehe",
        "Kirchplatz 1",
        "06571",
        "Wiehe",
        "Roßleben-Wiehe",
        "Bus 450, Haltestelle Wiehe Markt.",
        False,
        False,
        True,
        "Zwei Stufen am Hauptportal; Höranlage im Kirchenschiff.",
    ),
    (
        "Kulturscheune Holzthaleben",
        "Hauptstraße 40",
        "99713",
        "Holzthaleben",
        "Helbedündorf",
        "Bus 231, Haltestelle Holzthaleben.",
        True,
        True,
        False,
        "",
    ),
]

ORGANISATIONS = [
    ("Ehrenamtsagentur des Kyffhäuserkreises", Organisation.Kind.ADMINISTRATION, "Sondershausen"),
    ("Ehrenamtsbeirat des Kyffhäuserkreises", Organisation.Kind.ADMINISTRATION, "Sondershausen"),
    ("Kreissportbund Kyffhäuser e. V.", Organisation.Kind.FEDERATION, "Sondershausen"),
    ("Kreisfeuerwehrverband Kyffhäuserkreis e. V.", Organisation.Kind.FEDERATION, "Clingen"),
    ("Heimatverein Artern e. V.", Organisation.Kind.ASSOCIATION, "Artern"),
    ("Kirchgemeinde Wiehe", Organisation.Kind.CHURCH, "Roßleben-Wiehe"),
    ("Seniorenbeirat Ebeleben", Organisation.Kind.INITIATIVE, "Ebeleben"),
    ("Kulturverein Helbedündorf e. V.", Organisation.Kind.ASSOCIATION, "Helbedündorf"),
    ("Repair-Café Greußen", Organisation.Kind.INITIATIVE, "Greußen"),
]


def weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def festival_friday(today: date) -> date:
    """The first Friday from in a month on whose weekend the month changes (a festival over the border)."""
    friday = weekday_on_or_after(today + timedelta(days=21), 4)
    while (friday + timedelta(days=2)).month == friday.month:
        friday += timedelta(days=7)
    return friday


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = weekday_on_or_after(date(year, month, 1), weekday)
    return first + timedelta(weeks=n - 1)


def _vocabularies():
    categories = {}
    for name, slug in CATEGORIES:
        categories[slug], _ = EventCategory.objects.get_or_create(slug=slug, defaults={"name": name})
    municipalities = {m.name: m for m in Municipality.objects.all()}
    venues = {}
    for name, street, postcode, town, municipality, transport, step_free, toilet, loop, notes in VENUES:
        venues[town], _ = Venue.objects.get_or_create(
            name=name,
            defaults={
                "street": street,
                "postcode": postcode,
                "town": town,
                "municipality": municipalities.get(municipality),
                "public_transport": transport,
                "step_free_access": step_free,
                "accessible_toilet": toilet,
                "hearing_loop": loop,
                "accessibility_notes": notes,
            },
        )
    organisations = {}
    for name, kind, municipality in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "municipality": municipalities.get(municipality)}
        )
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    return categories, venues, organisations, groups


def _group(groups, *names):
    return [g for g in groups.values() if g.name in names]


def demo_events(today, categories, venues, organisations, groups, contact):
    """The hand-written demo events as keyword dicts for ``create_event``."""
    second_tuesdays = [
        d
        for d in (nth_weekday(*dates_month(today, k), 1, 2) for k in range(0, 5))
        if d > today + timedelta(days=7)
    ]
    cancelled, moved = second_tuesdays[0], second_tuesdays[1]
    festival = festival_friday(today)
    berlin = dates.BERLIN
    org = organisations
    return [
        {
            "slug": "vereinsstammtisch-sondershausen",
            "title": "Vereinsstammtisch in Sondershausen",
            "teaser": "Vorstände und Engagierte aus dem ganzen Kreis tauschen sich aus – diesmal mit Fragen zu "
            "Mitgliedergewinnung und Fördermitteln. Keine Anmeldung nötig.",
            "category": categories["stammtisch"],
            "venue": venues["Sondershausen"],
            "organiser": org["Ehrenamtsagentur des Kyffhäuserkreises"],
            "target_groups": _group(groups, "Vereinsvorstände", "Ehrenamtliche"),
            "contact": contact,
            "rules": [
                {
                    "start_date": today - timedelta(days=90),
                    "start_time": time(18),
                    "end_time": time(20),
                    "frequency": "MONTHLY",
                    "month_ordinal": 2,
                    "month_weekday": "TU",
                    "until": today + timedelta(days=400),
                }
            ],
            "exceptions": [
                {
                    "original_date": cancelled,
                    "kind": "cancel",
                    "note": "Fällt wegen der Kreistagssitzung aus.",
                },
                {
                    "original_date": moved,
                    "kind": "move",
                    "new_start": datetime.combine(moved + timedelta(days=1), time(19), berlin),
                    "location_note": "Bürgerhaus Artern, Gartenstraße 12",
                    "note": "Einmalig am Mittwoch und in Artern.",
                },
            ],
        },
        {
            "slug": "offener-treff-artern",
            "title": "Offener Treff für Ehrenamtliche in Artern",
            "teaser": "Jeden Donnerstag: Kaffee, Fragen, Kontakte. Wer sich engagieren möchte, findet hier "
            "Vereine, die Unterstützung suchen.",
            "category": categories["beratung"],
            "venue": venues["Artern"],
            "organiser": org["Heimatverein Artern e. V."],
            "target_groups": _group(groups, "Neue Engagierte", "Ehrenamtliche"),
            "rules": [
                {
                    "start_date": today - timedelta(days=60),
                    "start_time": time(16),
                    "end_time": time(18),
                    "frequency": "WEEKLY",
                    "weekdays": "TH",
                    "skip_holidays": True,
                }
            ],
        },
        {
            "slug": "kyffhaeuser-ehrenamtsfest",
            "title": "Kyffhäuser-Ehrenamtsfest in Heldrungen",
            "teaser": "Drei Tage Fest für alle, die sich engagieren: Vereinsmeile, Musik, Kinderprogramm und am "
            "Sonntag der Gottesdienst unter freiem Himmel.",
            "category": categories["fest"],
            "venue": venues["Heldrungen"],
            "organiser": org["Ehrenamtsbeirat des Kyffhäuserkreises"],
            "target_groups": _group(groups, "Familien", "Ehrenamtliche", "Kinder und Jugendliche"),
            "rules": [{"start_date": festival, "end_date": festival + timedelta(days=2), "all_day": True}],
        },
        {
            "slug": "online-sprechstunde-vereinsrecht",
            "title": "Online-Sprechstunde Vereinsrecht",
            "teaser": "Satzung, Haftung, Gemeinnützigkeit: Die Ehrenamtsagentur beantwortet Ihre Fragen im "
            "Videogespräch. Eine Anmeldung ist nicht nötig.",
            "category": categories["beratung"],
            "attendance_mode": AttendanceMode.ONLINE,
            "online_url": "https://konferenz.kyffhaeuser.example/vereinsrecht",
            "organiser": org["Ehrenamtsagentur des Kyffhäuserkreises"],
            "target_groups": _group(groups, "Vereinsvorstände"),
            "rules": [
                {
                    "start_date": today - timedelta(days=40),
                    "start_time": time(17),
                    "end_time": time(18, 30),
                    "frequency": "MONTHLY",
                    "month_ordinal": -1,
                    "month_weekday": "MO",
                }
            ],
        },
        {
            "slug": "fachtag-ehrenamt-digital",
            "title": "Fachtag „Ehrenamt digital“",
            "teaser": "Vorträge und Werkstätten zu Vereinssoftware, Datenschutz und Online-Sitzungen – vor Ort "
            "im Kurhaus oder im Livestream.",
            "category": categories["weiterbildung"],
            "attendance_mode": AttendanceMode.MIXED,
            "venue": venues["Bad Frankenhausen"],
            "online_url": "https://stream.kyffhaeuser.example/fachtag",
            "organiser": org["Ehrenamtsagentur des Kyffhäuserkreises"],
            "registration_url": "https://www.kyffhaeuser.example/anmeldung-fachtag",
            "registration_text": "Bitte bis eine Woche vorher anmelden, damit wir das Mittagessen planen können.",
            "target_groups": _group(groups, "Vereinsvorstände", "Ehrenamtliche"),
            "rules": [
                {"start_date": today + timedelta(days=33), "start_time": time(9, 30), "end_time": time(16)}
            ],
        },
        {
            "slug": "aktionstag-saubere-landschaft",
            "title": "Aktionstag „Saubere Landschaft“ am Kyffhäuser",
            "teaser": "Gemeinsam sammeln wir Müll an Wegen und Waldrändern rund um Seega. Handschuhe und "
            "Säcke stellt die Gemeinde.",
            "category": categories["mitmachen"],
            "venue": venues["Seega"],
            "target_groups": _group(groups, "Familien", "Neue Engagierte"),
            "rules": [{"start_date": weekday_on_or_after(today + timedelta(days=12), 5), "all_day": True}],
        },
        {
            "slug": "jugendleiter-wochenende",
            "title": "Jugendleiter-Wochenende in Bad Frankenhausen",
            "teaser": "Von Freitagabend bis Sonntagmittag: Spiele, Aufsichtspflicht und Erste Hilfe für alle, "
            "die Kinder- und Jugendgruppen leiten.",
            "category": categories["weiterbildung"],
            "venue": venues["Bad Frankenhausen"],
            "organiser": org["Kreissportbund Kyffhäuser e. V."],
            "is_free": False,
            "cost": "20 Euro mit Übernachtung und Verpflegung",
            "registration_text": "Anmeldung beim Kreissportbund, Telefon 03632 741-600.",
            "target_groups": _group(groups, "Ehrenamtliche", "Kinder und Jugendliche"),
            "rules": [
                {
                    "start_date": weekday_on_or_after(today + timedelta(days=45), 4),
                    "start_time": time(18),
                    "end_date": weekday_on_or_after(today + timedelta(days=45), 4) + timedelta(days=2),
                    "end_time": time(13),
                }
            ],
        },
        {
            "slug": "gala-ehrenamtspreis",
            "title": "Gala zum Kyffhäuser-Ehrenamtspreis",
            "teaser": "Der Landrat und der Ehrenamtsbeirat ehren Engagierte aus sechs Bereichen – mit Musik der "
            "Kreismusikschule.",
            "category": categories["fest"],
            "venue": venues["Sondershausen"],
            "organiser": org["Ehrenamtsbeirat des Kyffhäuserkreises"],
            "registration_text": "Der Eintritt ist frei; Plätze bitte bei der Ehrenamtsagentur reservieren.",
            "contact": contact,
            "rules": [
                {"start_date": today + timedelta(days=60), "start_time": time(18, 30), "end_time": time(21)}
            ],
        },
        {
            "slug": "tag-der-offenen-tuer-feuerwehr-clingen",
            "title": "Tag der offenen Tür der Feuerwehr Clingen",
            "teaser": "Fahrzeuge ansehen, Schlauch halten, Fragen stellen: Die Freiwillige Feuerwehr sucht "
            "Verstärkung für Einsatzabteilung und Jugendfeuerwehr.",
            "category": categories["mitmachen"],
            "venue": venues["Clingen"],
            "organiser": org["Kreisfeuerwehrverband Kyffhäuserkreis e. V."],
            "target_groups": _group(groups, "Familien", "Kinder und Jugendliche", "Neue Engagierte"),
            "rules": [
                {
                    "start_date": weekday_on_or_after(today + timedelta(days=26), 5),
                    "start_time": time(10),
                    "end_time": time(16),
                }
            ],
        },
        {
            "slug": "seniorennachmittag-ebeleben",
            "title": "Seniorennachmittag in Ebeleben",
            "teaser": "Alle zwei Wochen: Kaffee, Kuchen und ein kleines Programm. Ehrenamtliche holen Sie auf "
            "Wunsch zu Hause ab.",
            "category": categories["stammtisch"],
            "venue": venues["Ebeleben"],
            "organiser": org["Seniorenbeirat Ebeleben"],
            "target_groups": _group(groups, "Seniorinnen und Senioren"),
            "rules": [
                {
                    "start_date": today - timedelta(days=30),
                    "start_time": time(14),
                    "end_time": time(16),
                    "frequency": "WEEKLY",
                    "interval": 2,
                    "weekdays": "WE",
                    "until": today + timedelta(days=300),
                }
            ],
        },
        {
            "slug": "erste-hilfe-uebungsleiter",
            "title": "Erste-Hilfe-Auffrischung für Übungsleiterinnen und Übungsleiter",
            "teaser": "Drei Samstagvormittage, danach ist Ihre Bescheinigung wieder gültig.",
            "category": categories["weiterbildung"],
            "venue": venues["Clingen"],
            "organiser": org["Kreissportbund Kyffhäuser e. V."],
            "registration_url": "https://www.kyffhaeuser.example/erste-hilfe",
            "target_groups": _group(groups, "Ehrenamtliche"),
            "rules": [
                {
                    "start_date": today + timedelta(days=14),
                    "start_time": time(9),
                    "end_time": time(12, 30),
                    "frequency": "WEEKLY",
                    "weekdays": "SA",
                    "count": 3,
                }
            ],
        },
        {
            "slug": "vortrag-heimatgeschichte-wiehe",
            "title": "Vortrag: 800 Jahre Kirchengeschichte in Wiehe",
            "teaser": "Der Heimatforscher des Ortes erzählt, was Kirchenbücher über das Leben an der Unstrut "
            "verraten.",
            "category": categories["kultur"],
            "venue": venues["Wiehe"],
            "organiser": org["Kirchgemeinde Wiehe"],
            "rules": [{"start_date": today + timedelta(days=19), "start_time": time(19)}],
        },
        {
            "slug": "sommerkino-im-schlosshof",
            "title": "Kino unter Sternen in Holzthaleben",
            "teaser": "Der Kulturverein zeigt einen Heimatfilm in der Scheune. Leider abgesagt, weil die "
            "Technik ausgefallen ist.",
            "category": categories["kultur"],
            "venue": venues["Holzthaleben"],
            "organiser": org["Kulturverein Helbedündorf e. V."],
            "date_status": EventStatus.CANCELLED,
            "rules": [{"start_date": today + timedelta(days=9), "start_time": time(20, 30)}],
        },
        {
            "slug": "konzert-kulturscheune",
            "title": "Chorkonzert in der Kulturscheune Holzthaleben",
            "teaser": "Drei Dorfchöre aus Helbedündorf singen gemeinsam; der Erlös geht an die Jugendarbeit.",
            "category": categories["kultur"],
            "venue": venues["Holzthaleben"],
            "organiser": org["Kulturverein Helbedündorf e. V."],
            "is_free": False,
            "cost": "8 Euro, Kinder frei",
            "rules": [{"start_date": today + timedelta(days=40), "start_time": time(17)}],
        },
        {
            "slug": "oeffentliche-sitzung-ehrenamtsbeirat",
            "title": "Öffentliche Sitzung des Ehrenamtsbeirats",
            "teaser": "Der Beirat berät über die Förderanträge und berichtet aus den Arbeitsgruppen. Gäste sind "
            "willkommen.",
            "category": categories["sitzung"],
            "venue": venues["Sondershausen"],
            "organiser": org["Ehrenamtsbeirat des Kyffhäuserkreises"],
            "target_groups": _group(groups, "Vereinsvorstände", "Gemeinden und Verwaltung"),
            "rules": [
                {
                    "start_date": today - timedelta(days=20),
                    "start_time": time(17),
                    "end_time": time(19),
                    "frequency": "MONTHLY",
                    "interval": 3,
                    "month_ordinal": 1,
                    "month_weekday": "MO",
                    "count": 5,
                }
            ],
        },
        {
            "slug": "ausstellung-ehrenamt-im-bild",
            "title": "Ausstellung „Ehrenamt im Bild“",
            "teaser": "Fotografien aus Vereinen des Kreises im Foyer des Landratsamts, zu den Öffnungszeiten.",
            "category": categories["kultur"],
            "venue": venues["Sondershausen"],
            "organiser": org["Ehrenamtsagentur des Kyffhäuserkreises"],
            "rules": [
                {
                    "start_date": today - timedelta(days=10),
                    "end_date": today + timedelta(days=35),
                    "all_day": True,
                }
            ],
        },
        {
            "slug": "infoabend-ehrenamtscard",
            "title": "Infoabend zur Thüringer Ehrenamtscard",
            "teaser": "Wer bekommt die Karte, wo gibt es Vergünstigungen, und wie werden Geschäfte Partner?",
            "category": categories["beratung"],
            "venue": venues["Artern"],
            "organiser": org["Ehrenamtsagentur des Kyffhäuserkreises"],
            "target_groups": _group(groups, "Ehrenamtliche"),
            "rules": [{"start_date": today + timedelta(days=16), "start_time": time(18)}],
        },
        {
            "slug": "workshop-foerderantrag",
            "title": "Werkstatt: Der erste Förderantrag",
            "teaser": "Schritt für Schritt zum Antrag bei der Ehrenamtsförderung des Kreises – bringen Sie Ihre "
            "Projektidee mit.",
            "category": categories["weiterbildung"],
            "venue": venues["Sondershausen"],
            "organiser": org["Ehrenamtsagentur des Kyffhäuserkreises"],
            "registration_text": "Anmeldung per E-Mail an die Ehrenamtsagentur; höchstens 15 Plätze.",
            "contact": contact,
            "target_groups": _group(groups, "Vereinsvorstände"),
            "rules": [
                {"start_date": today + timedelta(days=23), "start_time": time(17), "end_time": time(20)}
            ],
        },
        {
            "slug": "lauftreff-bad-frankenhausen",
            "title": "Lauftreff am Kurpark Bad Frankenhausen",
            "teaser": "Dienstags und donnerstags laufen wir gemeinsam eine Runde – Anfängerinnen und Anfänger "
            "sind willkommen.",
            "category": categories["sport"],
            "venue": venues["Bad Frankenhausen"],
            "organiser": org["Kreissportbund Kyffhäuser e. V."],
            "rules": [
                {
                    "start_date": today - timedelta(days=14),
                    "start_time": time(18, 30),
                    "end_time": time(19, 30),
                    "frequency": "WEEKLY",
                    "weekdays": "TU,TH",
                    "until": today + timedelta(days=180),
                }
            ],
        },
        {
            "slug": "repair-cafe-greussen",
            "title": "Repair-Café Greußen",
            "teaser": "Ehrenamtliche reparieren mit Ihnen Toaster, Fahrräder und Kleidung. Jeden ersten Samstag "
            "im Monat.",
            "category": categories["mitmachen"],
            "venue": venues["Greußen"],
            "organiser": org["Repair-Café Greußen"],
            "rules": [
                {
                    "start_date": today - timedelta(days=45),
                    "start_time": time(10),
                    "end_time": time(13),
                    "frequency": "MONTHLY",
                    "month_ordinal": 1,
                    "month_weekday": "SA",
                }
            ],
        },
        {
            "slug": "kurs-vereinskasse",
            "title": "Kurs: Kassenführung im Verein",
            "teaser": "Vier Abende für Kassenwartinnen und Kassenwarte: Buchführung, Spendenquittungen, "
            "Kassenprüfung.",
            "category": categories["weiterbildung"],
            "venue": venues["Ebeleben"],
            "organiser": org["Ehrenamtsagentur des Kyffhäuserkreises"],
            "is_free": False,
            "cost": "15 Euro für alle vier Abende",
            "target_groups": _group(groups, "Vereinsvorstände"),
            "rules": [
                {
                    "start_date": today + timedelta(days=28),
                    "start_time": time(18),
                    "end_time": time(20),
                    "frequency": "WEEKLY",
                    "weekdays": "MO",
                    "count": 4,
                }
            ],
        },
        {
            "slug": "webinar-datenschutz-im-verein",
            "title": "Webinar: Datenschutz im Verein",
            "teaser": "Was Vereine bei Mitgliederlisten, Fotos und Newslettern beachten müssen – kompakt in "
            "90 Minuten.",
            "category": categories["weiterbildung"],
            "attendance_mode": AttendanceMode.ONLINE,
            "online_url": "https://konferenz.kyffhaeuser.example/datenschutz",
            "organiser": org["Ehrenamtsagentur des Kyffhäuserkreises"],
            "registration_url": "https://www.kyffhaeuser.example/anmeldung-datenschutz",
            "rules": [
                {"start_date": today + timedelta(days=11), "start_time": time(18), "end_time": time(19, 30)}
            ],
        },
        {
            "slug": "mitgliederversammlung-kreissportbund",
            "title": "Mitgliederversammlung des Kreissportbunds",
            "teaser": "Die Vereine wählen den Vorstand; wer nicht anreisen kann, nimmt per Video teil.",
            "category": categories["sitzung"],
            "attendance_mode": AttendanceMode.MIXED,
            "venue": venues["Sondershausen"],
            "online_url": "https://konferenz.kyffhaeuser.example/ksb",
            "organiser": org["Kreissportbund Kyffhäuser e. V."],
            "target_groups": _group(groups, "Vereinsvorstände"),
            "rules": [
                {"start_date": today + timedelta(days=52), "start_time": time(18), "end_time": time(21)}
            ],
        },
        {
            "slug": "vereinsforum-rueckblick",
            "title": "Vereinsforum im Kyffhäuserkreis",
            "teaser": "Rund 60 Vereine stellten sich vor und knüpften Kontakte.",
            "category": categories["stammtisch"],
            "venue": venues["Artern"],
            "organiser": org["Ehrenamtsbeirat des Kyffhäuserkreises"],
            "rules": [
                {"start_date": today - timedelta(days=20), "start_time": time(10), "end_time": time(15)}
            ],
        },
        {
            "slug": "herbstputz-im-park",
            "title": "Herbstputz im Schlosspark Ebeleben",
            "teaser": "Freiwillige harkten Laub und schnitten Hecken – danke an alle Helferinnen und Helfer!",
            "category": categories["mitmachen"],
            "venue": venues["Ebeleben"],
            "organiser": org["Seniorenbeirat Ebeleben"],
            "rules": [
                {"start_date": today - timedelta(days=10), "start_time": time(9), "end_time": time(12)}
            ],
        },
    ]


def dates_month(today: date, offset: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + offset
    return index // 12, index % 12 + 1


def _calendar_page(context) -> CalendarPage:
    calendar_page = singleton_page(
        context.objects["home"],
        CalendarPage,
        "termine",
        title="Termine im Netzwerk",
        intro="Was im Kyffhäuserkreis für Engagierte und Vereine los ist: Stammtische, Feste, Weiterbildungen "
        "und Sitzungen. Vereine melden ihre Termine bei der Ehrenamtsagentur.",
    )
    context.objects["calendar"] = calendar_page
    return calendar_page


def _help_page(calendar_page):
    return child_by_slug(
        calendar_page,
        apps.get_model("home", "ContentPage"),  # by name: nothing imports home
        "kalender-abonnieren",
        title="Kalender abonnieren",
        teaser="So erscheinen die Termine des Netzwerks in Outlook, Thunderbird, auf dem iPhone und auf "
        "Android-Geräten – und Änderungen kommen von selbst an.",
        show_in_menus=False,
        body=[
            paragraph(
                "Ein Kalender-Abo ist eine Adresse, die Ihr Kalenderprogramm regelmäßig abruft. Neue Termine, "
                "Absagen und Verlegungen erscheinen dann ohne Ihr Zutun. Sie können den ganzen Kalender "
                "abonnieren oder nur eine Auswahl: Filtern Sie dazu im Kalender, zum Beispiel nach Ihrer "
                "Gemeinde, und nutzen Sie dort den Link „Diese Auswahl abonnieren“.",
            ),
            {"type": "calendar_subscription", "value": {"intro": "Die Adresse des ganzen Kalenders:"}},
            heading("Outlook"),
            paragraph(
                "Outlook für Windows: Klicken Sie in der Kalenderansicht auf „Kalender hinzufügen“ und dann auf "
                "„Aus dem Internet“. Fügen Sie die Abo-Adresse ein und bestätigen Sie mit „OK“.",
                "Outlook im Browser: „Kalender hinzufügen“, dann „Aus dem Web abonnieren“, Adresse einfügen und "
                "einen Namen vergeben, zum Beispiel „Ehrenamt Kyffhäuserkreis“.",
            ),
            heading("Thunderbird"),
            paragraph(
                "Öffnen Sie den Kalender, klicken Sie auf „Neuer Kalender“, wählen Sie „Im Netzwerk“ und fügen "
                "Sie die Abo-Adresse ein. Thunderbird erkennt das Format selbst.",
            ),
            heading("iPhone und iPad"),
            paragraph(
                "Tippen Sie auf den Link „Direkt abonnieren“, wo die Seite ihn anbietet, und bestätigen Sie mit "
                "„Abonnieren“. Oder: Einstellungen, Kalender, Accounts, Account hinzufügen, Andere, "
                "„Kalenderabo hinzufügen“ und die Adresse einfügen.",
            ),
            heading("Android und Google Kalender"),
            paragraph(
                "Öffnen Sie den Google Kalender im Browser am Computer. Klicken Sie links neben „Weitere Kalender“ "
                "auf das Plus-Zeichen, wählen Sie „Per URL“ und fügen Sie die Abo-Adresse ein. Nach kurzer Zeit "
                "erscheinen die Termine auch auf Ihrem Android-Telefon.",
                "Google ruft abonnierte Kalender nur etwa alle 12 bis 24 Stunden ab; Änderungen kommen dort "
                "etwas später an als in anderen Programmen.",
            ),
            heading("Ein einzelner Termin"),
            paragraph(
                "Auf jeder Veranstaltungsseite holt der Link „als iCalendar-Datei herunterladen“ diese "
                "Veranstaltung in Ihr Kalenderprogramm, bei Serien mit allen Terminen. Wo zusätzlich „Termine in "
                "den eigenen Kalender übernehmen (Abo)“ steht, abonnieren Sie sie: Änderungen kommen dann nach.",
            ),
        ],
    )


def _navigation(calendar_page):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    config = SiteConfiguration.for_site(site)
    if config.navigation_items.filter(page=calendar_page).exists():
        return
    items = list(config.navigation_items.order_by("sort_order"))
    for position, item in enumerate(items):
        item.sort_order = position + (1 if position >= 1 else 0)
        item.save(update_fields=["sort_order"])
    NavigationItem.objects.create(setting=config, page=calendar_page, label="Termine", sort_order=1)


def _block_on_page(page, title, field="body", **filters):
    """Adds the block "Nächste Termine" to a page once (and publishes it)."""
    body = getattr(page, field)
    if any(block.block_type == "upcoming_events" for block in body):
        return
    value = {"title": title, "count": 3, **{key: item.pk for key, item in filters.items()}}
    data = [{"type": child.block_type, "value": child.block.get_prep_value(child.value)} for child in body]
    setattr(page, field, [*data, {"type": "upcoming_events", "value": value}])
    page.save_revision().publish()


@seeder(order=30)
def seed_calendar(context):
    today = timezone.localdate()
    calendar_page = _calendar_page(context)
    categories, venues, organisations, groups = _vocabularies()
    contact = ContactPerson.objects.filter(name="Katrin Wendler").first() or ContactPerson.objects.first()
    existing = set(EventPage.objects.child_of(calendar_page).values_list("slug", flat=True))
    for spec in demo_events(today, categories, venues, organisations, groups, contact):
        if spec["slug"] in existing:
            continue
        spec["rules"] = [clear_of_holidays(rule) for rule in spec["rules"]]
        if spec["slug"] == "kyffhaeuser-ehrenamtsfest":
            spec["image"] = make_image("Ehrenamtsfest an der Wasserburg Heldrungen")
            spec["image_alt"] = "Gezeichnete Hügellandschaft in warmen Farben unter einer Sonne"
            spec["description"] = [
                paragraph(
                    "Am Freitagabend eröffnet der Landrat das Fest mit der Ehrung der neuen Trägerinnen und "
                    "Träger der Ehrenamtscard. Samstag und Sonntag stellen sich über 40 Vereine auf der "
                    "Vereinsmeile vor.",
                    "Für Kinder gibt es eine Spielstraße der Jugendfeuerwehren, für alle anderen Musik von "
                    "Blaskapellen und Chören aus dem Kreis.",
                )
            ]
        create_event(calendar_page, publish=True, **spec)
    _help_page(calendar_page)
    _navigation(calendar_page)
    home = context.objects["home"]
    home = type(home).objects.get(pk=home.pk)
    _block_on_page(home, "Nächste Termine")
    network = home.get_children().filter(slug="vernetzung").first()
    boards = groups.get("vereinsvorstaende")
    if network is not None and boards is not None:
        _block_on_page(network.specific, "Termine für Vereinsvorstände", target_group=boards)
    if context.scale > 1:
        _volume(calendar_page, context.scale, today, categories, venues, organisations)


# --- volume for benchmarks ------------------------------------------------------------------------

SERIES_PER_SCALE = 22  # weekly series per scale step above 1 (scale 10: 198 plus the demo series)
SINGLE_PER_SCALE = 200  # single or multi-day dates per scale step above 1
TOPICS = [
    "Vereinsabend",
    "Übungsabend",
    "Chorprobe",
    "Spieleabend",
    "Krabbelgruppe",
    "Skatrunde",
    "Tanzkreis",
    "Bibelgesprächskreis",
    "Handarbeitstreff",
    "Jugendtreff",
    "Schachabend",
    "Wandertreff",
    "Lesecafé",
    "Nachbarschaftshilfe",
    "Feuerwehrdienst",
    "Theaterprobe",
    "Posaunenchor",
    "Gartenfreunde",
    "Rentnertreff",
]
SINGLE_TOPICS = [
    "Dorffest",
    "Vortrag",
    "Arbeitseinsatz",
    "Sitzung",
    "Frühschoppen",
    "Konzert",
    "Flohmarkt",
    "Wanderung",
    "Schulung",
    "Sportfest",
    "Lesung",
    "Kirmes",
    "Blutspende",
    "Pflanzaktion",
    "Infoabend",
    "Tag der Vereine",
]


def _volume(calendar_page, scale, today, categories, venues, organisations):
    """Adds benchmark volume (idempotent: pages are named by number and created only when missing)."""
    rng = random.Random(20270314)
    series_total = SERIES_PER_SCALE * (scale - 1)
    single_total = SINGLE_PER_SCALE * (scale - 1)
    existing = set(
        EventPage.objects.child_of(calendar_page)
        .filter(slug__startswith="termin-")
        .values_list("slug", flat=True)
    )
    category_list = list(categories.values())
    venue_list = list(venues.values())
    organisation_list = list(organisations.values())
    horizon = default_horizon(today)
    created = []
    for number in range(series_total + single_total):
        slug = f"termin-{number + 1:05d}"
        if slug in existing:
            continue
        venue = venue_list[number % len(venue_list)]
        is_series = number < series_total
        topic = (TOPICS if is_series else SINGLE_TOPICS)[
            number % (len(TOPICS) if is_series else len(SINGLE_TOPICS))
        ]
        page = EventPage(
            title=f"{topic} in {venue.town} ({number + 1})",
            slug=slug,
            teaser=f"{topic} für alle Interessierten in {venue.town}. Gäste sind herzlich willkommen.",
            category=category_list[number % len(category_list)],
            venue=venue,
            municipality_id=venue.municipality_id,
            organiser=organisation_list[number % len(organisation_list)],
            is_free=number % 5 != 0,
            cost="" if number % 5 != 0 else "3 Euro",
        )
        if is_series:
            rule = DateRule(
                start_date=today - timedelta(days=rng.randint(0, 60)),
                start_time=time(rng.choice([9, 10, 14, 16, 17, 18, 19])),
                end_time=None,
                frequency="WEEKLY",
                weekdays=dates.WEEKDAY_CODES[number % 7],
                until=today + timedelta(days=540),
                sort_order=0,
            )
            rule.end_time = time(rule.start_time.hour + 2)
        else:
            first = today + timedelta(days=rng.randint(-90, 450))
            multi_day = number % 25 == 0
            span = {"start_date": first, "end_date": first + timedelta(days=2) if multi_day else None}
            first = clear_of_holidays(span)["start_date"]
            rule = DateRule(
                start_date=first,
                start_time=None if multi_day else time(rng.choice([10, 14, 15, 18, 19])),
                end_date=first + timedelta(days=2) if multi_day else None,
                end_time=None if multi_day else time(rng.choice([20, 21, 22])),
                all_day=multi_day,
                sort_order=0,
            )
        created.append((page, [rule]))
        if len(created) >= 200:
            add_live_events_in_bulk(calendar_page, created, horizon)
            created = []
    if created:
        add_live_events_in_bulk(calendar_page, created, horizon)
