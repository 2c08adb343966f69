"""The two RSS feeds share one address pattern (``…/rss/``) and carry each item's teaser image."""

import xml.etree.ElementTree as ET

import pytest
import wagtail_factories

from tests.factories import NewsPageFactory, event, in_days, single


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel").findall("item")


def test_news_and_calendar_feeds_answer_under_the_same_pattern(client, news_index, calendar_page):
    NewsPageFactory(parent=news_index, title="Neue Förderrichtlinie")
    event(calendar_page, "Vereinsstammtisch in Greußen", [single(in_days(5))])
    news = rss_items(client.get(news_index.url + "rss/"))
    dates = rss_items(client.get(calendar_page.url + "rss/"))
    assert [item.findtext("title") for item in news] == ["Neue Förderrichtlinie"]
    assert dates[0].findtext("title").startswith("Vereinsstammtisch in Greußen")


def test_the_old_news_feed_address_redirects_for_good_with_its_query(client, news_index):
    response = client.get(news_index.url + "feed/?utm_source=amtsblatt")
    assert response.status_code == 301
    assert response["Location"] == news_index.url + "rss/?utm_source=amtsblatt"


def test_the_news_index_links_the_feed_under_its_new_address(client, news_index):
    html = client.get(news_index.url).content.decode()
    assert f'href="{news_index.url}rss/"' in html
    assert f'href="{news_index.url}feed/"' not in html


def enclosure_of(item):
    enclosure = item.find("enclosure")
    assert enclosure is not None, ET.tostring(item, encoding="unicode")
    return enclosure.attrib


@pytest.mark.django_db
def test_a_news_item_with_image_carries_it_as_enclosure(client, news_index):
    image = wagtail_factories.ImageFactory(title="Ehrenamtsfest")
    NewsPageFactory(parent=news_index, title="Mit Bild", image=image, image_alt="Blaskapelle auf dem Markt")
    NewsPageFactory(parent=news_index, title="Ohne Bild")
    items = {item.findtext("title"): item for item in rss_items(client.get(news_index.url + "rss/"))}
    attributes = enclosure_of(items["Mit Bild"])
    assert attributes["url"].startswith("http://testserver/")
    assert attributes["type"] == "image/jpeg" or attributes["type"].startswith("image/")
    assert int(attributes["length"]) > 0
    assert client.get(attributes["url"].removeprefix("http://testserver")).status_code in (200, 302)
    assert items["Ohne Bild"].find("enclosure") is None


def test_an_event_with_image_carries_it_in_the_calendar_feed(client, calendar_page):
    image = wagtail_factories.ImageFactory(title="Apfelfest")
    event(
        calendar_page, "Apfelfest in Clingen", [single(in_days(5))], image=image, image_alt="Äpfel in Körben"
    )
    event(calendar_page, "Stammtisch ohne Bild", [single(in_days(6))])
    items = rss_items(client.get(calendar_page.url + "rss/"))
    with_image = next(item for item in items if item.findtext("title").startswith("Apfelfest"))
    without = next(item for item in items if item.findtext("title").startswith("Stammtisch"))
    assert enclosure_of(with_image)["url"].startswith("http://testserver/")
    assert without.find("enclosure") is None
