"""The course programme: tree rules, editing, catalogue filters and queries, structured data, feeds,
the block "Nächste Kurse", staff views (CSV, attendance, PDF), reminders, purge and the seed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from cms.privacy import registered_policies
from home.models import HomePage
from qualifizierung import services as service
from qualifizierung.models import Attendance, CoursePage, CourseProgrammePage, CourseRunPage, Registration
from termine.models import Occurrence
from tests.factories import CalendarPageFactory, CourseProgrammePageFactory, in_days, make_course, make_run
from tests.page_types import PageTypesTestCase, json_ld_blocks, queries_for


class CoursePageTypesTest(PageTypesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme = CourseProgrammePageFactory(parent=cls.home)
        cls.course = make_course(cls.programme, "Kassenführung im Verein", fee="10.00")
        cls.course_run = make_run(cls.course, "Abend in Clingen", in_days(10))

    def test_tree_rules_keep_runs_under_courses_under_the_programme(self):
        self.assertAllowedParentPageTypes(CourseProgrammePage, {HomePage})
        self.assertAllowedSubpageTypes(CourseProgrammePage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseProgrammePage})
        self.assertAllowedSubpageTypes(CoursePage, {CourseRunPage})
        self.assertAllowedParentPageTypes(CourseRunPage, {CoursePage})
        self.assertAllowedSubpageTypes(CourseRunPage, {})

    def test_the_programme_exists_once(self):
        self.assertFalse(CourseProgrammePage.can_create_at(self.home))
        self.assertTrue(CoursePage.can_create_at(self.programme))

    def test_every_course_page_type_renders(self):
        for page in [self.programme, self.course, self.course_run]:
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)

    def test_every_course_page_type_is_editable_in_the_admin(self):
        for page in [self.programme, self.course, self.course_run]:
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsEditable(page, post_data=self.edit_form_data(page))

    def test_the_run_knows_its_course_and_its_sessions_are_occurrences_of_the_engine(self):
        run = CourseRunPage.objects.get(pk=self.course_run.pk)
        self.assertEqual(run.course_id, self.course.pk)
        self.assertEqual(Occurrence.objects.filter(page_id=run.pk).count(), 1)
        self.assertIsNotNone(run.last_session_end)


# --- catalogue ---------------------------------------------------------------------------------


@pytest.fixture
def catalogue(programme, places):
    """Four courses with five runs, hand-made so that every filter has a known answer."""
    recht = make_course(
        programme, "Vereinsrecht für Vorstände", topics=[places["sport"]], groups=[places["vorstaende"]]
    )
    hospiz = make_course(
        programme,
        "Sterbebegleitung – Einführung",
        topics=[places["hospiz"]],
        groups=[places["familien"]],
        fee="15.00",
    )
    online = make_course(programme, "Datenschutz im Verein", groups=[places["vorstaende"]])
    closed = make_course(programme, "Kassenprüfung", topics=[places["sport"]])
    runs = {
        "recht-artern": make_run(
            recht, "Abend in Artern", in_days(40), venue=places["buergerhaus"], capacity=2
        ),
        "recht-greussen": make_run(
            recht, "Abend in Greußen", in_days(5), venue=places["vereinsheim"], capacity=5
        ),
        "hospiz": make_run(hospiz, "Abend in Artern", in_days(12), venue=places["buergerhaus"], capacity=8),
        "online": make_run(
            online,
            "Online-Abend",
            in_days(20),
            attendance_mode="OnlineEventAttendanceMode",
            online_url="https://konferenz.example/raum",
        ),
        "closed": make_run(
            closed, "Abend in Greußen", in_days(8), venue=places["vereinsheim"], registration_closed=True
        ),
    }
    for number in range(2):
        service.register(runs["recht-artern"].pk, name=f"P{number}", email=f"p{number}@verein.example")
    service.register(runs["recht-greussen"].pk, name="Q", email="q@verein.example")
    return runs


def titles(response):
    return [card.course.title for card in response.context["cards"]]


@pytest.mark.django_db
def test_the_catalogue_lists_courses_by_next_date_with_their_free_places(client, programme, catalogue):
    response = client.get(programme.url)
    assert response.status_code == 200
    assert titles(response) == [
        "Vereinsrecht für Vorstände",
        "Kassenprüfung",
        "Sterbebegleitung – Einführung",
        "Datenschutz im Verein",
    ]
    html = response.content.decode()
    assert "ausgebucht – Warteliste" in html  # Artern: 2 of 2 taken
    assert "noch 4 Plätze" in html  # Greußen: 1 of 5 taken
    assert "Anmeldung geschlossen" in html
    assert "noch 10 Plätze" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"thema": "sport"}, ["Vereinsrecht für Vorstände", "Kassenprüfung"]),
        ({"zielgruppe": "vereinsvorstaende"}, ["Vereinsrecht für Vorstände", "Datenschutz im Verein"]),
        ({"gemeinde": "artern"}, ["Sterbebegleitung – Einführung", "Vereinsrecht für Vorstände"]),
        ({"teilnahme": "online"}, ["Datenschutz im Verein"]),
        ({"teilnahme": "vor-ort", "kostenlos": "ja"}, ["Vereinsrecht für Vorstände", "Kassenprüfung"]),
        (
            {"plaetze": "frei"},
            ["Vereinsrecht für Vorstände", "Sterbebegleitung – Einführung", "Datenschutz im Verein"],
        ),
        ({"plaetze": "frei", "gemeinde": "artern"}, ["Sterbebegleitung – Einführung"]),
        ({"thema": "sport", "gemeinde": "greussen", "plaetze": "frei"}, ["Vereinsrecht für Vorstände"]),
        ({"suche": "Sterbebegleitung"}, ["Sterbebegleitung – Einführung"]),
    ],
)
def test_catalogue_filters_combine_in_the_url(client, programme, catalogue, params, expected):
    response = client.get(programme.url, params)
    assert response.status_code == 200
    assert titles(response) == expected
    assert 'href="/kurse/">Alle Filter zurücksetzen</a>' in response.content.decode()


@pytest.mark.django_db
def test_the_month_filter_keeps_runs_with_a_session_in_that_month(client, programme, catalogue):
    day = catalogue["recht-artern"].sessions()[0].local_start.date()
    response = client.get(programme.url, {"monat": f"{day:%Y-%m}"})
    assert "Vereinsrecht für Vorstände" in titles(response)
    runs = [run.title for card in response.context["cards"] for run in card.runs]
    assert all(
        any(s.local_start.strftime("%Y-%m") == f"{day:%Y-%m}" for s in run.sessions())
        for card in response.context["cards"]
        for run in card.runs
    )
    assert runs


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"thema": "gibt-es-nicht"}, "Dieses Thema gibt es nicht."),
        ({"monat": "2027-13"}, "„monat“ muss ein Monat in der Form JJJJ-MM sein"),
        ({"teilnahme": "mond"}, "„teilnahme“ kann „vor-ort“ oder „online“ sein."),
        ({"plaetze": "viele"}, "„plaetze“ kann nur „frei“ sein."),
        ({"seite": "null"}, "Die Seitenzahl muss eine ganze Zahl ab 1 sein."),
    ],
)
def test_unknown_filter_values_get_a_german_400(client, programme, catalogue, params, message):
    response = client.get(programme.url, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_catalogue_course_and_run_pages_need_the_same_queries_for_30_courses_as_for_3(
    client, programme, places
):
    def add(start, count):
        for number in range(start, start + count):
            course = make_course(programme, f"Kurs {number}", topics=[places["sport"]])
            run = make_run(course, f"Termin {number}", in_days(3 + number), venue=places["buergerhaus"])
            service.register(run.pk, name="P", email=f"p{number}@verein.example")
        return course, run

    course, run = add(0, 3)
    params = {"thema": "sport", "gemeinde": "artern", "plaetze": "frei", "suche": "Kurs"}
    small = [queries_for(client, programme.url), queries_for(client, programme.url, params)]
    small_pages = [queries_for(client, course.url), queries_for(client, run.url)]
    add(3, 27)
    large = [queries_for(client, programme.url), queries_for(client, programme.url, params)]
    large_pages = [queries_for(client, course.url), queries_for(client, run.url)]
    assert all(
        after <= before for after, before in zip(large + large_pages, small + small_pages, strict=True)
    )
    assert max(large + large_pages) <= 12


# --- structured data, feeds, calendar, block ------------------------------------------------------


@pytest.mark.django_db
def test_course_json_ld_has_course_instances_with_mode_place_dates_instructor_and_offer(
    client, programme, catalogue
):
    course = CoursePage.objects.get(title="Vereinsrecht für Vorstände")
    data = next(
        item for item in json_ld_blocks(client.get(course.url).content.decode()) if item["@type"] == "Course"
    )
    instances = data["hasCourseInstance"]
    assert [item["name"] for item in instances] == ["Abend in Greußen", "Abend in Artern"]
    first = instances[0]
    assert first["courseMode"] == "onsite"
    assert first["location"]["address"]["addressLocality"] == "Greußen"
    assert first["startDate"].startswith(str(in_days(5)))
    assert first["endDate"] > first["startDate"]
    assert first["instructor"] == [{"@type": "Person", "name": "Ines Kaltwasser"}]
    assert first["offers"]["price"] == 0
    assert first["maximumAttendeeCapacity"] == 5
    assert first["remainingAttendeeCapacity"] == 4
    online = next(
        item
        for item in json_ld_blocks(client.get(catalogue["online"].get_parent().url).content.decode())
        if item["@type"] == "Course"
    )
    assert online["hasCourseInstance"][0]["courseMode"] == "online"


@pytest.mark.django_db
def test_each_run_is_an_event_with_capacity_and_remaining_places(client, catalogue):
    run = catalogue["recht-artern"]
    data = next(
        item for item in json_ld_blocks(client.get(run.url).content.decode()) if item["@type"] == "Event"
    )
    assert data["maximumAttendeeCapacity"] == 2
    assert data["remainingAttendeeCapacity"] == 0
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["superEvent"]["name"] == "Vereinsrecht für Vorstände"


@pytest.mark.django_db
def test_each_run_has_an_ics_file_and_appears_in_the_network_calendar_and_its_feeds(client, catalogue, home):
    import icalendar

    run = catalogue["hospiz"]
    response = client.get(run.url + "ical/")
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Sterbebegleitung – Einführung"]
    assert str(events[0]["location"]).startswith("Bürgerhaus Artern")
    html = client.get(run.url).content.decode()
    assert (
        f'<link rel="alternate" type="text/calendar" title="iCalendar: {run.full_title}" href="{run.url}ical/">'
        in html
    )

    calendar_page = CalendarPageFactory(parent=home, title="Termine")
    listing = client.get(calendar_page.url, {"gemeinde": "artern"}).content.decode()
    assert "Sterbebegleitung – Einführung" in listing
    feed = icalendar.Calendar.from_ical(client.get(calendar_page.url + "ical/").content)
    summaries = {str(event["summary"]) for event in feed.walk("VEVENT")}
    assert {"Vereinsrecht für Vorstände", "Datenschutz im Verein", "Kassenprüfung"} <= summaries
    rss = client.get(calendar_page.url + "rss/").content.decode()
    assert "Sterbebegleitung – Einführung" in rss


@pytest.mark.django_db
def test_the_block_naechste_kurse_shows_the_next_runs_on_the_home_page(client, home, programme, catalogue):
    home.body = [{"type": "upcoming_courses", "value": {"title": "Nächste Kurse", "count": 2}}]
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    section = html.split('class="upcoming-courses"')[1].split("</section>")[0]
    assert "Nächste Kurse" in section
    assert re.findall(r'class="kern-link" href="[^"]+">([^<]+)</a></h3>', section) == [
        "Vereinsrecht für Vorstände",
        "Kassenprüfung",
    ]
    assert 'href="/kurse/">Zum Kursprogramm</a>' in section


# --- staff ----------------------------------------------------------------------------------------


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "agentur", "agentur@kyffhaeuser.example", "geheim-genug-1"
    )
    client.force_login(user)
    return client


@pytest.fixture
def full_run(programme, places, committed):
    course = make_course(programme, "Öffentlichkeitsarbeit im Verein")
    run = make_run(
        course, "Drei Abende in Ebeleben", in_days(2), sessions=3, capacity=2, venue=places["buergerhaus"]
    )
    committed(
        service.register,
        run.pk,
        name="Jana Pfeiffer",
        email="jana@verein.example",
        organisation="Heimatverein Clingen e. V.",
    )
    committed(service.register, run.pk, name="Uwe Kästner", email="uwe@verein.example", phone="03632 1234")
    committed(service.register, run.pk, name="Marie Sommer", email="marie@verein.example")
    return run


@pytest.mark.django_db
def test_staff_see_registrations_per_run_with_status_and_waiting_position(staff, full_run):
    index = reverse("wagtailsnippets_qualifizierung_registration:list")
    response = staff.get(index, {"run": full_run.pk, "status": "waiting"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Marie Sommer" in html
    assert "Jana Pfeiffer" not in html


@pytest.mark.django_db
def test_the_participant_list_exports_as_csv_for_excel(staff, full_run):
    response = staff.get(reverse("qualifizierung_participants_csv", args=[full_run.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Status;Platz auf der Warteliste;Name;E-Mail;Verein oder Organisation;Telefon;Unterstützungsbedarf;"
        "Angemeldet am;Anwesend (Termine)"
    )
    assert lines[1].startswith("angemeldet;;Jana Pfeiffer;jana@verein.example;Heimatverein Clingen e. V.;;;")
    assert lines[3].startswith("Warteliste;1;Marie Sommer;")
    assert len(lines) == 4


@pytest.mark.django_db
def test_attendance_is_marked_per_session_and_the_certificate_names_the_sessions(staff, full_run):
    url = reverse("qualifizierung_participants", args=[full_run.pk])
    page = staff.get(url)
    assert page.status_code == 200
    jana = Registration.objects.get(name="Jana Pfeiffer")
    response = staff.post(url, {"anwesend": [f"{jana.pk}:0", f"{jana.pk}:2"]})
    assert response.status_code == 302
    sessions = full_run.sessions()
    assert set(Attendance.objects.values_list("session_start", flat=True)) == {
        sessions[0].start,
        sessions[2].start,
    }
    staff.post(url, {"anwesend": [f"{jana.pk}:0"]})
    assert Attendance.objects.count() == 1

    pdf = staff.get(reverse("qualifizierung_certificate", args=[jana.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert b"Jana Pfeiffer" in pdf.content
    assert b"Teilnahmebescheinigung" in pdf.content
    assert b"an 1 von 3 Terminen" in pdf.content
    csv_text = staff.get(reverse("qualifizierung_participants_csv", args=[full_run.pk])).content.decode(
        "utf-8-sig"
    )
    assert ";1 von 3" in csv_text.splitlines()[1]


@pytest.mark.django_db
def test_the_staff_views_are_closed_to_the_public(client, full_run):
    response = client.get(reverse("qualifizierung_participants_csv", args=[full_run.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- reminders and privacy ------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminders_go_out_once_before_the_first_session(full_run, programme):
    later = make_run(full_run.get_parent().specific, "Später", in_days(30))
    service.register(later.pk, name="Später", email="spaet@verein.example")
    mail.outbox.clear()
    call_command("send_course_reminders", verbosity=0)
    assert sorted(message.to[0] for message in mail.outbox) == ["jana@verein.example", "uwe@verein.example"]
    assert all(
        message.subject.startswith("Erinnerung: Öffentlichkeitsarbeit im Verein") for message in mail.outbox
    )
    mail.outbox.clear()
    call_command("send_course_reminders", verbosity=0)
    assert mail.outbox == []
    assert Registration.objects.filter(reminded_at__isnull=False).count() == 2


@pytest.mark.django_db
def test_purge_deletes_personal_data_after_the_retention_period_and_keeps_anonymous_counts(
    full_run, settings
):
    settings.COURSE_DATA_RETENTION_DAYS = 180
    assert "Personendaten der Kursanmeldungen" in registered_policies()
    jana = Registration.objects.get(name="Jana Pfeiffer")
    Attendance.objects.create(registration=jana, session_start=full_run.sessions()[0].start)
    call_command("purge_personal_data", verbosity=0)
    assert Registration.objects.count() == 3  # the run has not even begun

    CourseRunPage.objects.filter(pk=full_run.pk).update(last_session_end=timezone.now() - timedelta(days=181))
    call_command("purge_personal_data", verbosity=0)
    assert Registration.objects.count() == 0
    assert Attendance.objects.count() == 0
    run = CourseRunPage.objects.get(pk=full_run.pk)
    assert (run.archived_registered, run.archived_waiting, run.archived_cancelled, run.archived_attended) == (
        2,
        1,
        0,
        1,
    )
    assert run.personal_data_purged_at is not None
    call_command("purge_personal_data", verbosity=0)  # idempotent
    run.refresh_from_db()
    assert run.archived_registered == 2


@pytest.mark.django_db
def test_purge_keeps_data_of_runs_inside_the_retention_period(full_run, settings):
    settings.COURSE_DATA_RETENTION_DAYS = 30
    CourseRunPage.objects.filter(pk=full_run.pk).update(last_session_end=timezone.now() - timedelta(days=29))
    call_command("purge_personal_data", verbosity=0)
    assert Registration.objects.count() == 3


# --- seed -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_seeded_course_page_answers_200_with_a_full_and_a_cancelled_run(client, seeded):
    pages = list(Page.objects.live().type(CourseProgrammePage, CoursePage, CourseRunPage))
    assert len(pages) >= 25
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url
    runs = CourseRunPage.objects.for_listing()
    assert any(run.waiting_count and run.free_places == 0 for run in runs)
    assert any(run.is_cancelled for run in runs)
    assert CoursePage.objects.live().count() == 10


def test_the_certificate_prints_names_outside_the_pdf_core_fonts():
    from types import SimpleNamespace

    from qualifizierung.exports import certificate_pdf, printable

    assert printable("Łukasz Şahin – „Kurs“") == "Lukasz Sahin – „Kurs“"
    person = SimpleNamespace(name="Łukasz Şahin", organisation="")
    course = SimpleNamespace(title="Erste Hilfe", goal_list=["Notfälle erkennen"], educational_leave=False)
    run = SimpleNamespace(venue=None, is_on_site=False)
    pdf = certificate_pdf(person, run, course, [], set())
    assert pdf.startswith(b"%PDF")
    assert b"Lukasz Sahin" in pdf
