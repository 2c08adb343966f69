"""Veranstaltung melden in a real browser: a club member reports an event; axe on the form and its answers."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from netzwerk.models import EventPage, EventSubmission
from tests.browser.support import assert_no_axe_violations, send_with_only, sign_and_send

pytestmark = pytest.mark.browser


def test_the_empty_form_passes_axe(site, page):
    response = page.goto(site + "/termine/melden/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Veranstaltung melden")
    assert_no_axe_violations(page)


def test_a_club_member_reports_an_event_corrects_a_mistake_and_sees_the_confirmation(site, page):
    page.goto(site + "/termine/melden/")
    form = page.locator("form.submission-form")
    send_with_only(
        form, "Titel der Veranstaltung", "Tag der offenen Tür im Vereinsheim", "Veranstaltung melden"
    )

    day = timezone.localdate() + timedelta(days=30)
    form.get_by_label("Beschreibung", exact=True).fill(
        "Wir zeigen unser Vereinsheim, die Jugendgruppe stellt sich vor.\nFür Kaffee und Kuchen ist gesorgt."
    )
    form.get_by_label("Veranstalter", exact=True).fill("Feuerwehrverein Greußen e. V.")
    form.get_by_role("group", name=re.compile("^Für wen")).get_by_role("checkbox", name="Familien").check()
    form.get_by_label("Datum", exact=True).fill(day.isoformat())
    form.get_by_label("Beginn", exact=True).fill("10:00")
    form.get_by_label("Ende (freiwillig)", exact=True).fill("16:00")
    form.get_by_role("group", name=re.compile("^Wie nimmt man teil")).get_by_role(
        "radio", name="vor Ort", exact=True
    ).check()
    form.get_by_label("Anderer Ort: Name und Anschrift", exact=True).fill(
        "Vereinsheim Greußen, Sportplatzweg 1"
    )
    form.get_by_label("Gemeinde (freiwillig)", exact=True).select_option(label="Greußen")
    form.get_by_role("group", name=re.compile("^Kostet die Teilnahme")).get_by_role(
        "radio", name=re.compile("kostenlos")
    ).check()
    sign_and_send(form, "Jens Hoffmann", "jens.hoffmann@verein.example", "Veranstaltung melden")

    expect(page).to_have_url(re.compile(r"/termine/melden/danke/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Meldung")
    expect(page.get_by_role("status")).to_contain_text(
        "Im Kalender erscheint die Veranstaltung erst nach der Freigabe"
    )
    assert_no_axe_violations(page)

    event = EventPage.objects.get(title="Tag der offenen Tür im Vereinsheim")
    assert not event.live
    assert event.date_rules.get().start_date == day
    assert EventSubmission.objects.get(page=event).email == "jens.hoffmann@verein.example"
    page.goto(site + "/termine/")
    expect(page.get_by_role("link", name="Tag der offenen Tür im Vereinsheim")).to_have_count(0)
