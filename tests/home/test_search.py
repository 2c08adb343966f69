"""The site search: German word forms, the type filter, what a hit shows, „Meinten Sie …?“ and bad input, on
the seeded demo site (the query count is in test_search_queries.py, on a site of its own)."""

import pytest
from wagtail.models import Page, Site

from cms.content.search import index_forms, query_forms
from home import search

# --- the word forms (no database) ---------------------------------------------------------------------


def test_kurs_is_found_in_kurse_kurses_and_the_compound_kursprogramm():
    assert query_forms("Kurs") == ["kurs"]
    for text in ("Kurs", "Kurse", "Kursen", "Kurses", "Kursprogramm", "Abendkurs"):
        assert "kurs" in index_forms(text), text


def test_foerderung_is_found_in_plurals_and_in_ehrenamtsfoerderung():
    (form,) = query_forms("Förderung")
    for text in ("Förderung", "Förderungen", "Ehrenamtsförderung", "FÖRDERUNG"):
        assert form in index_forms(text), text


def test_linking_s_and_genitive_s_come_off_compound_parts():
    assert set(query_forms("Verein Beirat")) <= set(index_forms("Vereinsrecht des Ehrenamtsbeirats"))


def test_umlauts_and_sharp_s_match_their_plain_spellings():
    assert query_forms("Greußen") == query_forms("Greussen") == query_forms("GREUSSEN")
    assert query_forms("Anträge") == query_forms("Antrag")


def test_stop_words_leave_the_words_that_tell_pages_apart():
    forms = query_forms("Kurse in Artern für Vorstände")
    assert forms == query_forms("Kurs Artern Vorstand")
    assert len(forms) == 3


def test_a_query_of_punctuation_and_stop_words_asks_for_nothing():
    assert query_forms("\"'*:() - und oder") == []


# --- the demo site --------------------------------------------------------------------------------------


def found_titles(query, key=""):
    site = Site.objects.get(is_default_site=True)
    ids = search.find(site, query, search.search_type(key))
    titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [titles[pk] for pk in ids]


def found_kinds(query, key=""):
    site = Site.objects.get(is_default_site=True)
    return {
        type(page)._meta.verbose_name
        for page in search.load(search.find(site, query, search.search_type(key)))
    }


def test_type_filter_offers_every_public_kind_of_content(web):
    response = web.get("/suche/", {"q": "Verein"})
    assert [label for _key, label in response.context["types"]] == [
        "Meldungen",
        "Termine",
        "Kurse",
        "Praxisbeispiele",
        "Förderprogramme",
        "Seiten",
    ]


def test_kurs_finds_every_course_and_the_course_programme(web):
    from qualifizierung.models import CoursePage

    titles = set(found_titles("Kurs", "kurs"))
    assert set(CoursePage.objects.live().values_list("title", flat=True)) <= titles
    assert "Kursprogramm" in titles


@pytest.mark.parametrize(
    ("key", "kinds"),
    [
        ("kurs", {"Kurs", "Kurstermin", "Kursprogramm"}),
        ("termin", {"Veranstaltung", "Kalender"}),
        ("meldung", {"Meldung", "Meldungsübersicht"}),
        ("praxisbeispiel", {"Praxisbeispiel", "Sammlung der Praxisbeispiele"}),
        ("foerderung", {"Förderprogramm"}),
    ],
)
def test_type_filter_keeps_only_its_kinds(web, key, kinds):
    found = found_kinds("Verein Kyffhäuserkreis", key)
    assert found and found <= kinds


def test_type_filter_seiten_keeps_the_pages_no_other_choice_names(web):
    found = found_kinds("Ehrenamt", "seite")
    assert {"Inhaltsseite", "Seite des Beirats"} <= found
    assert not found & {"Meldung", "Veranstaltung", "Kurs", "Kurstermin", "Praxisbeispiel", "Förderprogramm"}


def test_the_old_beirat_filter_address_shows_the_seiten(web):
    response = web.get("/suche/", {"q": "Beirat", "typ": "beirat"})
    assert response.status_code == 200
    assert response.context["type_key"] == "seite"
    assert "Der Ehrenamtsbeirat" in [hit.page.title for hit in response.context["hits"]]


def test_foerderung_finds_the_news_tagged_foerderung(web):
    from home.models import NewsPage

    tagged = set(NewsPage.objects.filter(tags__name="Förderung").values_list("title", flat=True))
    assert "Heimatverein Clingen rettet historische Dorfschule" in tagged
    assert tagged <= set(found_titles("Förderung"))


def test_event_hits_show_the_next_date_and_the_place(web):
    from netzwerk.models import EventPage

    page = EventPage.objects.get(title="Vereinsstammtisch in Sondershausen")
    response = web.get("/suche/", {"q": "Vereinsstammtisch Sondershausen", "typ": "termin"})
    hit = next(hit for hit in response.context["hits"] if hit.page.pk == page.pk)
    assert hit.date_text == page.next_occurrence().date_text
    assert hit.place_text == page.place_text
    assert "Sondershausen" in hit.place_text
    assert hit.date_text in response.content.decode()
    assert hit.place_text in response.content.decode()


def test_course_run_hits_name_their_course_and_show_date_and_place(web):
    from qualifizierung.models import CourseRunPage

    # The seed names runs after the month they start in: found by course and town, not by a dated slug.
    run = CourseRunPage.objects.get(
        course__slug="vereinsrecht-fuer-vorstaende", slug__endswith="-sondershausen"
    )
    response = web.get("/suche/", {"q": "Vereinsrecht Sondershausen", "typ": "kurs"})
    hit = next(hit for hit in response.context["hits"] if hit.page.pk == run.pk)
    assert hit.title == f"Vereinsrecht für Vorstände: {run.title}"
    first = run.occurrences.upcoming().first() or run.occurrences.order_by("-start").first()
    assert hit.date_text == first.date_text
    assert hit.place_text == run.place_text != ""
    assert hit.title in response.content.decode()


def test_practice_example_hits_show_their_summary(web):
    from praxisbeispiele.models import PracticeExamplePage

    example = PracticeExamplePage.objects.get(title="Dorfladen als Treffpunkt in Clingen")
    response = web.get("/suche/", {"q": "Dorfladen"})
    (hit,) = [hit for hit in response.context["hits"] if hit.page.pk == example.pk]
    first_words = " ".join(example.summary.split()[:8])
    assert hit.summary.startswith(first_words)
    assert first_words in response.content.decode()


def test_a_misspelt_query_gets_a_suggestion_that_finds_something(web):
    response = web.get("/suche/", {"q": "Fördrung"})
    assert response.status_code == 200
    assert response.context["results"].paginator.count == 0
    assert response.context["suggestion"] == "Förderung"
    body = response.content.decode()
    assert "Meinten Sie" in body
    assert "?q=F%C3%B6rderung" in body


def test_a_suggestion_keeps_the_correct_words_and_the_type_filter(web):
    response = web.get("/suche/", {"q": "Kurs Sonderhausen", "typ": "kurs"})
    assert response.context["suggestion"] == "Kurs Sondershausen"
    assert "typ=kurs" in response.content.decode()


def test_gibberish_gets_no_suggestion(web):
    response = web.get("/suche/", {"q": "Qwxzvbk"})
    assert response.context["results"].paginator.count == 0
    assert response.context["suggestion"] == ""
    assert "Meinten Sie" not in response.content.decode()


@pytest.mark.parametrize(
    "query", ['"Kurs* AND (NEAR', "Kurs'; DROP TABLE", "%%% ***", "^", "ä" * 200, "Kurs\\"]
)
def test_odd_characters_answer_200_in_german(web, query):
    response = web.get("/suche/", {"q": query})
    assert response.status_code == 200
    assert "Treffer für" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"q": "x" * 201}, 400, "Der Suchbegriff ist zu lang"),
        ({"q": "Verein", "seite": "abc"}, 400, "Die Seitenzahl muss eine ganze Zahl ab 1 sein."),
        ({"q": "Verein", "seite": "999"}, 404, "Seite 999 gibt es nicht"),
        ({"q": "Verein", "typ": "unbekannt"}, 400, "Diesen Seitentyp gibt es in der Suche nicht."),
    ],
)
def test_bad_input_answers_a_clear_german_4xx(web, params, status, message):
    response = web.get("/suche/", params)
    assert response.status_code == status
    assert message in response.content.decode()
