"""Veranstaltung melden: a draft in moderation, e-mails, plain text, spam protection, retention."""

from datetime import date, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.models import Organisation, SiteConfiguration, Venue
from cms.privacy import registered_policies
from home.models import ContentPage
from netzwerk.models import Decision, EventPage, EventSubmission
from termine.models import AttendanceMode, Occurrence
from tests.factories import EventSubmissionFactory
from tests.public_forms import (
    admin_page_as,
    assert_hidden_from_visitors,
    assert_nothing_stored,
    assert_waits_for_review,
)

LABEL = "Kontaktdaten zu gemeldeten Veranstaltungen"


def next_weekday(weekday: int) -> date:
    """The next date (at least a week ahead) on ``weekday`` (0 = Monday)."""
    day = timezone.localdate() + timedelta(days=7)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def submission_data(**changes):
    day = next_weekday(4)
    data = {
        "title": "Sommerfest <b>des</b> Heimatvereins",
        "description": "Musik, Kuchen und eine Führung durch das Heimatmuseum.<script>alert(1)</script>\n"
        "Für Kinder gibt es eine Bastelecke.\n\n<a href='https://spam.example'>Mehr</a> Eintritt am Tor.",
        "start_date": day.isoformat(),
        "start_time": "14:00",
        "end_time": "18:00",
        "end_date": "",
        "repeat_until": "",
        "attendance_mode": AttendanceMode.OFFLINE,
        "venue": "",
        "venue_text": "Dorfgemeinschaftshaus Clingen, Hauptstraße 3, 99718 Clingen",
        "online_url": "",
        "municipality": "clingen",
        "organiser_name": "Heimatverein Clingen e. V.",
        "category": "",
        "target_groups": ["familien"],
        "costs": "kosten",
        "cost": "3 Euro, Kinder frei",
        "registration_text": "Keine Anmeldung nötig.",
        "registration_url": "",
        "name": "Karin Sommer",
        "email": "karin.sommer@verein.example",
        "phone": "03636 1234",
        "consent": "on",
        "homepage": "",
    }
    data.update(changes)
    return data


def submit(client, calendar_page, data=None):
    return client.post(calendar_page.url + "melden/", data or submission_data())


@pytest.mark.django_db
def test_the_form_page_links_the_privacy_page_of_the_site_configuration(client, calendar_page):
    privacy = ContentPage(title="Datenschutz", slug="datenschutz", teaser="Wie wir mit Daten umgehen.")
    calendar_page.get_parent().add_child(instance=privacy)
    config = SiteConfiguration.for_site(calendar_page.get_site())
    config.privacy_page = privacy
    config.save()
    response = client.get(calendar_page.url + "melden/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="kern-heading-large">Veranstaltung melden</h1>' in html
    assert 'href="/datenschutz/">Zur Datenschutzerklärung</a>' in html


@pytest.mark.django_db
def test_a_submission_becomes_a_draft_event_in_moderation_and_everyone_is_told(
    client, calendar_page, vocab, editors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, calendar_page, submission_data(category=str(vocab["fest"].pk)))
    assert response.status_code == 302
    assert response["Location"] == calendar_page.url + "melden/danke/"
    assert "Vielen Dank für Ihre Meldung" in client.get(response["Location"]).content.decode()

    page = EventPage.objects.get()
    assert page.get_parent().pk == calendar_page.pk
    assert not page.live and page.first_published_at is None
    assert page.title == "Sommerfest des Heimatvereins"
    assert page.category == vocab["fest"]
    assert [group.slug for group in page.target_groups.all()] == ["familien"]
    assert (page.venue.name, page.venue.street, page.venue.postcode, page.venue.town) == (
        "Dorfgemeinschaftshaus Clingen",
        "Hauptstraße 3",
        "99718",
        "Clingen",
    )
    assert page.municipality.slug == "clingen"
    assert page.organiser.name == "Heimatverein Clingen e. V."
    assert (page.is_free, page.cost, page.registration_text) == (
        False,
        "3 Euro, Kinder frei",
        "Keine Anmeldung nötig.",
    )
    rule = page.date_rules.get()
    assert (rule.start_date, rule.start_time, rule.end_time, rule.frequency) == (
        next_weekday(4),
        time(14),
        time(18),
        "",
    )
    assert not Occurrence.objects.filter(page_id=page.pk).exists()

    contact = ("Karin Sommer", "karin.sommer@verein.example", "03636 1234", True)
    assert_waits_for_review(
        page, EventSubmission.objects.get(page=page), contact, "Neue Veranstaltung gemeldet"
    )
    ours = [m for m in mail.outbox if "Veranstaltung" in m.subject]
    editor_mail = next(m for m in ours if m.subject.startswith("Neue Veranstaltung"))
    assert f"http://testserver/admin/pages/{page.pk}/edit/" in editor_mail.body
    assert "Karin Sommer <karin.sommer@verein.example>" in editor_mail.body
    confirmation = [m for m in ours if m.to == ["karin.sommer@verein.example"]]
    assert len(confirmation) == 1
    assert confirmation[0].subject == "Ihre Veranstaltung ist gemeldet"
    assert "Sommerfest des Heimatvereins" in confirmation[0].body


@pytest.mark.django_db
def test_text_is_stored_as_plain_text_and_shown_escaped(client, calendar_page, editors):
    submit(client, calendar_page)
    page = EventPage.objects.get()
    assert page.teaser == (
        "Musik, Kuchen und eine Führung durch das Heimatmuseum.alert(1) Für Kinder gibt es eine Bastelecke."
    )
    html = page.description[0].value.source
    assert html == (
        "<p>Musik, Kuchen und eine Führung durch das Heimatmuseum.alert(1)<br/>Für Kinder gibt es eine "
        "Bastelecke.</p><p>Mehr Eintritt am Tor.</p>"
    )
    assert "<script" not in page.title + page.teaser + html and "spam.example" not in html
    # A title with markup characters that are not tags reaches editors and visitors escaped.
    cache.clear()
    submit(client, calendar_page, submission_data(title="Kuchen & Kaffee <3 > Tee", description="a < b & c"))
    second = EventPage.objects.get(title="Kuchen & Kaffee <3 > Tee")
    assert second.description[0].value.source == "<p>a &lt; b &amp; c</p>"
    admin = get_user_model().objects.get(username="chefin")
    client.force_login(admin)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[second.pk]))
    body = preview.content.decode()
    assert "Kuchen &amp; Kaffee &lt;3 &gt; Tee" in body
    assert "<3 > Tee" not in body


@pytest.mark.django_db
def test_the_draft_is_not_visible_to_visitors(client, calendar_page):
    submit(client, calendar_page)
    assert_hidden_from_visitors(client, EventPage.objects.get(), calendar_page)


@pytest.mark.django_db
def test_a_weekly_repetition_whole_days_an_existing_venue_and_online_events(client, calendar_page, vocab):
    start = next_weekday(1)
    response = submit(
        client,
        calendar_page,
        submission_data(
            title="Offener Vereinstreff",
            start_date=start.isoformat(),
            start_time="18:30",
            end_time="20:00",
            repeat_weekly="on",
            repeat_until=(start + timedelta(days=60)).isoformat(),
            venue=str(vocab["buergerhaus"].pk),
            venue_text="",
            municipality="",
            costs="frei",
            cost="",
        ),
    )
    assert response.status_code == 302
    page = EventPage.objects.get(title="Offener Vereinstreff")
    rule = page.date_rules.get()
    assert (rule.frequency, rule.weekdays, rule.until) == ("WEEKLY", "TU", start + timedelta(days=60))
    assert rule.describe().startswith("wöchentlich dienstags, 18:30–20 Uhr, bis ")
    assert page.venue == vocab["buergerhaus"] and page.municipality == vocab["artern"]
    assert page.is_free and page.cost == ""
    assert Venue.objects.count() == 2  # no venue was added

    cache.clear()
    response = submit(
        client,
        calendar_page,
        submission_data(
            title="Dorffest über drei Tage",
            all_day="on",
            start_time="",
            end_time="",
            start_date=next_weekday(4).isoformat(),
            end_date=(next_weekday(4) + timedelta(days=2)).isoformat(),
        ),
    )
    assert response.status_code == 302
    rule = EventPage.objects.get(title="Dorffest über drei Tage").date_rules.get()
    assert (rule.all_day, rule.start_time, rule.end_date) == (True, None, next_weekday(4) + timedelta(days=2))

    response = submit(
        client,
        calendar_page,
        submission_data(
            title="Online-Sprechstunde",
            attendance_mode=AttendanceMode.ONLINE,
            venue_text="",
            online_url="https://treffen.verein.example/raum",
        ),
    )
    assert response.status_code == 302
    online = EventPage.objects.get(title="Online-Sprechstunde")
    assert (online.venue, online.online_url) == (None, "https://treffen.verein.example/raum")


@pytest.mark.django_db
def test_an_existing_organisation_is_reused_by_name(client, calendar_page):
    existing = Organisation.objects.create(name="Heimatverein Clingen e. V.")
    submit(client, calendar_page, submission_data(organiser_name="heimatverein clingen e. v."))
    assert EventPage.objects.get().organiser == existing
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_bad_input_answers_400_in_german_keeps_the_input_and_stores_nothing(client, calendar_page, editors):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = submit(
        client,
        calendar_page,
        submission_data(
            title="",
            start_date=yesterday.isoformat(),
            consent="",
            email="keine-adresse",
            venue_text="",
            cost="",
            registration_url="nicht eine adresse",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in [
        "Bitte prüfen Sie Ihre Angaben",
        "Bitte füllen Sie dieses Feld aus.",
        "Das Datum liegt in der Vergangenheit.",
        "Ohne Ihr Einverständnis können wir die Meldung nicht bearbeiten.",
        "Bitte geben Sie eine gültige E-Mail-Adresse an.",
        "Bitte wählen Sie einen Ort aus der Liste oder tragen Sie ihn hier ein.",
        "Bitte geben Sie an, was die Teilnahme kostet.",
        "Bitte geben Sie eine vollständige Adresse an",
    ]:
        assert message in html, message
    assert "Musik, Kuchen und eine Führung" in html
    assert 'value="keine-adresse"' in html
    assert 'value="Heimatverein Clingen e. V."' in html
    assert_nothing_stored(EventPage, EventSubmission, Organisation)


@pytest.mark.django_db
def test_date_rules_are_checked_like_in_the_editor(client, calendar_page):
    response = submit(client, calendar_page, submission_data(start_time="", end_time=""))
    assert response.status_code == 400
    assert "Bitte eine Uhrzeit für den Beginn angeben oder „ganztägig“ wählen." in response.content.decode()
    response = submit(client, calendar_page, submission_data(start_time="20:00", end_time="18:00"))
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    start = next_weekday(2)
    response = submit(
        client,
        calendar_page,
        submission_data(start_date=start.isoformat(), repeat_weekly="on", repeat_until=""),
    )
    assert "Bitte geben Sie an, bis wann sich die Veranstaltung wiederholt." in response.content.decode()
    response = submit(
        client,
        calendar_page,
        submission_data(
            start_date=start.isoformat(),
            repeat_weekly="on",
            repeat_until=(start + timedelta(days=400)).isoformat(),
        ),
    )
    assert "Eine Wiederholung kann höchstens ein Jahr umfassen." in response.content.decode()
    response = submit(client, calendar_page, submission_data(start_date="31.02.2027"))
    assert "Bitte geben Sie ein Datum an, z. B. 24.12.2026." in response.content.decode()
    online = submit(client, calendar_page, submission_data(attendance_mode=AttendanceMode.MIXED))
    assert "Bitte geben Sie die Adresse an, unter der man online teilnimmt." in online.content.decode()
    assert EventPage.objects.count() == 0


@pytest.mark.django_db
def test_publishing_rejecting_or_deleting_records_the_decision(client, calendar_page, editors):
    for title in ("Wird veröffentlicht", "Wird abgelehnt", "Wird gelöscht"):
        submit(client, calendar_page, submission_data(title=title))
    assert EventSubmission.objects.filter(decided_at__isnull=False).count() == 0
    published = EventPage.objects.get(title="Wird veröffentlicht")
    published.get_latest_revision().publish()
    assert Occurrence.objects.filter(page_id=published.pk).count() == 1
    _editor, publisher = editors
    rejected = EventPage.objects.get(title="Wird abgelehnt")
    state = rejected.current_workflow_task_state.specific
    state.task.specific.on_action(state, publisher, "reject")
    EventPage.objects.get(title="Wird gelöscht").delete()

    decisions = dict(EventSubmission.objects.values_list("event_title", "decision"))
    assert decisions == {
        "Wird veröffentlicht": Decision.PUBLISHED,
        "Wird abgelehnt": Decision.REJECTED,
        "Wird gelöscht": Decision.DELETED,
    }
    deleted = EventSubmission.objects.get(event_title="Wird gelöscht")
    assert deleted.page is None and deleted.decided_at is not None
    # A later publication does not move the start of the retention period.
    first = EventSubmission.objects.get(page=published).decided_at
    published.save_revision().publish()
    assert EventSubmission.objects.get(page=published).decided_at == first


@pytest.mark.django_db
def test_purge_deletes_contact_data_after_the_retention_period_and_keeps_the_event(
    client, calendar_page, settings, capsys
):
    settings.NETZWERK_SUBMISSION_RETENTION_DAYS = 30
    submit(client, calendar_page, submission_data(title="Entschieden vor langer Zeit"))
    old = EventSubmission.objects.get()
    old.page.get_latest_revision().publish()
    EventSubmission.objects.filter(pk=old.pk).update(decided_at=timezone.now() - timedelta(days=31))
    kept_decided = EventSubmissionFactory(
        event_title="Vor kurzem entschieden", created_days_ago=60, decided_days_ago=10
    )
    EventSubmissionFactory(event_title="Nie entschieden, alt", created_days_ago=45)
    kept_new = EventSubmissionFactory(event_title="Nie entschieden, neu", created_days_ago=5)

    assert LABEL in registered_policies()
    call_command("purge_personal_data")
    assert f"{LABEL}: 2 Datensätze gelöscht." in capsys.readouterr().out
    assert set(EventSubmission.objects.values_list("pk", flat=True)) == {kept_decided.pk, kept_new.pk}
    assert EventPage.objects.get(title="Entschieden vor langer Zeit").live
    call_command("purge_personal_data")
    assert f"{LABEL}: 0 Datensätze gelöscht." in capsys.readouterr().out


@pytest.mark.django_db
def test_editors_see_the_submitters_contact_data_in_the_admin(client, calendar_page, editors):
    submit(client, calendar_page)
    submission = EventSubmission.objects.get()
    editor, _publisher = editors
    snippets = "wagtailsnippets_netzwerk_eventsubmission"
    assert "Karin Sommer" in admin_page_as(client, editor, f"{snippets}:list")
    assert "karin.sommer@verein.example" in admin_page_as(
        client, editor, f"{snippets}:inspect", submission.pk
    )


@pytest.mark.django_db
def test_the_calendar_leads_associations_to_the_submission_form(client, calendar_page):
    html = client.get(calendar_page.url).content.decode()
    assert f'href="{calendar_page.submit_url}"' in html
    assert "Veranstaltung melden" in html
