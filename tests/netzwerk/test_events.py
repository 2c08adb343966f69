"""Event pages: tree rules, editing, SEQUENCE and UID, venue facts, JSON-LD, drafts from plain data, the block."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from home.models import ContentPage, HomePage
from netzwerk.events import create_event
from netzwerk.models import CalendarPage, EventPage
from termine.models import AttendanceMode, EventStatus
from tests.factories import CalendarPageFactory, ContentPageFactory, VenueFactory, berlin, event, single
from tests.page_types import CHANGED_TEXT, PageTypesTestCase, json_ld_by_type


class EventPageTypesTest(PageTypesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.calendar = CalendarPageFactory(parent=cls.home, title="Termine")
        venue = VenueFactory(name="Bürgerhaus Artern", town="Artern")
        cls.event = create_event(
            cls.calendar,
            title="Vereinsstammtisch",
            teaser="Austausch der Vorstände.",
            venue=venue,
            rules=[single(date(2027, 3, 9), frequency="WEEKLY", weekdays="TU", count=4)],
            publish=True,
        )

    def test_tree_rules_put_events_under_the_single_calendar_below_home(self):
        self.assertAllowedParentPageTypes(CalendarPage, {HomePage})
        self.assertAllowedSubpageTypes(CalendarPage, {EventPage, ContentPage})
        self.assertAllowedParentPageTypes(EventPage, {CalendarPage})
        self.assertAllowedSubpageTypes(EventPage, {})
        self.assertFalse(CalendarPage.can_create_at(self.home))
        self.assertCanCreateAt(CalendarPage, EventPage)
        self.assertCanCreateAt(CalendarPage, ContentPage)

    def test_calendar_and_event_render(self):
        self.assertPageIsRenderable(self.calendar)
        self.assertPageIsRenderable(self.event)

    def test_calendar_and_event_are_editable_in_the_admin(self):
        self.assertPageIsEditable(self.calendar, post_data=self.edit_form_data(self.calendar))
        self.assertPageIsEditable(self.event, post_data=self.edit_form_data(self.event))

    def test_an_editor_publishes_a_changed_time_and_the_calendar_and_sequence_follow(self):
        data = self.edit_form_data(self.event)
        data["date_rules-0-start_time"] = ["19:30"]
        before = EventPage.objects.get(pk=self.event.pk)

        response = self.post_edit_form(self.event, data)

        self.assertEqual(response.status_code, 302)
        after = EventPage.objects.get(pk=self.event.pk)
        self.assertEqual(after.sequence, before.sequence + 1)
        self.assertEqual(after.ical_uid, before.ical_uid)
        self.assertEqual(
            [o.start for o in after.occurrences.all()][:2],
            [berlin(2027, 3, 9, 19, 30), berlin(2027, 3, 16, 19, 30)],
        )
        self.assertIn(CHANGED_TEXT, str(after.description))

    def test_the_event_form_refuses_an_on_site_event_without_venue(self):
        data = self.edit_form_data(self.event)
        data["venue"] = [""]
        response = self.post_edit_form(self.event, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bitte einen Veranstaltungsort wählen")


@pytest.mark.django_db
def test_sequence_grows_with_every_publication_while_the_uid_stays(calendar_page):
    page = event(calendar_page, "Chorprobe", [single(date(2027, 5, 4))])
    uid, first = page.ical_uid, EventPage.objects.get(pk=page.pk).sequence

    for title in ("Chorprobe mit Gästen", "Offene Chorprobe"):
        revision_page = EventPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        revision_page.title = title
        revision_page.save_revision().publish()

    stored = EventPage.objects.get(pk=page.pk)
    assert (first, stored.sequence) == (1, 3)
    assert stored.ical_uid == uid


@pytest.mark.django_db
def test_an_old_revision_does_not_bring_back_an_old_sequence(calendar_page):
    page = event(calendar_page, "Chorprobe", [single(date(2027, 5, 4))])
    old_revision = EventPage.objects.get(pk=page.pk).latest_revision
    EventPage.objects.get(pk=page.pk).save_revision().publish()

    old_revision.publish()

    assert EventPage.objects.get(pk=page.pk).sequence == 3


@pytest.mark.django_db
def test_a_copied_event_gets_its_own_uid(calendar_page):
    page = event(calendar_page, "Chorprobe", [single(date(2027, 5, 4))])

    copy = page.copy(update_attrs={"slug": "chorprobe-kopie", "title": "Chorprobe (Kopie)"})

    assert copy.specific.ical_uid != page.ical_uid


@pytest.mark.django_db
def test_municipality_defaults_to_the_venue_s_municipality(calendar_page, vocab):
    page = event(calendar_page, "Dorffest", [single(date(2027, 6, 5))], venue=vocab["buergerhaus"])

    assert page.municipality == vocab["artern"]


def test_event_validation_asks_for_online_address_and_refuses_cost_on_free_events():
    page = EventPage(
        title="Webinar", teaser="x", attendance_mode=AttendanceMode.ONLINE, is_free=True, cost="5 Euro"
    )

    with pytest.raises(ValidationError) as error:
        page.clean()

    assert set(error.value.message_dict) == {"online_url", "cost"}


@pytest.mark.django_db
def test_a_draft_event_from_plain_data_is_stored_but_shown_nowhere(client, calendar_page, vocab):
    draft = create_event(
        calendar_page,
        title="Gemeldet: Sommerfest in Greußen",
        teaser="Von einem Verein gemeldet.",
        venue=vocab["vereinsheim"],
        target_groups=[vocab["familien"]],
        rules=[{"start_date": date(2027, 7, 3), "all_day": True}],
    )

    assert (draft.live, draft.has_unpublished_changes, draft.occurrences.count()) == (False, True, 0)
    assert draft.latest_revision is not None
    assert list(draft.target_groups.all()) == [vocab["familien"]]
    assert draft.date_rules.get().describe() == "3. Juli 2027, ganztägig"
    assert "Sommerfest" not in client.get("/termine/monat/2027/07/").content.decode()


@pytest.mark.django_db
def test_create_event_refuses_an_invalid_rule(calendar_page):
    with pytest.raises(ValidationError):
        create_event(
            calendar_page,
            title="Kaputt",
            teaser="x",
            rules=[{"start_date": date(2027, 7, 3), "start_time": time(18), "frequency": "WEEKLY"}],
        )


@pytest.mark.django_db
def test_event_page_shows_dates_place_accessibility_cost_registration_and_feed_links(
    client, calendar_page, vocab
):
    page = event(
        calendar_page,
        "Vereinsstammtisch Artern",
        [single(date(2027, 3, 9), frequency="MONTHLY", month_ordinal=2, month_weekday="TU", count=3)],
        exceptions=[{"original_date": date(2027, 4, 13), "kind": "cancel", "note": "Saal belegt."}],
        venue=vocab["buergerhaus"],
        organiser=vocab["agentur"],
        category=vocab["stammtisch"],
        target_groups=[vocab["vorstaende"]],
        is_free=False,
        cost="3 Euro für Getränke",
        registration_text="Bitte bis Montag anmelden.",
    )

    html = client.get(page.url).content.decode()

    assert "jeden 2. Dienstag im Monat, 18–20 Uhr, 3 Termine" in html
    assert "Dienstag, 9. März 2027, 18–20 Uhr" in html
    assert "Saal belegt." in html and "abgesagt" in html
    assert (
        "Stufenloser Zugang: ja" in html
        and "Barrierefreies WC: nein" in html
        and "Induktionsschleife: ja" in html
    )
    assert "3 Euro für Getränke" in html and "Bitte bis Montag anmelden." in html
    assert "Vereinsvorstände" in html and "Ehrenamtsagentur des Kyffhäuserkreises" in html
    assert (
        f'<link rel="alternate" type="text/calendar" title="iCalendar: Vereinsstammtisch Artern" href="{page.url}ical/">'
        in html
    )
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="RSS: Nächste Termine" href="{calendar_page.url}rss/">'
        in html
    )
    # The test site's public address is http://testserver: no webcal link (calendar programs fetch it over https).
    assert "webcal://" not in html
    assert f'href="{page.url}ical/">als iCalendar-Datei herunterladen</a>' in html


@pytest.mark.django_db
def test_event_json_ld_has_status_mode_place_organiser_price_and_next_date(client, calendar_page, vocab):
    page = event(
        calendar_page,
        "Fachtag Ehrenamt",
        [single(date(2027, 3, 9), start=time(9, 30), end=time(16))],
        venue=vocab["buergerhaus"],
        organiser=vocab["agentur"],
        attendance_mode=AttendanceMode.MIXED,
        online_url="https://stream.kyffhaeuser.example/fachtag",
    )

    data = json_ld_by_type(client.get(page.url).content.decode())["Event"]

    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["startDate"] == "2027-03-09T09:30:00+01:00"
    assert data["endDate"] == "2027-03-09T16:00:00+01:00"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "DE",
        "addressRegion": "Thüringen",
        "streetAddress": "Gartenstraße 12",
        "postalCode": "06556",
        "addressLocality": "Artern",
    }
    assert virtual == {"@type": "VirtualLocation", "url": "https://stream.kyffhaeuser.example/fachtag"}
    assert data["organizer"] == {"@type": "Organization", "name": "Ehrenamtsagentur des Kyffhäuserkreises"}
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == 0


@pytest.mark.django_db
def test_json_ld_of_a_moved_next_date_names_the_previous_start_and_the_series(client, calendar_page):
    page = event(
        calendar_page,
        "Lauftreff",
        [single(date(2027, 3, 2), frequency="WEEKLY", weekdays="TU", count=3)],
        exceptions=[{"original_date": date(2027, 3, 2), "kind": "move", "new_start": berlin(2027, 3, 3, 19)}],
    )

    data = json_ld_by_type(client.get(page.url).content.decode())["Event"]

    assert data["startDate"] == "2027-03-03T19:00:00+01:00"
    assert data["previousStartDate"] == "2027-03-02T18:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert [sub["startDate"] for sub in data["subEvent"]] == [
        "2027-03-09T18:00:00+01:00",
        "2027-03-16T18:00:00+01:00",
    ]


@pytest.mark.django_db
def test_json_ld_of_an_online_event_that_was_cancelled(client, calendar_page):
    page = event(
        calendar_page,
        "Webinar Datenschutz",
        [single(date(2027, 3, 2))],
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://konferenz.kyffhaeuser.example/datenschutz",
        date_status=EventStatus.CANCELLED,
    )

    data = json_ld_by_type(client.get(page.url).content.decode())["Event"]

    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://konferenz.kyffhaeuser.example/datenschutz",
    }
    assert "Diese Veranstaltung ist abgesagt." in client.get(page.url).content.decode()


def _with_block(page, field, **value):
    setattr(
        page, field, [{"type": "upcoming_events", "value": {"title": "Nächste Termine", "count": 2, **value}}]
    )
    page.save_revision().publish()


@pytest.mark.django_db
def test_the_block_next_dates_on_the_home_page_shows_the_chosen_number_of_dates(client, home, calendar_page):
    for day in (5, 6, 7):
        event(calendar_page, f"Termin am {day}. März", [single(date(2027, 3, day))])
    _with_block(home, "body")

    html = client.get("/").content.decode()

    assert "Termin am 5. März" in html and "Termin am 6. März" in html
    assert "Termin am 7. März" not in html
    assert "Freitag, 5. März 2027, 18–20 Uhr" in html
    assert f'href="{calendar_page.url}"' in html


@pytest.mark.django_db
def test_the_block_on_a_content_page_keeps_only_its_target_group_and_links_the_filtered_calendar(
    client, home, calendar_page, vocab
):
    event(calendar_page, "Vorstandsschulung", [single(date(2027, 3, 5))], target_groups=[vocab["vorstaende"]])
    event(calendar_page, "Familienfest", [single(date(2027, 3, 6))], target_groups=[vocab["familien"]])
    page = ContentPageFactory(parent=home, title="Für Vorstände")
    _with_block(page, "body", target_group=vocab["vorstaende"].pk)

    html = client.get(page.url).content.decode()

    assert "Vorstandsschulung" in html
    assert "Familienfest" not in html
    assert f'href="{calendar_page.url}?zielgruppe=vereinsvorstaende"' in html


@pytest.mark.django_db
def test_the_block_shows_a_newly_published_event_at_once(client, home, calendar_page):
    _with_block(home, "body")
    client.get("/")

    event(calendar_page, "Ganz neuer Termin", [single(date(2027, 3, 5))])

    assert "Ganz neuer Termin" in client.get("/").content.decode()
