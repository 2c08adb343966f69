"""The editors' dashboard: each panel with real data (in range shown with its numbers, out of range not),
the empty states, who sees what, and query counts that do not grow with the number of items."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.editors.dashboard import ExpiringSoonPanel, ReviewDuePanel, SubmissionsPanel, pages_due_for_review
from home.wagtail_hooks import FundingDeadlinesPanel
from netzwerk.events import create_event
from netzwerk.models import Decision, EventSubmission
from praxisbeispiele.models import ExampleProposal
from qualifizierung import services as service
from qualifizierung.wagtail_hooks import UpcomingRunsPanel
from tests.factories import (
    ContentPageFactory,
    FundingProgrammePageFactory,
    LibraryPageFactory,
    NewsPageFactory,
    PracticeExamplePageFactory,
    UserFactory,
    in_days,
    make_course,
    make_run,
    single,
)

DASHBOARD = "/admin/"


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(
        username="leitung",
        email="leitung@kyffhaeuser.example",
        first_name="Petra",
        last_name="Lange",
        superuser=True,
    )
    client.force_login(user)
    client.user = user
    return client


def panel(html, name):
    """The HTML of one dashboard panel (its <section>), failing if the panel is missing."""
    match = re.search(rf'<section[^>]*id="{name}-section".*?</section>', html, re.S)
    assert match, f"Panel {name} fehlt im Dashboard"
    return match.group(0)


def rows(section):
    """The body rows of the panel's table as lists of cell texts (tags stripped, spaces collapsed)."""
    body = re.search(r"<tbody>(.*?)</tbody>", section, re.S)
    if body is None:
        return []
    result = []
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        result.append([" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells])
    return result


def dashboard(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


# --- Zur Prüfung eingereicht -------------------------------------------------------------------


def submitted_event(calendar, title, days_ago, **submission):
    page = create_event(
        calendar,
        title=title,
        teaser="Gemeldet über die Website.",
        rules=[single(in_days(20))],
        attendance_mode="OnlineEventAttendanceMode",
        online_url="https://treffen.example/raum",
    )
    submission.setdefault("name", "Jana Pfeiffer")
    submission.setdefault("email", "jana@verein.example")
    EventSubmission.objects.create(
        page=page,
        event_title=title,
        organiser_name="Heimatverein Clingen e. V.",
        created_at=timezone.now() - timedelta(days=days_ago),
        consent=True,
        **submission,
    )
    return page


def proposed_example(library, title, days_ago, decided=False):
    page = PracticeExamplePageFactory(parent=library, title=title, live=False)
    ExampleProposal.objects.create(
        page=page,
        name="Uwe Kästner",
        email="uwe@verein.example",
        consent=True,
        created_at=timezone.now() - timedelta(days=days_ago),
        decided_at=timezone.now() if decided else None,
    )
    return page


@pytest.mark.django_db
def test_submissions_panel_lists_waiting_events_and_proposals_oldest_first_with_review_links(
    admin_client, home, calendar_page
):
    library = LibraryPageFactory(parent=home)
    event = submitted_event(calendar_page, "Vereinsstammtisch in Clingen", days_ago=3)
    example = proposed_example(library, "Dorfladen als Treffpunkt", days_ago=5)
    proposed_example(library, "Schon entschieden", days_ago=9, decided=True)
    decided = submitted_event(calendar_page, "Bereits abgelehnt", days_ago=8)
    EventSubmission.objects.filter(page=decided).update(decision=Decision.REJECTED, decided_at=timezone.now())

    section = panel(dashboard(admin_client), "zur-pruefung-eingereicht")

    assert rows(section) == [
        [
            "Dorfladen als Treffpunkt",
            "Vorgeschlagenes Praxisbeispiel",
            timezone.localtime(timezone.now() - timedelta(days=5)).strftime("%d.%m.%Y, %H:%M Uhr"),
            "seit 5 Tagen",
        ],
        [
            "Vereinsstammtisch in Clingen Veranstalter: Heimatverein Clingen e. V.",
            "Gemeldete Veranstaltung",
            timezone.localtime(timezone.now() - timedelta(days=3)).strftime("%d.%m.%Y, %H:%M Uhr"),
            "seit 3 Tagen",
        ],
    ]
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[example.pk])}"' in section
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[event.pk])}"' in section
    assert "<caption" in section and '<th scope="col">Eingegangen</th>' in section


# --- Kurse in den nächsten 14 Tagen -----------------------------------------------------------


@pytest.mark.django_db
def test_course_panel_shows_runs_of_the_next_14_days_with_free_places_waiting_list_and_participants_link(
    admin_client, programme
):
    course = make_course(programme, "Kassenführung im Verein")
    full = make_run(course, "Abend in Artern", in_days(3), capacity=2)
    for number in range(3):
        service.register(full.pk, name=f"Person {number}", email=f"p{number}@verein.example")
    open_run = make_run(course, "Abend in Greußen", in_days(14), capacity=10)
    service.register(open_run.pk, name="Marie Sommer", email="marie@verein.example")
    make_run(course, "Abend in Ebeleben", in_days(15), capacity=10)
    make_run(course, "Voriger Abend", in_days(-2), capacity=10)

    section = panel(dashboard(admin_client), "kurse-naechste-14-tage")

    assert [row[:4] for row in rows(section)] == [
        [
            "Kassenführung im Verein: Abend in Artern",
            in_days(3).strftime("%d.%m.%Y") + ", 18:00 Uhr",
            "0 von 2 ausgebucht",
            "1 Person",
        ],
        [
            "Kassenführung im Verein: Abend in Greußen",
            in_days(14).strftime("%d.%m.%Y") + ", 18:00 Uhr",
            "9 von 10",
            "niemand",
        ],
    ]
    assert f'href="{reverse("qualifizierung_participants", args=[full.pk])}"' in section
    assert f'href="{reverse("qualifizierung_participants", args=[open_run.pk])}"' in section


@pytest.mark.django_db
def test_course_panel_is_hidden_from_editors_without_access_to_registrations(client, django_user_model, home):
    editor = django_user_model.objects.create_user("redakteurin", "r@kyffhaeuser.example", "geheim-genug-1")
    editor.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(editor)

    html = dashboard(client)

    assert 'id="kurse-naechste-14-tage-section"' not in html
    assert "Keine Seite ist zur Prüfung fällig." in panel(html, "pruefung-faellig")


# --- Förderfristen in den nächsten 30 Tagen ---------------------------------------------------


@pytest.mark.django_db
def test_funding_panel_lists_deadlines_of_the_next_30_days_soonest_first(admin_client, home):
    today = timezone.localdate()
    FundingProgrammePageFactory(parent=home, title="Ehrenamtspauschale", deadline=today + timedelta(days=30))
    soon = FundingProgrammePageFactory(parent=home, title="Kleinprojekte", deadline=today + timedelta(days=6))
    FundingProgrammePageFactory(parent=home, title="Zu spät", deadline=today + timedelta(days=31))
    FundingProgrammePageFactory(parent=home, title="Abgelaufen", deadline=today - timedelta(days=1))
    FundingProgrammePageFactory(parent=home, title="Ohne Frist", deadline=None)

    section = panel(dashboard(admin_client), "foerderfristen")

    assert rows(section) == [
        ["Kleinprojekte", (today + timedelta(days=6)).strftime("%d.%m.%Y"), "in 6 Tagen", "veröffentlicht"],
        [
            "Ehrenamtspauschale",
            (today + timedelta(days=30)).strftime("%d.%m.%Y"),
            "in 30 Tagen",
            "veröffentlicht",
        ],
    ]
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[soon.pk])}"' in section


# --- Prüfung fällig ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_review_panel_lists_due_pages_of_every_type_oldest_first_with_last_editor(
    admin_client, news_index, home
):
    today = timezone.localdate()
    news = NewsPageFactory(parent=news_index, title="Alte Meldung", review_date=today - timedelta(days=40))
    news.save_revision(user=admin_client.user)
    content = ContentPageFactory(parent=home, title="Vereinsrecht kompakt", review_date=today)
    funding = FundingProgrammePageFactory(
        parent=home, title="Förderrichtlinie", review_date=today - timedelta(days=2)
    )
    NewsPageFactory(parent=news_index, title="Noch nicht fällig", review_date=today + timedelta(days=1))
    NewsPageFactory(parent=news_index, title="Ohne Prüfdatum", review_date=None)

    section = panel(dashboard(admin_client), "pruefung-faellig")

    table = rows(section)
    assert [row[0] for row in table] == [
        "Alte Meldung Meldung",
        "Förderrichtlinie Förderprogramm",
        "Vereinsrecht kompakt Inhaltsseite",
    ]
    assert table[0][1] == f"{(today - timedelta(days=40)).strftime('%d.%m.%Y')} überfällig seit 40 Tagen"
    assert table[2][1] == f"{today.strftime('%d.%m.%Y')} fällig heute"
    assert table[0][2].startswith("Petra Lange, ")
    for page in (news, content, funding):
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in section


@pytest.mark.django_db
def test_review_query_is_one_union_over_all_page_types(news_index, django_assert_num_queries):
    NewsPageFactory(parent=news_index, review_date=timezone.localdate())
    with django_assert_num_queries(1) as captured:
        due = list(pages_due_for_review())
    assert len(due) == 1
    assert "UNION ALL" in captured.captured_queries[0]["sql"]


# --- Läuft bald ab ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_expiry_panel_lists_live_pages_expiring_within_14_days(admin_client, news_index):
    soon = NewsPageFactory(
        parent=news_index, title="Aufruf zur Wahl", expire_at=timezone.now() + timedelta(days=3)
    )
    NewsPageFactory(parent=news_index, title="Später", expire_at=timezone.now() + timedelta(days=20))

    section = panel(dashboard(admin_client), "laeuft-bald-ab")

    assert [(row[0], row[2]) for row in rows(section)] == [("Aufruf zur Wahl", "in 3 Tagen")]
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[soon.pk])}"' in section


# --- empty states and queries -----------------------------------------------------------------


@pytest.mark.django_db
def test_every_panel_says_so_in_german_when_it_has_nothing_to_show(admin_client, home):
    html = dashboard(admin_client)

    expected = {
        "zur-pruefung-eingereicht": "Keine Meldungen und Vorschläge warten auf eine Entscheidung.",
        "kurse-naechste-14-tage": "In den nächsten 14 Tagen beginnt kein Kurstermin.",
        "foerderfristen": "In den nächsten 30 Tagen endet keine Antragsfrist.",
        "pruefung-faellig": "Keine Seite ist zur Prüfung fällig.",
        "laeuft-bald-ab": "In den nächsten 14 Tagen läuft keine Seite ab.",
    }
    for name, text in expected.items():
        section = panel(html, name)
        assert text in section
        assert "<table" not in section


def fill_dashboard(home, calendar, course_programme, library, news_index, count, start):
    today = timezone.localdate()
    course = make_course(course_programme, f"Kurs {start}")
    for number in range(start, start + count):
        submitted_event(calendar, f"Meldung {number}", days_ago=1, email=f"m{number}@verein.example")
        proposed_example(library, f"Vorschlag {number}", days_ago=2)
        run = make_run(course, f"Termin {number}", in_days(2), capacity=1)
        service.register(run.pk, name=f"Person {number}", email=f"k{number}@verein.example")
        FundingProgrammePageFactory(parent=home, deadline=today + timedelta(days=5))
        NewsPageFactory(
            parent=news_index,
            review_date=today - timedelta(days=number + 1),
            expire_at=timezone.now() + timedelta(days=2),
        )


def render_panels(user):
    request = RequestFactory().get(DASHBOARD)
    request.user = user
    context = {"request": request}
    return {
        type(panel_).__name__: panel_.render_html(context)
        for panel_ in (
            SubmissionsPanel(),
            UpcomingRunsPanel(),
            FundingDeadlinesPanel(),
            ReviewDuePanel(),
            ExpiringSoonPanel(),
        )
    }


@pytest.mark.django_db
def test_panels_need_the_same_few_queries_for_many_items_as_for_few(
    admin_client, home, calendar_page, programme, news_index, django_assert_max_num_queries
):
    library = LibraryPageFactory(parent=home)
    user = admin_client.user
    fill_dashboard(home, calendar_page, programme, library, news_index, count=2, start=0)
    render_panels(user)  # warm up the caches of content types, sites and permissions
    admin_client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as few:
        render_panels(user)
        admin_client.get(DASHBOARD)

    fill_dashboard(home, calendar_page, programme, library, news_index, count=12, start=2)
    with django_assert_max_num_queries(12):
        html = render_panels(user)
    with CaptureQueriesContext(connection) as many:
        render_panels(user)
        admin_client.get(DASHBOARD)

    assert len(many) == len(few)
    assert html["UpcomingRunsPanel"].count("<tr>") == 1 + 14
    assert html["ReviewDuePanel"].count("<tr>") == 1 + 14
