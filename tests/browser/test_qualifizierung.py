"""The course programme in a real browser: filter, register, confirmation e-mail, cancel through the
personal link, the first on the waiting list moves up; axe on catalogue, course, run and form pages."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from qualifizierung import services as service
from qualifizierung.models import CourseRunPage, Registration
from tests.browser.support import assert_no_axe_violations

pytestmark = pytest.mark.browser

COURSE = "Kassenführung und Buchhaltung im Verein"


def test_a_citizen_filters_registers_cancels_by_the_link_and_the_first_waiting_moves_up(site, page):
    run = CourseRunPage.objects.get(slug="clingen", course__slug="kassenfuehrung")
    taken = Registration.objects.filter(run=run).count()
    for number in range(run.capacity - taken - 1):  # one place left
        service.register(run.pk, name=f"Person {number}", email=f"person{number}@verein.example")

    page.goto(site + "/kurse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kursprogramm")
    page.locator("details.filters > summary").click()  # the filters are folded away
    filters = page.get_by_role("form", name="Kurse suchen und filtern")
    filters.get_by_label("Gemeinde").select_option(label="Clingen")
    filters.get_by_label("nur mit freien Plätzen").check()
    filters.get_by_role("button", name="Filter anwenden").click()
    expect(page).to_have_url(re.compile(r"gemeinde=clingen.*plaetze=frei"))
    results = page.get_by_role("region", name=re.compile(r"Kurs"))
    expect(results.get_by_role("heading", level=2)).to_have_text("1 Kurs")
    expect(results.get_by_text("noch 1 Platz")).to_be_visible()

    results.get_by_role("link", name=re.compile(r"Zwei Abende in Clingen")).click()
    page.get_by_role("link", name="Jetzt anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Anmeldung zum Kurs „{COURSE}“")
    mail.outbox.clear()
    page.get_by_label("Ihr Name", exact=True).fill("Jana Pfeiffer")
    page.get_by_label("Ihre E-Mail-Adresse", exact=True).fill("jana.pfeiffer@verein.example")
    page.get_by_label(re.compile(r"^Ich bin einverstanden")).check()
    page.get_by_role("button", name="Verbindlich anmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Anmeldung")
    expect(page.get_by_text("angemeldet – Ihr Platz ist reserviert")).to_be_visible()
    assert_no_axe_violations(page)
    confirmation = next(m for m in mail.outbox if m.to == ["jana.pfeiffer@verein.example"])
    assert confirmation.subject.startswith("Anmeldebestätigung: Kassenführung")
    link = re.search(r"http://\S+/anmeldung/\S+/", confirmation.body).group(0)

    service.register(run.pk, name="Uwe Kästner", email="uwe.kaestner@verein.example")
    assert Registration.objects.get(email="uwe.kaestner@verein.example").waiting_position == 1

    page.goto(
        site + "/" + link.split("/", 3)[3]
    )  # the mail names the site's host, the test server has a port
    page.get_by_role("button", name="Anmeldung zurücknehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie sind abgemeldet")
    uwe = Registration.objects.get(email="uwe.kaestner@verein.example")
    assert uwe.status == "registered"
    assert any(
        m.to == ["uwe.kaestner@verein.example"] and m.subject.startswith("Sie sind nachgerückt")
        for m in mail.outbox
    )


def test_catalogue_course_run_and_form_pages_pass_axe(site, page):
    paths = [
        "/kurse/",
        "/kurse/?gemeinde=sondershausen&plaetze=frei",
        "/kurse/foerdermittel-beantragen/",
        "/kurse/foerdermittel-beantragen/sondershausen/",
        "/kurse/foerdermittel-beantragen/online/anmelden/",
        "/kurse/datenschutz-im-verein/sondershausen-abgesagt/",
    ]
    for path in paths:
        response = page.goto(site + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
    page.goto(site + "/kurse/foerdermittel-beantragen/online/anmelden/")
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    assert_no_axe_violations(page)
