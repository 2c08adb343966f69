"""Texts a citizen or an editor reads: places on a run page, run links, course headings, the admin's words."""

import re

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from qualifizierung.models import Registration, RegistrationStatus
from tests.factories import event, in_days, make_course, make_run, single


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def course(programme):
    return make_course(
        programme,
        "Kassenführung im Verein",
        content=[
            ("heading", {"text": "Ablauf", "level": "h2"}),
            ("paragraph", "<p>Vorträge und Übungen.</p>"),
        ],
    )


def test_run_page_says_free_places_and_total_in_one_readable_sentence(client, course):
    run = make_run(course, "Abend in Clingen", in_days(10), capacity=14)
    for number in range(4):
        Registration.objects.create(
            run=run,
            name=f"Anna Muster{number}",
            email=f"anna{number}@example.org",
            status=RegistrationStatus.REGISTERED,
            token_hash=f"hash-{number}",
        )
    page = soup(client.get(run.url))
    places = squeeze(page.find(id="places-heading").find_next("p").get_text(" "))
    assert places == "noch 10 Plätze Insgesamt 14 Plätze."
    assert "Plätze 14 Plätze" not in places


def test_run_link_on_the_course_page_is_one_line_without_a_stray_comma(client, course):
    make_run(course, "Abend in Clingen", in_days(10))
    page = soup(client.get(course.url))
    link = page.select_one(".course__runs .course-run__when a")
    # KERN draws .kern-link as a flex box: every direct child (text included) would become its own column.
    children = [child for child in link.children if not (isinstance(child, str) and not child.strip())]
    assert len(children) == 1
    assert children[0].name == "span"
    assert squeeze(children[0].get_text()).endswith(", Abend in Clingen")


def test_course_content_starting_with_a_heading_gets_no_empty_heading_inhalte_above_it(client, course):
    page = soup(client.get(course.url))
    headings = [squeeze(h.get_text()) for h in page.find("article").find_all(["h2", "h3"])]
    assert "Ablauf" in headings
    assert "Inhalte" not in headings


def test_course_content_without_own_heading_is_introduced_by_inhalte(client, programme):
    course = make_course(programme, "Datenschutz im Verein", content=[("paragraph", "<p>Was gilt?</p>")])
    page = soup(client.get(course.url))
    headings = [squeeze(h.get_text()) for h in page.find("article").find_all("h2")]
    assert headings.index("Inhalte") == headings.index("Ziele") + 1


def test_help_texts_call_snippets_schnipsel_as_the_admin_menu_does():
    offenders = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.split(".")[0] in {"cms", "home", "netzwerk", "qualifizierung", "praxisbeispiele"}
        for field in model._meta.get_fields()
        if "Snippet" in str(getattr(field, "help_text", ""))
    ]
    assert offenders == []


@pytest.mark.parametrize("label", ["home.NewsPage", "netzwerk.EventPage"])
def test_image_help_text_points_to_the_alt_text_field_beside_it(label):
    model = apps.get_model(label)
    image_help = str(model._meta.get_field("image").help_text)
    assert "beim Bild gepflegt" not in image_help
    assert f"„{model._meta.get_field('image_alt').verbose_name}“" in image_help


def test_the_category_filter_offers_kurs_and_shows_only_the_course_runs(client, calendar_page, course):
    make_run(course, "Abend in Clingen", in_days(10))
    event(calendar_page, "Stammtisch in Artern", [single(in_days(11))])
    page = soup(client.get(calendar_page.url))
    options = {
        option["value"]: squeeze(option.get_text()) for option in page.select("select[name=kategorie] option")
    }
    assert options["kurse"] == "Kurs"
    listing = client.get(calendar_page.url, {"kategorie": "kurse"}).content.decode()
    assert "Kassenführung im Verein" in listing
    assert "Stammtisch in Artern" not in listing
    chosen = soup(client.get(calendar_page.url, {"kategorie": "kurse"})).select_one("option[value=kurse]")
    assert chosen.has_attr("selected")
    feed = client.get(calendar_page.url + "rss/", {"kategorie": "kurse"}).content.decode()
    assert "Kassenführung im Verein" in feed
    assert "Stammtisch in Artern" not in feed
