"""A page with a view restriction (password, login, group; on itself or on an ancestor) is absent from every
public listing, feed, block, search result and sitemap entry, and so are its dates."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import NewsPage
from netzwerk.models import EventPage
from praxisbeispiele.models import PracticeExamplePage
from qualifizierung.models import CourseRunPage
from termine.models import Occurrence

pytestmark = pytest.mark.django_db


def restrict(page, kind):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="geheim" if kind == PageViewRestriction.PASSWORD else ""
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Nur Beirat")[0])


def rename(page, title):
    """A title no other page has, so that its absence from a response means something."""
    page.title = page.draft_title = title
    page.save(update_fields=["title", "draft_title"])
    return page


def local_day(moment):
    return timezone.localtime(moment).date()


@pytest.fixture
def hidden(demo, db):
    """One upcoming and one past event, a course run, a practice example and a news item, each renamed (in the
    test's own transaction on top of the module's demo site, so every test starts from the same content)."""
    now = timezone.now()
    upcoming = Occurrence.objects.upcoming(now).filter(page__in=EventPage.objects.live()).first()
    past = (
        Occurrence.objects.past(now)
        .filter(page__in=EventPage.objects.live())
        .exclude(page=upcoming.page)
        .first()
    )
    run = CourseRunPage.objects.for_listing().filter(first_start__gt=now).order_by_start().first()
    return {
        "event": rename(upcoming.page.specific, "Verborgener Termin Alpha"),
        "event_day": local_day(upcoming.start),
        "past_event": rename(past.page.specific, "Verborgener Termin Beta"),
        "run": rename(run, "Verborgener Kurstermin Gamma"),
        "example": rename(PracticeExamplePage.objects.live().first(), "Verborgenes Beispiel Delta"),
        "news": rename(NewsPage.objects.live().order_by("-date").first(), "Verborgene Meldung Epsilon"),
    }


def listings(hidden):
    """(address, what must not appear there) for every public place that lists these pages."""
    event, run, example, news = hidden["event"], hidden["run"], hidden["example"], hidden["news"]
    calendar = event.get_parent().url
    day = hidden["event_day"]
    course = run.get_parent().specific
    return [
        (calendar, [event.title]),
        (f"{calendar}monat/{day.year}/{day.month}/", [event.title]),
        (f"{calendar}tag/{day.isoformat()}/", [event.title]),
        (f"{calendar}archiv/", [hidden["past_event"].title]),
        (f"{calendar}ical/", [event.title, "Verborgener Termin"]),
        (f"{calendar}rss/", [event.title, event.url]),
        (course.get_parent().url, [run.title, run.url]),
        (course.url, [run.title, run.url]),
        (example.get_parent().url, [example.title, example.url]),
        (news.get_parent().url, [news.title, news.url]),
        (f"{news.get_parent().url}rss/", [news.title, news.url]),
        ("/", [event.title, run.title, example.title, news.title]),
        ("/sitemap.xml", [event.url, run.url, example.url, news.url]),
        # the search page repeats the query, so only the hit's address counts there
        (f"/suche/?q={event.title}", [event.url]),
        (f"/suche/?q={news.title}", [news.url]),
        (f"/suche/?q={example.title}", [example.url]),
    ]


def leaks(client, hidden):
    found = []
    for address, secrets in listings(hidden):
        response = client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        found += [(address, secret) for secret in secrets if secret in body]
    return found


def test_the_probe_sees_every_page_while_nothing_is_restricted(client, hidden):
    """The check below can fail: without restrictions each page shows up where it is looked for."""
    expected = {address for address, _secrets in listings(hidden)} - {
        "/suche/?q=Verborgener Kurstermin Gamma"
    }
    assert {address for address, _secret in leaks(client, hidden)} == expected


@pytest.mark.parametrize(
    "kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
)
def test_restricted_pages_are_absent_from_every_listing_feed_block_search_and_sitemap(client, hidden, kind):
    for name in ("event", "past_event", "run", "example", "news"):
        restrict(hidden[name], kind)
    assert leaks(client, hidden) == []


def test_a_restriction_on_an_ancestor_hides_the_pages_below_it(client, hidden):
    run = hidden["run"]
    restrict(run.get_parent(), PageViewRestriction.PASSWORD)
    course = run.get_parent().specific
    for address in (course.get_parent().url, "/", "/sitemap.xml"):
        body = client.get(address).content.decode()
        assert run.title not in body and run.url not in body, address


def test_a_restriction_added_later_takes_the_page_out_of_cached_lists_at_once(client, hidden, settings):
    settings.PAGE_CACHE_SECONDS = 300
    event = hidden["event"]
    calendar = event.get_parent().url
    assert event.title in client.get(calendar).content.decode()
    assert event.title in client.get(f"{calendar}ical/").content.decode()
    restrict(event, PageViewRestriction.LOGIN)
    assert event.title not in client.get(calendar).content.decode()
    assert event.title not in client.get(f"{calendar}ical/").content.decode()


def test_a_restricted_date_a_week_ahead_is_not_in_the_calendar_feed_of_that_range(client, hidden):
    event = hidden["event"]
    restrict(event, PageViewRestriction.PASSWORD)
    day = hidden["event_day"]
    params = f"?von={day.isoformat()}&bis={(day + timedelta(days=7)).isoformat()}"
    body = client.get(f"{event.get_parent().url}ical/{params}").content.decode()
    assert event.title not in body
