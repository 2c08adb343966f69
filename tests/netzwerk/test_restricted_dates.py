"""Issue 12: a page with a view restriction (password, login, groups) never shows up in a public listing or feed."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from termine.models import Occurrence
from tests.factories import berlin, event, single

NOW = berlin(2027, 3, 10, 12)
SECRET = "Geheimtreffen"
SECRET_PLACE = "Hinterzimmer Kelbra"


def restrict(page, kind):
    if kind == "password":
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="geheim")
    elif kind == "login":
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    else:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
        restriction.groups.add(Group.objects.create(name="Vorstand"))


LISTINGS = {
    "list": "",
    "month": "monat/2027/3/",
    "day": "tag/2027-03-20/",
    "archive": "archiv/",
    "ical": "ical/",
    "rss": "rss/",
}


@pytest.fixture
def secret_event(calendar_page, vocab):
    from cms.models import Venue

    place = Venue.objects.create(name=SECRET_PLACE, town="Kelbra")
    event(calendar_page, "Offenes Treffen", [single(date(2027, 3, 20)), single(date(2027, 3, 4))])
    return event(
        calendar_page,
        SECRET,
        [single(date(2027, 3, 20)), single(date(2027, 3, 4))],
        venue=place,
        teaser="Streng vertrauliche Beschreibung.",
    )


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
@pytest.mark.parametrize("listing", list(LISTINGS))
@time_machine.travel(NOW, tick=False)
def test_restricted_event_is_absent_from_calendar_listings(
    client, calendar_page, secret_event, kind, listing
):
    url = calendar_page.url + LISTINGS[listing]
    before = client.get(url).content.decode()
    assert SECRET in before and "Offenes Treffen" in before  # the probe sees it on the base code

    restrict(secret_event, kind)
    cache.clear()
    response = client.get(url)
    body = response.content.decode()

    assert response.status_code == 200
    assert "Offenes Treffen" in body
    assert SECRET not in body
    assert "vertrauliche" not in body
    assert SECRET_PLACE not in body


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
def test_occurrences_below_a_restricted_page_are_not_live(calendar_page, secret_event, kind):
    restrict(calendar_page, kind)

    assert not Occurrence.objects.live().exists()
    assert Occurrence.objects.filter(page=secret_event).exists()
