"""The page cache (cms/operations/pagecache.py): anonymous pages come from the cache without a query, editors never
get a cached page, and every change a visitor could see (a news title, a venue, a moved or cancelled
date, a registration, a new practice example) shows at once where it appears, and only there."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from cms.models import ContactPerson, SiteConfiguration, Venue
from netzwerk.models import EventPage
from qualifizierung import services as service
from qualifizierung.models import CoursePage
from termine.models import DateException, DateRule, EventStatus
from tests.factories import (
    ContentPageFactory,
    LibraryPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    event,
    in_days,
    make_course,
    make_example,
    make_run,
    single,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The cache is off in the rest of the suite; here it is on, empty, with clocks in step."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_CLOCK_MARGIN_MS = 0
    cache.clear()
    yield
    cache.clear()


def first_of_month_after_next() -> date:
    today = timezone.localdate()
    month = today.replace(day=1) + timedelta(days=32)
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1)


@pytest.fixture
def site(home, calendar_page, programme, vocab):
    """Home page with the blocks "Nächste Termine", "Nächste Kurse" and "Praxisbeispiele"; a news item,
    an event at a venue, a course with a run of two places, the library with one example."""
    news_index = NewsIndexPageFactory(parent=home, title="Aktuelles", slug="aktuelles")
    news = NewsPageFactory(parent=news_index, title="Beirat tagt im Mai", slug="beirat-tagt")
    news.save_revision().publish()
    day = first_of_month_after_next() + timedelta(days=2)
    stammtisch = event(calendar_page, "Stammtisch der Vereine", [single(day)], venue=vocab["buergerhaus"])
    course = make_course(programme, "Vereinsrecht für Vorstände")
    run = make_run(course, "Abend in Artern", in_days(20), capacity=2)
    library = LibraryPageFactory(parent=home)
    library.save_revision().publish()
    make_example(library, "Dorffest mit allen Generationen")
    home.body = json.dumps(
        [
            {"type": "upcoming_events", "value": {"title": "Nächste Termine", "count": 5}},
            {"type": "upcoming_courses", "value": {"title": "Nächste Kurse", "count": 3}},
            {"type": "practice_examples", "value": {"title": "Praxisbeispiele", "count": 3, "order": "neu"}},
        ]
    )
    home.save_revision().publish()
    SiteConfiguration.for_site(Site.objects.get(is_default_site=True))  # created on first use otherwise
    cache.clear()
    return {
        "home": home,
        "news_index": news_index,
        "news": news,
        "calendar": calendar_page,
        "event": EventPage.objects.get(pk=stammtisch.pk),
        "day": day,
        "programme": programme,
        "course": CoursePage.objects.get(pk=course.pk),
        "run": run,
        "library": library,
    }


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def warm(client, *urls):
    """Two visits each: the first stores the page, the second proves it comes from the cache."""
    for url in urls:
        visit(client, url)
        assert visit(client, url)["X-Cache"] == "HIT", url


def month_url(calendar, day):
    return calendar.url + calendar.reverse_subpage("month", args=(day.year, day.month))


def test_the_second_anonymous_visit_comes_from_the_cache_without_a_query(
    client, site, django_assert_num_queries
):
    first = visit(client, site["news"].url)
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = client.get(site["news"].url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "Beirat tagt im Mai" in second.content.decode()


def test_a_logged_in_editor_is_never_served_a_cached_page_nor_stores_one(client, site, admin_user):
    warm(client, site["news"].url)
    editor = Client()
    editor.force_login(admin_user)
    seen_by_editor = editor.get(site["news"].url)
    assert seen_by_editor["X-Cache"] == "BYPASS"
    assert seen_by_editor.wsgi_request.user.is_authenticated
    assert editor.get(site["news"].url)["X-Cache"] == "BYPASS"
    assert visit(client, site["news"].url)["X-Cache"] == "HIT"


def test_a_published_news_title_shows_at_once_on_the_item_the_list_and_home_while_courses_stay_cached(
    client, site
):
    news, catalogue = site["news"], site["programme"].url
    warm(client, news.url, site["news_index"].url, site["home"].url, catalogue, site["course"].url)

    news.title = "Beirat tagt schon im April"
    news.save_revision().publish()

    for url in (news.url, site["news_index"].url, site["home"].url):
        response = visit(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "Beirat tagt schon im April" in response.content.decode(), url
        assert "Beirat tagt im Mai" not in response.content.decode(), url
    assert visit(client, catalogue)["X-Cache"] == "HIT"
    assert visit(client, site["course"].url)["X-Cache"] == "HIT"


def test_a_renamed_venue_shows_at_once_on_the_event_page_using_it(client, site):
    url = site["event"].url
    warm(client, url, site["course"].url)
    venue = Venue.objects.get(pk=site["event"].venue_id)
    venue.name = "Kulturhaus Artern"
    venue.save()

    content = visit(client, url).content.decode()
    assert "Kulturhaus Artern" in content
    assert "Bürgerhaus Artern" not in content


def test_a_renamed_contact_person_shows_at_once_where_a_contact_card_uses_it_and_only_there(
    client, site, django_capture_on_commit_callbacks
):
    person = ContactPerson.objects.create(name="Doreen Kaiser", role="Beratung für Vereine")
    page = ContentPageFactory(parent=site["home"], title="Beratung", slug="beratung")
    page.body = json.dumps([{"type": "contact", "value": {"contact": person.pk, "note": ""}}])
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail's reference index, after the commit
        page.save_revision().publish()
    warm(client, page.url, site["news"].url)

    person.name = "Doreen Kaiser-Wolf"
    person.save()

    response = visit(client, page.url)
    assert response["X-Cache"] == "MISS"
    assert "Doreen Kaiser-Wolf" in response.content.decode()
    assert visit(client, site["news"].url)["X-Cache"] == "HIT"


def test_a_moved_and_a_cancelled_date_show_at_once_in_the_calendar_list_month_and_home_block(client, site):
    calendar, old_day = site["calendar"], site["day"]
    new_day = old_day + timedelta(days=35)
    new_month = month_url(calendar, new_day)
    warm(client, calendar.url, month_url(calendar, old_day), new_month, site["home"].url)

    page = EventPage.objects.get(pk=site["event"].pk)
    page.date_rules = [DateRule(sort_order=0, **single(new_day))]
    page.save_revision().publish()

    for url in (calendar.url, site["home"].url):
        content = visit(client, url).content.decode()
        assert new_day.isoformat() in content, url
        assert old_day.isoformat() not in content, url
    assert page.url in visit(client, new_month).content.decode()
    assert page.url not in visit(client, month_url(calendar, old_day)).content.decode()

    warm(client, calendar.url, site["home"].url)
    page = EventPage.objects.get(pk=page.pk)
    page.date_exceptions = [DateException(sort_order=0, original_date=new_day, kind="cancel")]
    page.save_revision().publish()

    cancelled = str(EventStatus.CANCELLED.label)
    for url in (calendar.url, site["home"].url, new_month):
        response = visit(client, url)
        assert response["X-Cache"] == "MISS", url
        assert cancelled in response.content.decode(), url


def test_a_registration_lowers_the_free_places_at_once_everywhere_and_a_cancellation_raises_them(
    client, site
):
    run, course = site["run"], site["course"]
    shown_on = (run.url, course.url, site["programme"].url, site["home"].url)
    warm(client, *shown_on)
    for url in shown_on:
        assert "noch 2 Plätze" in visit(client, url).content.decode(), url

    citizen = Client()
    form_url = run.url + run.reverse_subpage("register")
    citizen.get(form_url)
    response = citizen.post(
        form_url, {"name": "Jana Pfeiffer", "email": "jana.pfeiffer@verein.example", "consent": "on"}
    )
    assert response.status_code in (200, 302)
    for url in shown_on:
        content = visit(client, url).content.decode()
        assert "noch 1 Platz" in content, url
        assert "noch 2 Plätze" not in content, url

    warm(client, *shown_on)
    registration = run.registrations.get()
    token = "ein-bekannter-token"
    type(registration).objects.filter(pk=registration.pk).update(token_hash=service.token_hash(token))
    service.cancel(run.pk, token)
    for url in shown_on:
        content = visit(client, url).content.decode()
        assert "noch 2 Plätze" in content, url
        assert "noch 1 Platz" not in content, url


def test_the_library_and_the_home_block_show_a_newly_published_example_at_once(client, site):
    warm(client, site["library"].url, site["home"].url)
    make_example(site["library"], "Repair-Café im Gemeindehaus", days_ago=0)
    for url in (site["library"].url, site["home"].url):
        response = visit(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "Repair-Café im Gemeindehaus" in response.content.decode(), url


def test_a_response_that_sets_a_cookie_is_never_stored(client, site):
    run = site["run"]
    form_url = run.url + run.reverse_subpage("register")
    for _ in range(2):
        fresh = Client()
        response = fresh.get(form_url)
        assert response.status_code == 200
        assert response.cookies, "the form sets its CSRF cookie"
        assert response["X-Cache"] == "BYPASS"


def test_a_stored_page_answers_a_conditional_request_with_304_without_rendering(
    client, site, django_assert_num_queries
):
    first = visit(client, site["news"].url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and len(etag) > 10

    with django_assert_num_queries(0):
        by_etag = client.get(site["news"].url, headers={"If-None-Match": etag})
        by_date = client.get(site["news"].url, headers={"If-Modified-Since": modified})
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag
    assert client.get(site["news"].url, headers={"If-None-Match": '"anders"'}).status_code == 200


def test_a_publication_changes_etag_and_last_modified_so_the_reader_gets_the_new_page(client, site):
    before = visit(client, site["news"].url)
    news = site["news"]
    news.title = "Beirat tagt im Juni"
    news.save_revision().publish()

    after = client.get(site["news"].url, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert "Beirat tagt im Juni" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_anonymous_pages_may_stay_briefly_in_a_proxy_while_editors_pages_are_private(
    client, site, admin_user, settings
):
    settings.PROXY_CACHE_SECONDS = 30
    anonymous = visit(client, site["news"].url)
    editor = Client()
    editor.force_login(admin_user)

    assert set(anonymous["Cache-Control"].split(", ")) == {
        "public",
        "max-age=0",
        "must-revalidate",
        "s-maxage=30",
    }
    assert "private" in editor.get(site["news"].url)["Cache-Control"]
    assert "public" not in editor.get(site["news"].url)["Cache-Control"]


def test_production_without_redis_shares_the_page_cache_through_files_without_a_query(
    client, site, settings, tmp_path, django_assert_num_queries
):
    """The README's single-server command runs several workers: the file cache is the one they share."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    assert visit(client, site["news"].url)["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        assert visit(client, site["news"].url)["X-Cache"] == "HIT"
    assert caches["default"].__class__.__name__ == "FileBasedCache"
    assert len(list(tmp_path.glob("*.djcache"))) >= 2


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("", "django.core.cache.backends.filebased.FileBasedCache"),
        ("redis://127.0.0.1:6379/5", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_production_caches_pages_with_redis_and_without_it(redis_url, backend):
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.PAGE_CACHE_SECONDS)"
    )
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "PAGE_CACHE_SECONDS"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="ehrenamt.example",
        REDIS_URL=redis_url,
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [backend, "300"], result.stderr
