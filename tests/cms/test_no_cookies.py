"""An anonymous visitor who only reads gets no cookie at all: every page type of the seeded demo, the
calendar views, feeds, sitemap, search and error pages answer without Set-Cookie.

Forms (Veranstaltung melden, Kursanmeldung, Praxisbeispiel vorschlagen) are not reading: they carry a CSRF
token and set Django's CSRF cookie when a visitor opens them; their thank-you pages are read pages again.
"""

from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from tests.browser.support import PAGE_TYPES

# Routes of routable pages that show a form (CSRF cookie) or need a personal token.
NOT_READING = {"submit", "register", "propose", "report", "manage"}


# Old addresses that answer with a permanent redirect (also without a cookie).
MOVED = {"NewsIndexPage feed": 301}


def reading_addresses():
    """(label, path, status) for everything an anonymous reader can reach on the seeded demo site."""
    addresses = [(name, path, status) for name, (path, status) in PAGE_TYPES.items()]
    seen = set()
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path").specific():
        cls = type(page)
        if cls in seen:
            continue
        seen.add(cls)
        addresses.append((cls.__name__, page.url, 200))
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_subpage_urls():
                if pattern.name in NOT_READING or pattern.pattern.converters or not str(pattern.pattern):
                    continue
                label = f"{cls.__name__} {pattern.name}"
                addresses.append((label, page.url + str(pattern.pattern), MOVED.get(label, 200)))
        if cls.__name__ == "CalendarPage":
            today = timezone.localdate()
            addresses += [
                (
                    "Kalender Monat",
                    page.url + page.reverse_subpage("month", args=[today.year, today.month]),
                    200,
                ),
                ("Kalender Tag", page.url + page.reverse_subpage("day", args=[today.isoformat()]), 200),
                ("Kalender mit Filter", page.url + "?gemeinde=artern&kostenlos=ja", 200),
                ("Kalender falscher Filter", page.url + "?seite=eins", 400),
            ]
    addresses += [
        ("Sitemap", "/sitemap.xml", 200),
        ("Suche leer", "/suche/", 200),
        ("Suche", "/suche/?q=Verein", 200),
    ]
    return addresses


def test_the_address_list_covers_every_kind_of_reading(seeded):
    labels = {label for label, _path, _status in reading_addresses()}
    expected = {
        "HomePage",
        "NewsIndexPage feed",
        "NewsIndexPage rss",
        "NewsPage",
        "CalendarPage archive",
        "CalendarPage ical",
        "CalendarPage rss",
        "Kalender Monat",
        "Kalender Tag",
        "EventPage",
        "EventPage ical",
        "CourseProgrammePage",
        "CoursePage",
        "CourseRunPage",
        "CourseRunPage ical",
        "LibraryPage",
        "PracticeExamplePage",
        "Sitemap",
        "404",
    }
    assert expected <= labels, expected - labels


def test_an_anonymous_reader_gets_no_cookie_on_any_page(client, seeded):
    answered = []
    for label, path, status in reading_addresses():
        response = client.get(path)
        assert response.status_code == status, f"{label} {path}: {response.status_code}"
        assert "Set-Cookie" not in response.headers, f"{label} {path} setzt ein Cookie"
        assert not response.cookies, f"{label} {path} setzt {list(response.cookies)}"
        answered.append(path)
    assert len(answered) >= 25
    assert not client.cookies


def test_reading_a_thank_you_page_after_no_form_sets_no_cookie(client, seeded):
    for path in ("/termine/melden/danke/", "/praxisbeispiele/vorschlagen/danke/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies, path
