"""The search page loads a result list in a fixed number of queries, however many hits it shows."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NewsPageFactory, event, single


def make_hits(news_index, calendar_page, numbers, today):
    for number in numbers:
        NewsPageFactory(
            parent=news_index, title=f"Streuobstwiese Nummer {number}", teaser="Äpfel und Birnen."
        )
        event(calendar_page, f"Streuobsttag {number}", [single(today + timedelta(days=number + 1))])


def search_queries(client):
    """The queries of a search once the site's caches (site root, navigation), emptied by publishing, are
    filled again by a first request."""
    client.get("/suche/", {"q": "Streuobst"})
    client.get("/suche/", {"q": "Streuobst"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/suche/", {"q": "Streuobst"})
    return response, len(queries)


def test_search_page_needs_no_query_per_hit(client, news_index, calendar_page, frozen_today):
    make_hits(news_index, calendar_page, range(2), frozen_today)
    few, few_queries = search_queries(client)
    make_hits(news_index, calendar_page, range(2, 6), frozen_today + timedelta(days=10))
    many, many_queries = search_queries(client)

    assert len(few.context["hits"]) == 4
    assert len(many.context["hits"]) == 10
    assert all(hit.date_text for hit in many.context["hits"] if hit.kind == "Veranstaltung")
    assert many_queries == few_queries
