"""Good-practice library: tree rules, facets with OR/AND logic, search, order, curation, related, JSON-LD."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.models import (
    FieldOfEngagement,
    Municipality,
    NavigationItem,
    Organisation,
    TargetGroup,
)
from home.models import HomePage
from praxisbeispiele.models import LibraryPage, PracticeExamplePage
from tests.factories import (
    ContactPersonFactory,
    LibraryPageFactory,
    make_example,
)
from tests.page_types import PageTypesTestCase, json_ld_by_type, queries_for

SPORT = "sport"
FIRE = "feuerwehr-brand-und-katastrophenschutz"
CULTURE = "kultur-und-musik"
FAMILIES = "familien"
CHILDREN = "kinder-und-jugendliche"


def make_many(library, count, start=0):
    """`count` live examples the fast way (no revisions), each with fields, groups and tags."""
    sport = FieldOfEngagement.objects.get(slug=SPORT)
    families = TargetGroup.objects.get(slug=FAMILIES)
    town = Municipality.objects.get(slug="artern")
    for number in range(start, start + count):
        page = PracticeExamplePage(
            title=f"Beispiel Nummer {number}",
            slug=f"beispiel-nummer-{number}",
            summary="Kurzfassung.",
            live=True,
            municipality=town,
            level_network=True,
            first_published_at=timezone.now() - timedelta(days=number),
        )
        page.fields_of_engagement = [sport]
        page.target_groups = [families]
        page.tags.add("Nachwuchs", f"Thema {number % 7}")
        library.add_child(instance=page)


@pytest.fixture
def library(home):
    return LibraryPageFactory(parent=home)


@pytest.fixture
def five_examples(library):
    """Five examples whose facet counts are computed by hand in the tests below."""
    return {
        "A": make_example(
            library,
            "A Sportfest",
            fields=[SPORT],
            groups=[FAMILIES],
            town="artern",
            kind="verein",
            purposes=["a"],
            tags=["Nachwuchs"],
            level_structure=True,
            days_ago=5,
        ),
        "B": make_example(
            library,
            "B Jugendfeuerwehr",
            fields=[SPORT, FIRE],
            groups=[CHILDREN],
            town="artern",
            kind="kirche",
            purposes=["b"],
            tags=["Nachwuchs", "Ferien"],
            level_network=True,
            days_ago=4,
        ),
        "C": make_example(
            library,
            "C Löschzug",
            fields=[FIRE],
            groups=[FAMILIES],
            town="ebeleben",
            kind="verein",
            tags=["Ferien"],
            level_network=True,
            days_ago=3,
        ),
        "D": make_example(
            library,
            "D Chorprojekt",
            fields=[CULTURE],
            groups=[FAMILIES, CHILDREN],
            town="greussen",
            kind="kommune",
            purposes=["e"],
            level_qualification=True,
            level_network=True,
            days_ago=2,
        ),
        "E": make_example(
            library,
            "E Laufgruppe",
            fields=[SPORT],
            town="ebeleben",
            kind="verein",
            purposes=["a", "b"],
            tags=["Nachwuchs"],
            level_structure=True,
            days_ago=1,
        ),
    }


def counts(response, param):
    facet = next(f for f in response.context["facets"] if f.param == param)
    return {value.key: value.count for value in facet.values}


def titles(response):
    return [page.title for page in response.context["examples"]]


class PracticePageTypesTest(PageTypesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.library = LibraryPageFactory(parent=cls.home)
        cls.example = make_example(
            cls.library,
            "Ferienwerkstatt in Ebeleben",
            fields=[FIRE],
            groups=[CHILDREN],
            town="ebeleben",
            kind="verein",
            purposes=["b"],
            tags=["Nachwuchs"],
            level_network=True,
            contact=ContactPersonFactory(name="Sandra Möbius"),
        )

    def test_tree_rules_keep_examples_in_the_one_library_under_the_home_page(self):
        self.assertAllowedParentPageTypes(LibraryPage, {HomePage})
        self.assertAllowedSubpageTypes(LibraryPage, {PracticeExamplePage})
        self.assertAllowedParentPageTypes(PracticeExamplePage, {LibraryPage})
        self.assertAllowedSubpageTypes(PracticeExamplePage, {})
        self.assertIn(LibraryPage, HomePage.allowed_subpage_models())
        self.assertFalse(LibraryPage.can_create_at(self.home))

    def test_both_page_types_render(self):
        self.assertPageIsRenderable(self.library)
        self.assertPageIsRenderable(self.example)
        self.assertPageIsRenderable(self.library, route_path="/vorschlagen/")

    def test_both_page_types_are_editable_in_the_admin(self):
        for page in [self.library, self.example]:
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsEditable(page, post_data=self.edit_form_data(page))

    def test_an_editor_changes_classification_and_featured_flag_in_the_admin(self):
        data = self.edit_form_data(self.example)
        data["featured"] = ["on"]
        data["fields_of_engagement"] = [str(FieldOfEngagement.objects.get(slug=SPORT).pk)]
        response = self.post_edit_form(self.example, data)
        self.assertEqual(response.status_code, 302)
        page = PracticeExamplePage.objects.get(pk=self.example.pk)
        self.assertTrue(page.featured)
        self.assertEqual([f.slug for f in page.fields_of_engagement.all()], [SPORT])

    def test_library_and_example_can_be_created_in_the_admin(self):
        self.assertCanCreateAt(LibraryPage, PracticeExamplePage)
        self.assertCanNotCreateAt(HomePage, PracticeExamplePage)


@pytest.mark.django_db
def test_several_values_in_one_facet_widen_the_result(client, library, five_examples):
    response = client.get(library.url, {"bereich": [SPORT, FIRE]})
    assert sorted(titles(response)) == ["A Sportfest", "B Jugendfeuerwehr", "C Löschzug", "E Laufgruppe"]


@pytest.mark.django_db
def test_facets_narrow_each_other_and_count_without_their_own_selection(client, library, five_examples):
    response = client.get(library.url, {"bereich": [SPORT, FIRE], "gemeinde": "artern"})
    assert sorted(titles(response)) == ["A Sportfest", "B Jugendfeuerwehr"]
    # Field counts use only the municipality filter (A, B): sport A+B, fire B; culture 0 is hidden.
    assert counts(response, "bereich") == {SPORT: 2, FIRE: 1}
    # Municipality counts use only the field filter (A, B, C, E).
    assert counts(response, "gemeinde") == {"artern": 2, "ebeleben": 2}
    # The other facets count within the full result (A, B).
    assert counts(response, "ebene") == {"1": 1, "3": 1}
    assert counts(response, "zielgruppe") == {FAMILIES: 1, CHILDREN: 1}
    assert counts(response, "organisationsart") == {"verein": 1, "kirche": 1}
    assert counts(response, "foerderzweck") == {"a": 1, "b": 1}
    assert counts(response, "schlagwort") == {"nachwuchs": 2, "ferien": 1}
    assert response.context["page_obj"].paginator.count == 2


@pytest.mark.django_db
def test_without_filters_every_value_counts_all_examples(client, library, five_examples):
    response = client.get(library.url)
    assert counts(response, "ebene") == {"1": 2, "2": 1, "3": 3}
    assert counts(response, "bereich") == {SPORT: 3, FIRE: 2, CULTURE: 1}
    assert counts(response, "gemeinde") == {"artern": 2, "ebeleben": 2, "greussen": 1}
    assert counts(response, "organisationsart") == {"verein": 3, "kirche": 1, "kommune": 1}
    assert counts(response, "foerderzweck") == {"a": 2, "b": 2, "e": 1}
    assert counts(response, "schlagwort") == {"nachwuchs": 3, "ferien": 2}


@pytest.mark.django_db
def test_a_selected_value_without_results_stays_visible_with_zero(client, library, five_examples):
    response = client.get(library.url, {"gemeinde": "artern", "bereich": CULTURE})
    assert titles(response) == []
    assert counts(response, "bereich")[CULTURE] == 0
    html = response.content.decode()
    assert "Kein Praxisbeispiel passt zu dieser Auswahl." in html


@pytest.mark.django_db
def test_the_filter_form_works_without_javascript_and_every_state_is_a_link(client, library, five_examples):
    response = client.get(library.url, {"ebene": "3", "schlagwort": "ferien"})
    html = response.content.decode()
    assert f'<form class="library__filters" method="get" action="{library.url}"' in html
    assert 'name="ebene" id="f-ebene-' in html
    assert 'value="3" checked' in html
    assert 'type="submit"' in html
    assert f'<a class="kern-link" href="{library.url}">Alle Filter zurücksetzen</a>' in html
    assert sorted(titles(response)) == ["B Jugendfeuerwehr", "C Löschzug"]
    # Removing one filter is a link to the same state without it.
    assert 'href="?schlagwort=ferien"' in html


@pytest.mark.django_db
def test_search_inside_the_library_combines_with_facets(client, library, five_examples):
    make_example(
        library, "Streuobstwiese mit Paten", summary="Familien pflanzen alte Apfelsorten.", town="artern"
    )
    make_example(
        library, "Obstbaumschnitt im Winter", summary="Die Streuobstwiese wird gepflegt.", town="greussen"
    )
    found = client.get(library.url, {"suche": "Streuobstwiese"})
    assert sorted(titles(found)) == ["Obstbaumschnitt im Winter", "Streuobstwiese mit Paten"]
    narrowed = client.get(library.url, {"suche": "Streuobstwiese", "gemeinde": "artern"})
    assert titles(narrowed) == ["Streuobstwiese mit Paten"]
    assert counts(narrowed, "gemeinde") == {"artern": 1, "greussen": 1}


@pytest.mark.django_db
def test_library_sorts_newest_first_or_alphabetically(client, library, five_examples):
    newest = client.get(library.url)
    assert titles(newest) == [
        "E Laufgruppe",
        "D Chorprojekt",
        "C Löschzug",
        "B Jugendfeuerwehr",
        "A Sportfest",
    ]
    alphabetical = client.get(library.url, {"sortierung": "az"})
    assert titles(alphabetical) == [
        "A Sportfest",
        "B Jugendfeuerwehr",
        "C Löschzug",
        "D Chorprojekt",
        "E Laufgruppe",
    ]


@pytest.mark.django_db
def test_library_paginates_and_keeps_the_filters_in_page_links(client, library, five_examples, settings):
    settings.PRAXIS_PER_PAGE = 2
    first = client.get(library.url, {"ebene": ["1", "2"]})
    assert titles(first) == ["E Laufgruppe", "D Chorprojekt"]
    second = client.get(library.url, {"ebene": ["1", "2"], "seite": 2})
    assert titles(second) == ["A Sportfest"]
    html = second.content.decode()
    assert "?ebene=1&amp;ebene=2&amp;seite=1" in html
    assert second.context["page_obj"].paginator.num_pages == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"gemeinde": "atlantis"}, 400, "Unbekannter Wert im Filter „Gemeinde“: atlantis"),
        ({"bereich": "kochen"}, 400, "Unbekannter Wert im Filter „Engagementbereich“: kochen"),
        ({"ebene": "7"}, 400, "Unbekannter Wert im Filter „Ebene des Leitbilds“: 7"),
        ({"organisationsart": "firma"}, 400, "Unbekannter Wert im Filter „Art der Organisation“: firma"),
        ({"foerderzweck": "z"}, 400, "Unbekannter Wert im Filter „Förderzweck“: z"),
        ({"schlagwort": "gibt-es-nicht"}, 400, "Unbekannter Wert im Filter „Schlagwort“: gibt-es-nicht"),
        ({"sortierung": "zufall"}, 400, "Diese Sortierung gibt es nicht."),
        ({"suche": "x" * 201}, 400, "Der Suchbegriff ist zu lang: höchstens 200 Zeichen."),
        ({"seite": "zwei"}, 400, "Die Seitenzahl muss eine ganze Zahl ab 1 sein."),
        ({"seite": "9"}, 404, "Seite 9 gibt es nicht"),
    ],
)
def test_bad_library_parameters_get_a_german_message(client, library, five_examples, params, status, message):
    response = client.get(library.url, params)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.django_db
def test_library_and_example_need_the_same_queries_for_300_examples_as_for_10(client, library):
    filtered = (
        library.url + "?bereich=sport&gemeinde=artern&schlagwort=nachwuchs&suche=Beispiel&sortierung=az"
    )
    make_many(library, 10)
    example_url = PracticeExamplePage.objects.get(slug="beispiel-nummer-3").url
    small = [queries_for(client, url, warm_ups=2) for url in (library.url, filtered, example_url)]
    make_many(library, 290, start=10)
    large = [queries_for(client, url, warm_ups=2) for url in (library.url, filtered, example_url)]
    assert large == small
    assert large[0] <= 15
    assert large[1] <= 15
    assert large[2] <= 14
    second_page = client.get(library.url, {"seite": 2})
    assert len(second_page.context["examples"]) == 12


@pytest.mark.django_db
def test_restricted_examples_are_not_listed(client, library, five_examples):
    PageViewRestriction.objects.create(page=five_examples["A"], restriction_type=PageViewRestriction.LOGIN)
    response = client.get(library.url)
    assert "A Sportfest" not in titles(response)
    assert counts(response, "ebene")["1"] == 1


@pytest.mark.django_db
def test_related_examples_are_ranked_by_what_they_share_in_one_query(library, django_assert_num_queries):
    base = make_example(
        library, "Ausgang", fields=[SPORT, FIRE], groups=[CHILDREN], town="artern", tags=["Nachwuchs"]
    )
    make_example(library, "Teilt drei", fields=[SPORT, FIRE], groups=[CHILDREN], town="greussen", days_ago=9)
    make_example(library, "Teilt zwei", fields=[SPORT], town="artern", days_ago=2)
    make_example(library, "Teilt eins", tags=["Nachwuchs"], town="ebeleben", days_ago=1)
    make_example(library, "Teilt nichts", fields=[CULTURE], town="greussen")
    base.field_list, base.target_group_list, base.tag_list  # noqa: B018 — loaded for the page anyway
    with django_assert_num_queries(1):
        related = list(base.related_examples(limit=5))
    assert [(page.title, page.score) for page in related] == [
        ("Teilt drei", 3),
        ("Teilt zwei", 2),
        ("Teilt eins", 1),
    ]


@pytest.mark.django_db
def test_example_page_shows_structure_effort_dates_and_call_to_propose(client, library):
    page = make_example(
        library,
        "Fahrdienst für Ältere",
        fields=[FIRE],
        town="artern",
        kind="verein",
        purposes=["c"],
        starting_point="Der Bus fährt selten.",
        result="60 Fahrten im Monat.",
        tips="Eine Nummer\nKilometergeld",
        effort_time="zwei Stunden pro Woche",
        effort_money=Decimal("4800.00"),
        effort_people=14,
        funding_programme="Aktiv vor Ort",
        level_network=True,
        steps=[("step", {"title": "Bedarf erhoben", "text": "Fragebogen im Amtsblatt."})],
    )
    html = client.get(page.url).content.decode()
    for text in [
        "Ausgangslage",
        "Der Bus fährt selten.",
        "Vorgehen",
        "Bedarf erhoben",
        "Ergebnis und Wirkung",
        "<li>Kilometergeld</li>",
        "4.800,00 €",
        "14 Personen",
        "Aktiv vor Ort",
        "(c) Ehrenamtliche unterstützen",
        "Veröffentlicht am",
        "Praxisbeispiel vorschlagen",
        f'href="{library.url}vorschlagen/"',
        "3 · Vernetzung und gute Praxis",
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_example_text_is_escaped_on_output(client, library):
    page = make_example(library, "Sicher", starting_point="<script>alert(1)</script> & mehr")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr" in html


@pytest.mark.django_db
def test_example_carries_article_json_ld_with_about_keywords_and_organisation_as_author(client, library):
    page = make_example(
        library, "Sprachcafé in Artern", fields=[SPORT, CULTURE], tags=["Begegnung"], town="artern"
    )
    page.organisation = Organisation.objects.create(
        name="Kirchgemeinde Artern", kind="kirche", website="https://kirche-artern.example"
    )
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    blocks = json_ld_by_type(html)
    article = blocks["Article"]
    assert article["headline"] == "Sprachcafé in Artern"
    assert article["author"] == {
        "@type": "Organization",
        "name": "Kirchgemeinde Artern",
        "url": "https://kirche-artern.example",
    }
    assert {thing["name"] for thing in article["about"]} == {"Sport", "Kultur und Musik"}
    assert article["keywords"] == ["Begegnung"]
    assert article["datePublished"] and article["dateModified"]
    assert [crumb["name"] for crumb in blocks["BreadcrumbList"]["itemListElement"]][-2:] == [
        "Praxisbeispiele",
        "Sprachcafé in Artern",
    ]


@pytest.mark.django_db
def test_saved_query_block_shows_the_chosen_examples_in_the_chosen_order(client, library, five_examples):
    library.body = [
        (
            "practice_examples",
            {
                "title": "Nachwuchs gewinnen",
                "fields_of_engagement": [
                    FieldOfEngagement.objects.get(slug=FIRE),
                    FieldOfEngagement.objects.get(slug=CULTURE),
                ],
                "count": 2,
                "order": "az",
                "show_link": True,
            },
        )
    ]
    library.save_revision().publish()
    html = client.get(library.url).content.decode()
    block = html.split('<section class="practice-examples-block"')[1].split("</section>")[0]
    assert re.findall(r'kern-link--stretched" href="[^"]+">([^<]+)<', block) == [
        "B Jugendfeuerwehr",
        "C Löschzug",
    ]
    assert f"?bereich={FIRE}&amp;bereich={CULTURE}" in block


@pytest.mark.django_db
def test_saved_query_of_featured_examples(library, five_examples):
    from praxisbeispiele.blocks import PracticeExamplesBlock

    PracticeExamplePage.objects.filter(pk__in=[five_examples["C"].pk, five_examples["A"].pk]).update(
        featured=True
    )
    block = PracticeExamplesBlock()
    value = block.to_python({"title": "Empfohlen", "featured_only": True, "count": 5, "order": "neu"})
    assert [page.title for page in value.examples()] == ["C Löschzug", "A Sportfest"]


@pytest.mark.django_db
def test_library_page_answers_with_collection_json_ld(client, library):
    blocks = json_ld_by_type(client.get(library.url).content.decode())
    assert blocks["CollectionPage"]["name"] == "Praxisbeispiele"


@pytest.mark.django_db
def test_seed_creates_the_library_in_the_navigation_and_every_example_answers_200(client, seeded):
    library = LibraryPage.objects.get()
    assert NavigationItem.objects.filter(page=library).count() == 1
    examples = PracticeExamplePage.objects.live().child_of(library)
    assert examples.count() == 12
    assert examples.filter(featured=True).count() == 4
    for page in examples:
        assert client.get(page.url).status_code == 200, page.url
    assert client.get(library.url).status_code == 200
    call_command("seed_demo", verbosity=0)
    assert PracticeExamplePage.objects.count() == 12
    assert NavigationItem.objects.filter(page=library).count() == 1


def test_every_praxis_field_an_editor_sees_has_a_german_label_and_a_help_text():
    from django.apps import apps

    page_fields = {field.name for field in Page._meta.get_fields()}
    structural = {"content_object", "tag", "page_ptr"}
    missing = []
    for model in apps.get_app_config("praxisbeispiele").get_models():
        for field in model._meta.get_fields():
            if field.auto_created or not getattr(field, "editable", False):
                continue
            if field.name in page_fields or field.name in structural:
                continue
            if str(field.verbose_name) == field.name.replace("_", " ") or not str(field.help_text).strip():
                missing.append(f"{model.__name__}.{field.name}")
    assert missing == []


@pytest.mark.django_db
def test_praxisbeispiele_has_no_missing_migrations():
    """Blocks that other apps add to the vocabulary change the library's body: then run makemigrations."""
    call_command("makemigrations", "praxisbeispiele", "--check", "--dry-run", verbosity=0)
