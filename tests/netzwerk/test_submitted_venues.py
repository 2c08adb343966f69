"""A venue typed into "Veranstaltung melden" is not offered to other visitors before an editor publishes the
event: it never appears in the form's list of places, and publishing the event reviews it."""

import pytest

from cms.models import Venue
from netzwerk.models import EventPage
from tests.netzwerk.test_submissions import submission_data, submit

pytestmark = pytest.mark.django_db

TYPED = "Spam-Scheune Hintertupfingen, Am Acker 1, 99999 Nirgendwo"


def offered_venues(client, calendar_page) -> str:
    return client.get(calendar_page.url + "melden/").content.decode()


def test_a_typed_venue_is_not_in_the_list_of_places_before_review(client, calendar_page):
    assert submit(client, calendar_page, submission_data(venue_text=TYPED)).status_code == 302

    venue = Venue.objects.get(name="Spam-Scheune Hintertupfingen")
    assert venue.reviewed is False
    assert "Spam-Scheune" not in offered_venues(client, calendar_page)
    assert venue not in Venue.objects.filter(reviewed=True)


def test_publishing_the_event_reviews_its_venue_and_the_list_offers_it(client, calendar_page):
    submit(client, calendar_page, submission_data(venue_text=TYPED))
    page = EventPage.objects.get(venue__name="Spam-Scheune Hintertupfingen")

    page.save_revision().publish()

    assert Venue.objects.get(pk=page.venue_id).reviewed is True
    assert "Spam-Scheune Hintertupfingen" in offered_venues(client, calendar_page)


def test_venues_the_editors_keep_stay_in_the_list(client, calendar_page):
    Venue.objects.create(name="Bürgerhaus Ebeleben", town="Ebeleben")
    assert "Bürgerhaus Ebeleben" in offered_venues(client, calendar_page)
