"""Page types of level 1: tree rules, rendering, editability, news, funding, the Beirat."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from barrierefreiheit.models import AccessibilityStatementPage, EasyLanguagePage, SignLanguagePage
from cms.models import ContactPerson, FundingPurpose
from home.models import BeiratPage, ContentPage, FundingProgrammePage, HomePage, NewsIndexPage, NewsPage
from netzwerk.models import CalendarPage
from praxisbeispiele.models import LibraryPage
from qualifizierung.models import CourseProgrammePage
from tests.factories import (
    BeiratPageFactory,
    ContactPersonFactory,
    ContentPageFactory,
    FundingProgrammePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.page_types import CHANGED_TEXT, PageTypesTestCase, json_ld_blocks, json_ld_by_type, queries_for


class PageTypesTest(PageTypesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.content = ContentPageFactory(parent=cls.home, title="Kontakt", slug="kontakt")
        cls.news_index = NewsIndexPageFactory(parent=cls.home)
        cls.news = NewsPageFactory(parent=cls.news_index, title="Neue Ehrenamtscards in Artern")
        cls.beirat = BeiratPageFactory(parent=cls.home)
        cls.funding = FundingProgrammePageFactory(parent=cls.home, title="Ehrenamtsförderung")

    def test_tree_rules_keep_news_under_the_news_index(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, {})

    def test_tree_rules_of_home_and_content_pages(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ContentPage,
                NewsIndexPage,
                BeiratPage,
                FundingProgrammePage,
                CalendarPage,
                LibraryPage,
                CourseProgrammePage,
                AccessibilityStatementPage,
                EasyLanguagePage,
                SignLanguagePage,
            },
        )
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage, BeiratPage, FundingProgrammePage})
        self.assertAllowedParentPageTypes(FundingProgrammePage, {HomePage, ContentPage})
        self.assertAllowedParentPageTypes(BeiratPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(FundingProgrammePage, {})

    def test_singletons_cannot_be_created_twice(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(NewsIndexPage.can_create_at(self.home))
        self.assertFalse(BeiratPage.can_create_at(self.home))
        self.assertTrue(ContentPage.can_create_at(self.home))

    def test_every_page_type_renders(self):
        for page in [self.home, self.content, self.news_index, self.news, self.beirat, self.funding]:
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)

    def test_every_page_type_is_editable_in_the_admin(self):
        for page in [self.home, self.content, self.news_index, self.news, self.beirat, self.funding]:
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsEditable(page, post_data=self.edit_form_data(page))

    def test_an_editor_publishes_a_news_change_through_the_admin_form(self):
        data = self.edit_form_data(self.news)
        data["title"] = ["Zwölf neue Ehrenamtscards in Artern"]
        response = self.post_edit_form(self.news, data)
        self.assertEqual(response.status_code, 302)
        self.news.refresh_from_db()
        self.assertEqual(self.news.title, "Zwölf neue Ehrenamtscards in Artern")
        self.assertIn(CHANGED_TEXT, str(self.news.body))

    def test_every_page_type_can_be_created_in_the_admin(self):
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanCreateAt(ContentPage, FundingProgrammePage)


@pytest.mark.django_db
def test_news_index_lists_newest_first_with_tag_filter(client, news_index):
    NewsPageFactory(parent=news_index, title="Ältere Meldung", date=date(2026, 1, 5))
    newest = NewsPageFactory(parent=news_index, title="Neueste Meldung", date=date(2026, 11, 20))
    newest.tags.add("Förderung")
    newest.save_revision().publish()
    response = client.get(news_index.url)
    assert [n.title for n in response.context["news"]] == ["Neueste Meldung", "Ältere Meldung"]
    filtered = client.get(news_index.url, {"schlagwort": "förderung"})
    assert [n.title for n in filtered.context["news"]] == ["Neueste Meldung"]


def _make_news(news_index, count, start=0):
    for number in range(start, start + count):
        page = NewsPageFactory(parent=news_index, title=f"Meldung Nummer {number}", date=date(2026, 1, 1))
        page.tags.add("Sport", f"Thema {number}")
        page.save_revision().publish()


@pytest.mark.django_db
def test_news_index_and_home_need_no_more_queries_for_100_articles_than_for_10(client, home, news_index):
    from django.core.cache import cache

    _make_news(news_index, 10)
    client.get(news_index.url)
    cache.clear()
    client.get(news_index.url)  # warm Site root paths
    index_10 = queries_for(client, news_index.url)
    home_10 = queries_for(client, home.url)
    _make_news(news_index, 90, start=10)
    index_100 = queries_for(client, news_index.url)
    home_100 = queries_for(client, home.url)
    assert index_100 <= index_10
    assert home_100 <= home_10
    assert index_100 <= 12
    assert home_100 <= 12


@pytest.mark.django_db
def test_news_index_paginates_and_rejects_bad_page_numbers_in_german(client, news_index, settings):
    settings.NEWS_PER_PAGE = 3
    _make_news(news_index, 7)
    second = client.get(news_index.url, {"seite": 2})
    assert len(second.context["news"]) == 3
    assert 'rel="next"' in second.content.decode()
    bad = client.get(news_index.url, {"seite": "zwei"})
    assert bad.status_code == 400
    assert "Die Seitenzahl muss eine ganze Zahl ab 1 sein." in bad.content.decode()
    beyond = client.get(news_index.url, {"seite": 99})
    assert beyond.status_code == 404
    assert "Seite 99 gibt es nicht; es gibt 3 Seiten." in beyond.content.decode()


@pytest.mark.django_db
def test_news_feed_is_valid_rss_with_newest_items(client, news_index):
    NewsPageFactory(parent=news_index, title="Vereinsstammtisch in Greußen", teaser="Vorstände trafen sich.")
    response = client.get(news_index.url + "rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "de"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Vereinsstammtisch in Greußen"]
    assert items[0].findtext("description") == "Vorstände trafen sich."
    index_html = client.get(news_index.url).content.decode()
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="RSS-Feed: Aktuelles" href="{news_index.url}rss/"'
        in (index_html)
    )


@pytest.mark.django_db
def test_news_page_carries_news_article_and_breadcrumb_json_ld(client, news_index):
    news = NewsPageFactory(parent=news_index, title="Ehrenamtspreis verliehen", date=date(2026, 11, 2))
    news.tags.add("Anerkennung")
    news.save_revision().publish()
    html = client.get(news.url).content.decode()
    blocks = json_ld_by_type(html)
    article = blocks["NewsArticle"]
    assert article["headline"] == "Ehrenamtspreis verliehen"
    assert article["datePublished"] == "2026-11-02"
    assert article["keywords"] == ["Anerkennung"]
    crumbs = blocks["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == [
        "Ehrenamt im Kyffhäuserkreis",
        "Aktuelles",
        "Ehrenamtspreis verliehen",
    ]


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of_by_content(client, news_index):
    news = NewsPageFactory(parent=news_index, title="</script><script>alert(1)</script>")
    html = client.get(news.url).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld_blocks(html)[0]["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_funding_page_shows_days_left_purposes_results_and_contact(client, home):
    contact = ContactPersonFactory(name="Tobias Reinhardt", email="foerderung@kyffhaeuser.example")
    funding = FundingProgrammePageFactory(
        parent=home,
        title="Ehrenamtsförderung",
        deadline=timezone.localdate() + timedelta(days=12),
        contact=contact,
        results=[
            {
                "year": 2026,
                "applications": 107,
                "total_amount": 31000,
                "recipients": 89,
                "note": "83 Vereine und 6 Gemeinden",
            }
        ],
    )
    funding.purposes.set(FundingPurpose.objects.filter(code__in=["a", "e"]))
    funding.save_revision().publish()
    html = client.get(funding.url).content.decode()
    assert "Frist endet in 12 Tagen" in html
    assert "(a) Veranstaltungen, die Ehrenamtliche öffentlich würdigen" in html
    assert "(e) Aus-, Fort- und Weiterbildung" in html
    assert "(b)" not in html
    assert "31.000,00 €" in html
    assert "83 Vereine und 6 Gemeinden" in html
    assert "foerderung@kyffhaeuser.example" in html


@pytest.mark.parametrize(
    ("offset", "notice"),
    [
        (0, "Frist endet heute"),
        (1, "Frist endet morgen"),
        (30, "Frist endet in 30 Tagen"),
        (-1, "Die Antragsfrist ist abgelaufen."),
    ],
)
def test_deadline_notice_counts_days_until_the_deadline(offset, notice):
    page = FundingProgrammePage(deadline=timezone.localdate() + timedelta(days=offset))
    assert page.deadline_notice == notice


def test_funding_purposes_a_to_g_exist_after_migration(db):
    assert list(FundingPurpose.objects.values_list("code", flat=True)) == list("abcdefg")


@pytest.mark.django_db
def test_beirat_page_lists_members_in_order_and_the_agency_contacts(client, home):
    beirat = BeiratPageFactory(
        parent=home,
        members=[
            {"name": "Dr. Annett Hoffmeister", "role": "Vorsitzende", "organisation": "Kreissportbund"},
            {"name": "Jens Kaufhold", "role": "Mitglied", "organisation": "Heimatverein"},
        ],
    )
    contact = ContactPerson.objects.create(
        name="Katrin Wendler", phone="03632 741-512", email="agentur@kyffhaeuser.example"
    )
    beirat.contacts.set([contact])
    beirat.save_revision().publish()
    html = client.get(beirat.url).content.decode()
    assert html.index("Dr. Annett Hoffmeister") < html.index("Jens Kaufhold")
    assert "Vorsitzende" in html and "Kreissportbund" in html
    assert 'href="tel:+493632741512"' in html
    assert "agentur@kyffhaeuser.example" in html
