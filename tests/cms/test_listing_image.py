"""`{% listing_image %}`: the list cards' image tag takes prefetched renditions without another query."""

import pytest
import wagtail_factories
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from home.models import NewsPage
from tests.factories import NewsPageFactory

LISTING = engines["django"].from_string(
    '{% load cms_tags %}{% listing_image item.image "fill-640x360" class="teaser__image" loading="lazy" alt="" %}'
)
WAGTAIL = engines["django"].from_string(
    '{% load wagtailimages_tags %}{% image item.image fill-640x360 class="teaser__image" loading="lazy" alt="" %}'
)


@pytest.fixture
def news_with_images(news_index):
    for number in range(3):
        image = wagtail_factories.ImageFactory(title=f"Bild {number}")
        image.get_rendition("fill-640x360")  # exists, as after the first visitor
        NewsPageFactory(parent=news_index, title=f"Meldung {number}", image=image)
    return list(NewsPage.objects.for_listing())


@pytest.mark.django_db
def test_listing_image_renders_the_same_tag_as_wagtails_image_tag(news_with_images):
    for item in news_with_images:
        assert LISTING.render({"item": item}) == WAGTAIL.render({"item": item})


@pytest.mark.django_db
def test_listing_image_needs_no_query_and_no_cache_write_with_prefetched_renditions(
    news_with_images, monkeypatch
):
    writes = []
    backend = get_image_model().get_rendition_model().cache_backend
    monkeypatch.setattr(backend, "set", lambda *args, **kwargs: writes.append(args[0]))

    with CaptureQueriesContext(connection) as captured:
        html = [LISTING.render({"item": item}) for item in news_with_images]

    assert len(captured) == 0
    assert writes == []
    renditions = [item.image.renditions.get(filter_spec="fill-640x360") for item in news_with_images]
    assert [
        f'src="{rendition.url}"' in tag and 'loading="lazy"' in tag
        for rendition, tag in zip(renditions, html, strict=True)
    ] == [True] * 3


@pytest.mark.django_db
def test_listing_image_creates_a_missing_rendition(news_index):
    image = wagtail_factories.ImageFactory(title="Neu")
    NewsPageFactory(parent=news_index, title="Meldung mit neuem Bild", image=image)
    item = NewsPage.objects.for_listing().get()

    html = LISTING.render({"item": item})

    rendition = image.renditions.get(filter_spec="fill-640x360")
    assert f'src="{rendition.url}"' in html


@pytest.mark.django_db
def test_listing_image_renders_nothing_without_an_image(news_index):
    NewsPageFactory(parent=news_index, title="Meldung ohne Bild", image=None)
    item = NewsPage.objects.for_listing().get()

    assert LISTING.render({"item": item}) == ""
