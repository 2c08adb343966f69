"""Demo content for level 2: the course programme with ten courses in the district's towns.

Runs lie in the coming weeks and months; two are full with a waiting list, one is cancelled, one is
online. ``--scale N`` (N > 1) adds generated courses up to 30 × N courses with two runs each (300
courses and 600 runs at 10); those pages get no revisions and their dates and registrations are
written in bulk.
"""

from __future__ import annotations

import hashlib
from datetime import date, time, timedelta

from django.utils import timezone
from wagtail.models import Site

from cms.content.seeding import clear_of_holidays, heading, paragraph, seeder, singleton_page
from cms.models import (
    ContactPerson,
    FieldOfEngagement,
    FundingPurpose,
    Municipality,
    NavigationItem,
    SiteConfiguration,
    TargetGroup,
    Venue,
)
from qualifizierung.models import (
    CoursePage,
    CourseProgrammePage,
    CourseRunPage,
    CourseTrainer,
    Registration,
    RegistrationStatus,
)
from termine import dates
from termine.models import DateRule, EventStatus, Occurrence
from termine.occurrences import build_occurrences

COURSES_PER_SCALE = 30  # and twice as many runs

VENUES = {
    "Sondershausen": ("Landratsamt Kyffhäuserkreis, Sitzungssaal", "Markt 8", "99706", True),
    "Artern": ("Bürgerhaus Artern", "Gartenstraße 12", "06556", True),
    "Bad Frankenhausen/Kyffhäuser": (
        "Kurhaus Bad Frankenhausen, Kleiner Saal",
        "Am Kurpark 3",
        "06567",
        True,
    ),
    "Greußen": ("Vereinsheim des SV Greußen", "Sportplatzweg 1", "99718", False),
    "Ebeleben": ("Gemeindehaus Ebeleben", "Schlossplatz 4", "99713", True),
    "Clingen": ("Feuerwehrhaus Clingen", "An der Wipper 2", "99718", True),
    "Roßleben-Wiehe": ("Klosterschule Roßleben, Aula", "Klosterschulweg 1", "06571", True),
}
TOWNS = {"Bad Frankenhausen/Kyffhäuser": "Bad Frankenhausen"}

# slug, title, teaser, goals, topics, groups, fee, certificate, leave, trainers, runs
# run: (slug, title, town or None for online, weeks ahead, weekday offset, sessions, hours, capacity, extra)
DEMO = [
    (
        "vereinsrecht-fuer-vorstaende",
        "Vereinsrecht für Vorstände",
        "Haftung, Satzung, Mitgliederversammlung: was Vorstände wissen müssen, verständlich erklärt.",
        "Sie kennen die Pflichten und Rechte des Vorstands.\nSie bereiten eine Mitgliederversammlung rechtssicher vor.\nSie wissen, wann der Vorstand haftet und wie er sich schützt.",
        ["sport", "heimat-und-brauchtum"],
        ["vereinsvorstaende"],
        None,
        True,
        True,
        [("Dr. Ines Kaltwasser", "Rechtsanwältin in Sondershausen, berät seit 15 Jahren Vereine im Kreis.")],
        [
            (
                "{monat}-sondershausen",
                "Zwei Abende in Sondershausen",
                "Sondershausen",
                3,
                1,
                2,
                (18, 21),
                14,
                {},
            ),
            ("{monat}-artern", "Zwei Abende in Artern", "Artern", 14, 2, 2, (18, 21), 14, {}),
        ],
    ),
    (
        "foerdermittel-beantragen",
        "Fördermittel beantragen und abrechnen",
        "Von der Idee zum bewilligten Antrag: Ehrenamtsförderung des Kreises, Aktiv vor Ort und Stiftungen.",
        "Sie finden das passende Förderprogramm.\nSie schreiben einen überzeugenden Antrag.\nSie rechnen Fördermittel korrekt ab.",
        ["kultur-und-musik", "heimat-und-brauchtum"],
        ["vereinsvorstaende", "gemeinden-und-verwaltung"],
        None,
        True,
        False,
        [("Katrin Wendler", "Ehrenamtsagentur des Kyffhäuserkreises, Beratung zur Förderung.")],
        [
            (
                "sondershausen",
                "Samstagsseminar in Sondershausen",
                "Sondershausen",
                2,
                5,
                1,
                (9, 15),
                12,
                {"full": 3},
            ),
            ("online", "Zwei Online-Abende", None, 6, 2, 2, (18, 20), 25, {}),
        ],
    ),
    (
        "erste-hilfe-uebungsleitung",
        "Erste Hilfe für Übungsleiterinnen und Übungsleiter",
        "Neun Unterrichtseinheiten mit viel Praxis: Notfälle beim Training sicher versorgen.",
        "Sie erkennen Notfälle und handeln sicher.\nSie versorgen typische Sportverletzungen.\nSie erfüllen die Erste-Hilfe-Pflicht für die Übungsleiterlizenz.",
        ["sport", "rettungswesen"],
        ["ehrenamtliche", "neue-engagierte"],
        "15.00",
        True,
        False,
        [("Marco Heinemann", "Rettungssanitäter und Ausbilder beim Kreisverband des Roten Kreuzes.")],
        [
            (
                "bad-frankenhausen",
                "Samstag in Bad Frankenhausen",
                "Bad Frankenhausen/Kyffhäuser",
                4,
                5,
                1,
                (8, 16),
                16,
                {},
            ),
            ("greussen", "Samstag in Greußen", "Greußen", 9, 5, 1, (8, 16), 16, {}),
        ],
    ),
    (
        "oeffentlichkeitsarbeit-im-verein",
        "Öffentlichkeitsarbeit im Verein",
        "Pressemitteilung, Amtsblatt, Aushang und Website: wie Ihr Verein gesehen wird.",
        "Sie schreiben eine Pressemitteilung, die gedruckt wird.\nSie planen ein Jahr Öffentlichkeitsarbeit.\nSie nutzen Fotos mit Einwilligung richtig.",
        ["kultur-und-musik", "sport"],
        ["ehrenamtliche", "vereinsvorstaende"],
        None,
        True,
        False,
        [("Susanne Brückner", "Redakteurin, schreibt seit Jahren über das Vereinsleben im Kreis.")],
        [("ebeleben", "Abendkurs in Ebeleben", "Ebeleben", 5, 3, 3, (18, 20), 12, {"full": 2})],
    ),
    (
        "kassenfuehrung",
        "Kassenführung und Buchhaltung im Verein",
        "Einnahmen, Ausgaben, Kassenprüfung und Gemeinnützigkeit – ohne Angst vor Zahlen.",
        "Sie führen ein ordentliches Kassenbuch.\nSie bereiten die Kassenprüfung vor.\nSie kennen die Grenzen der Gemeinnützigkeit.",
        ["sport", "kultur-und-musik"],
        ["vereinsvorstaende"],
        "10.00",
        True,
        True,
        [("Thomas Reinhardt", "Steuerberater, Schatzmeister eines Sportvereins in Clingen.")],
        [("clingen", "Zwei Abende in Clingen", "Clingen", 7, 1, 2, (18, 21), 15, {})],
    ),
    (
        "juleica-grundkurs",
        "Jugendleiter-Card: Grundkurs",
        "Der Grundkurs für die Juleica: Aufsichtspflicht, Gruppenleitung, Spiele und Kinderschutz.",
        "Sie leiten eine Kinder- oder Jugendgruppe sicher.\nSie kennen Aufsichtspflicht und Kinderschutz.\nSie erhalten die Voraussetzung für die Jugendleiter-Card.",
        ["kinder-und-jugendarbeit"],
        ["kinder-und-jugendliche", "neue-engagierte"],
        None,
        True,
        True,
        [("Lena Vogt", "Bildungsreferentin des Kreisjugendrings.")],
        [("rossleben", "Wochenende in Roßleben", "Roßleben-Wiehe", 8, 4, 3, (9, 17), 18, {})],
    ),
    (
        "datenschutz-im-verein",
        "Datenschutz im Verein",
        "Mitgliederlisten, Fotos, E-Mail-Verteiler: die DSGVO für Vereine in einfachen Schritten.",
        "Sie wissen, welche Daten Ihr Verein speichern darf.\nSie erstellen ein Verzeichnis der Verarbeitungen.\nSie holen Einwilligungen richtig ein.",
        ["sport", "kirche"],
        ["vereinsvorstaende", "ehrenamtliche"],
        None,
        True,
        False,
        [("Katrin Wendler", "Ehrenamtsagentur des Kyffhäuserkreises.")],
        [
            ("online", "Online-Abend", None, 3, 3, 1, (18, 20), 30, {}),
            (
                "sondershausen-abgesagt",
                "Abend in Sondershausen",
                "Sondershausen",
                5,
                2,
                1,
                (18, 20),
                15,
                {"cancelled": True},
            ),
        ],
    ),
    (
        "digitale-vereinsarbeit",
        "Digitale Vereinsarbeit",
        "Videokonferenz, gemeinsamer Kalender, Online-Umfrage: digitale Werkzeuge, die wenig kosten.",
        "Sie richten eine Videokonferenz ein und leiten sie.\nSie teilen Dokumente und Termine im Vorstand.\nSie wählen datensparsame Werkzeuge.",
        ["senioren-und-behindertenhilfe", "sport"],
        ["ehrenamtliche", "seniorinnen-und-senioren"],
        None,
        True,
        False,
        [("Jonas Albrecht", "Medienpädagoge, betreut das Digitalcafé in Artern.")],
        [("artern", "Drei Nachmittage in Artern", "Artern", 4, 2, 3, (14, 16), 10, {})],
    ),
    (
        "sitzungen-moderieren",
        "Sitzungen gut moderieren",
        "Kürzere Sitzungen, klare Beschlüsse, alle kommen zu Wort: Moderation für Ehrenamtliche.",
        "Sie bereiten eine Tagesordnung vor, die trägt.\nSie führen durch schwierige Diskussionen.\nSie halten Beschlüsse fest.",
        ["feuerwehr-brand-und-katastrophenschutz", "heimat-und-brauchtum"],
        ["vereinsvorstaende", "gemeinden-und-verwaltung"],
        None,
        True,
        False,
        [("Petra Lindner", "Trainerin für Moderation und Bürgerbeteiligung.")],
        [
            (
                "bad-frankenhausen",
                "Tagesseminar in Bad Frankenhausen",
                "Bad Frankenhausen/Kyffhäuser",
                10,
                5,
                1,
                (9, 16),
                14,
                {},
            )
        ],
    ),
    (
        "sterbebegleitung-einfuehrung",
        "Ehrenamtliche Sterbebegleitung – Einführung",
        "Ein erster Einblick in die Hospizarbeit für alle, die sich ein Engagement vorstellen können.",
        "Sie lernen die Grundhaltung der Hospizarbeit kennen.\nSie wissen, was Ehrenamtliche in der Begleitung tun.\nSie entscheiden, ob der Befähigungskurs zu Ihnen passt.",
        ["hospiz", "senioren-und-behindertenhilfe"],
        ["neue-engagierte", "ehrenamtliche"],
        None,
        True,
        False,
        [("Hospizverein Kyffhäuser e. V.", "Koordinatorinnen des ambulanten Hospizdienstes.")],
        [("sondershausen", "Abend in Sondershausen", "Sondershausen", 6, 4, 1, (17, 20), 20, {})],
    ),
]

FIRST_NAMES = [
    "Anja",
    "Bernd",
    "Claudia",
    "Dieter",
    "Elke",
    "Frank",
    "Gabi",
    "Heiko",
    "Ines",
    "Jens",
    "Karin",
    "Lutz",
]
LAST_NAMES = [
    "Schmidt",
    "Müller",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
]


def _venue(town: str) -> Venue:
    name, street, postcode, step_free = VENUES[town]
    venue = Venue.objects.filter(name=name).first()
    if venue is None:
        venue = Venue.objects.create(
            name=name,
            street=street,
            postcode=postcode,
            town=TOWNS.get(town, town),
            municipality=Municipality.objects.filter(name=town).first(),
            step_free_access=step_free,
            accessible_toilet=step_free,
        )
    return venue


def _first_day(today: date, weeks: int, weekday: int) -> date:
    day = today + timedelta(weeks=weeks)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _rule(first: date, sessions: int, hours: tuple[int, int]) -> dict:
    """The run's date rule, moved on by whole weeks if a session would fall on a public holiday."""
    rule = {"start_date": first, "start_time": time(hours[0]), "end_time": time(hours[1])}
    if sessions > 1:
        if hours[1] - hours[0] >= 6:  # whole-day blocks on following days
            rule.update(frequency="DAILY", count=sessions)
        else:
            rule.update(frequency="WEEKLY", weekdays=dates.WEEKDAY_CODES[first.weekday()], count=sessions)
    return clear_of_holidays(rule)


MONTH_SLUGS = (
    "januar",
    "februar",
    "maerz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
)


def _run_slug(template: str, first: date) -> str:
    """A run's address named after the month it starts in: "{monat}-artern" → "maerz-artern"."""
    return template.format(monat=MONTH_SLUGS[first.month - 1])


def _programme(context) -> CourseProgrammePage:
    return singleton_page(
        context.objects["home"],
        CourseProgrammePage,
        "kurse",
        title="Kursprogramm",
        intro="Weiterbildung für alle, die sich im Kyffhäuserkreis engagieren: Vereinsrecht, Förderung, "
        "Erste Hilfe, Jugendarbeit und mehr. Die meisten Kurse sind kostenlos, gefördert aus der "
        "Ehrenamtsförderung des Kreises.",
    )


def _registrations(run, count: int, waiting: int, offset: int = 0) -> list[Registration]:
    people = []
    for number in range(count + waiting):
        first = FIRST_NAMES[(number + offset) % len(FIRST_NAMES)]
        last = LAST_NAMES[(number * 3 + offset) % len(LAST_NAMES)]
        slug = f"{run.pk}-{number}"
        people.append(
            Registration(
                run=run,
                name=f"{first} {last}",
                email=f"{first.lower()}.{slug}@verein.example",
                organisation="Heimatverein Clingen e. V." if number % 3 == 0 else "",
                consent=True,
                status=RegistrationStatus.REGISTERED if number < count else RegistrationStatus.WAITING,
                waiting_position=None if number < count else number - count + 1,
                token_hash=hashlib.sha256(f"demo-{slug}".encode()).hexdigest(),
            )
        )
    return people


def _demo_courses(programme, today):
    purpose = FundingPurpose.objects.filter(code="e").first()
    contact = ContactPerson.objects.filter(name="Katrin Wendler").first() or ContactPerson.objects.first()
    topics = {term.slug: term for term in FieldOfEngagement.objects.all()}
    groups = {term.slug: term for term in TargetGroup.objects.all()}
    existing = set(CoursePage.objects.child_of(programme).values_list("slug", flat=True))
    for slug, title, teaser, goals, topic_slugs, group_slugs, fee, certificate, leave, trainers, runs in DEMO:
        if slug in existing:
            continue
        course = CoursePage(
            title=title,
            slug=slug,
            teaser=teaser,
            goals=goals,
            is_free=fee is None,
            fee=fee,
            fee_note="Für Inhaberinnen und Inhaber der Ehrenamtscard kostenlos." if fee else "",
            certificate=certificate,
            educational_leave=leave,
            funding_purpose=purpose,
            contact=contact,
            content=[
                heading("Ablauf"),
                paragraph(
                    "Kurze Vorträge wechseln mit Übungen an Beispielen aus Ihrem Vereinsalltag. Bringen Sie gern "
                    "Fragen und Unterlagen aus Ihrer eigenen Arbeit mit.",
                    "Getränke stellt die Ehrenamtsagentur; bei Tagesseminaren gibt es einen Mittagsimbiss.",
                ),
            ],
        )
        course.fields_of_engagement = [topics[s] for s in topic_slugs if s in topics]
        course.target_groups = [groups[s] for s in group_slugs if s in groups]
        for position, (name, bio) in enumerate(trainers):
            course.trainers.add(CourseTrainer(name=name, bio=bio, sort_order=position))
        programme.add_child(instance=course)
        course.save_revision().publish()
        for run_slug, run_title, town, weeks, weekday, sessions, hours, capacity, extra in runs:
            rule = _rule(_first_day(today, weeks, weekday), sessions, hours)
            run = CourseRunPage(
                title=run_title,
                slug=_run_slug(run_slug, rule["start_date"]),
                capacity=capacity,
                attendance_mode="OnlineEventAttendanceMode" if town is None else "OfflineEventAttendanceMode",
                online_url="https://konferenz.kyffhaeuser.example/ehrenamt" if town is None else "",
                venue=_venue(town) if town else None,
                date_status=EventStatus.CANCELLED if extra.get("cancelled") else EventStatus.SCHEDULED,
            )
            run.date_rules.add(DateRule(sort_order=0, **rule))
            course.add_child(instance=run)
            run.save_revision().publish()
            if "full" in extra:
                Registration.objects.bulk_create(_registrations(run, capacity, extra["full"]))
            elif not extra.get("cancelled"):
                Registration.objects.bulk_create(_registrations(run, capacity // 3, 0, offset=weeks))


def _navigation(programme):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    config = SiteConfiguration.for_site(site)
    if config.navigation_items.filter(page=programme).exists():
        return
    position = config.navigation_items.count()
    NavigationItem.objects.create(setting=config, page=programme, label="Kurse", sort_order=position)


def _home_block(context):
    home = context.objects["home"]
    home = type(home).objects.get(pk=home.pk)
    if any(block.block_type == "upcoming_courses" for block in home.body):
        return
    data = [
        {"type": child.block_type, "value": child.block.get_prep_value(child.value)} for child in home.body
    ]
    home.body = [*data, {"type": "upcoming_courses", "value": {"title": "Nächste Kurse", "count": 3}}]
    if home.level_qualification_page_id is None:
        home.level_qualification_page = CourseProgrammePage.objects.first()
    home.save_revision().publish()


@seeder(order=40)
def seed_courses(context):
    today = timezone.localdate()
    programme = _programme(context)
    _demo_courses(programme, today)
    _navigation(programme)
    _home_block(context)
    if context.scale > 1:
        _volume(programme, context.scale, today)


# --- volume for benchmarks ------------------------------------------------------------------------

VOLUME_TOPICS = [
    "Vereinsrecht kompakt",
    "Förderanträge schreiben",
    "Erste Hilfe auffrischen",
    "Presse und Amtsblatt",
    "Kassenprüfung",
    "Spiele für Gruppen",
    "Kinderschutz im Verein",
    "Konflikte im Vorstand lösen",
    "Nachwuchs gewinnen",
    "Veranstaltungen planen",
]


def _volume(programme, scale: int, today: date) -> None:
    """Generated courses (idempotent: named by number), two runs each, dates and registrations in bulk."""
    wanted = COURSES_PER_SCALE * scale - len(DEMO)
    demo_runs = sum(len(spec[-1]) for spec in DEMO)
    third_runs = max(0, 2 * COURSES_PER_SCALE * scale - demo_runs - 2 * wanted)  # 600 runs at scale 10
    existing = set(
        CoursePage.objects.child_of(programme).filter(slug__startswith="kurs-").values_list("slug", flat=True)
    )
    towns = list(VENUES)
    venues = {town: _venue(town) for town in towns}
    groups = list(TargetGroup.objects.all())
    topics = list(FieldOfEngagement.objects.all())
    now = timezone.now()
    runs = []
    course_groups, course_topics = [], []
    for number in range(wanted):
        slug = f"kurs-{number + 1:04d}"
        if slug in existing:
            continue
        topic = VOLUME_TOPICS[number % len(VOLUME_TOPICS)]
        course = CoursePage(
            title=f"{topic} ({number + 1})",
            slug=slug,
            teaser=f"{topic}: ein Kurs der Ehrenamtsagentur für Engagierte im ganzen Kreis.",
            goals="Sie lernen das Wichtigste in kurzer Zeit.\nSie tauschen sich mit anderen Vereinen aus.",
            is_free=number % 4 != 0,
            fee=None if number % 4 != 0 else "10.00",
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        programme.add_child(instance=course)
        course_groups.append(
            CoursePage.target_groups.through(
                coursepage_id=course.pk, targetgroup_id=groups[number % len(groups)].pk
            )
        )
        course_topics.append(
            CoursePage.fields_of_engagement.through(
                coursepage_id=course.pk, fieldofengagement_id=topics[number % len(topics)].pk
            )
        )
        for half in range(3 if number < third_runs else 2):
            town = towns[(number + half) % len(towns)]
            first = _first_day(today, 1 + (number * 7 + half * 13) % 40, (number + half) % 6)
            run = CourseRunPage(
                title=f"Termin {half + 1} in {TOWNS.get(town, town)}",
                slug=f"termin-{half + 1}",
                capacity=10 + number % 10,
                venue=venues[town],
                municipality_id=venues[town].municipality_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
                sequence=1,
            )
            course.add_child(instance=run)
            rule = DateRule(page=run, sort_order=0, **_rule(first, 1 + half, (18, 20)))
            runs.append((run, rule, number))
    CoursePage.target_groups.through.objects.bulk_create(course_groups)
    CoursePage.fields_of_engagement.through.objects.bulk_create(course_topics)
    DateRule.objects.bulk_create([rule for _run, rule, _n in runs])
    horizon = today + timedelta(days=400)
    occurrences, registrations = [], []
    for run, rule, number in runs:
        built = build_occurrences(run, [rule], [], horizon)
        occurrences.extend(built)
        run.last_session_end = max(item.end for item in built) if built else None
        full = number % 5 == 0
        registrations.extend(
            _registrations(run, run.capacity if full else number % run.capacity, 2 if full else 0, number)
        )
    Occurrence.objects.bulk_create(occurrences, batch_size=1000)
    CourseRunPage.objects.bulk_update([run for run, _rule, _n in runs], ["last_session_end"], batch_size=500)
    Registration.objects.bulk_create(registrations, batch_size=1000)
