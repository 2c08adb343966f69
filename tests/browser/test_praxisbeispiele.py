"""The good-practice library in a real browser: filter, open, download, propose; axe on every page of it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, send_with_only, sign_and_send

pytestmark = pytest.mark.browser

FERIENWERKSTATT = "Ferienwerkstatt bringt Jugendliche in die Feuerwehr"


def test_a_club_board_member_narrows_by_two_facets_opens_an_example_and_downloads_a_material(site, page):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Praxisbeispiele").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Praxisbeispiele")

    page.locator("details.filters > summary").click()  # the filters are folded away
    filters = page.get_by_role("form", name="Suchen und filtern")
    filters.get_by_role("group", name="Engagementbereich").get_by_role(
        "checkbox", name=re.compile(r"^Kinder- und Jugendarbeit \(\d+\)")
    ).check()
    filters.get_by_role("group", name="Gemeinde").get_by_role(
        "checkbox", name=re.compile(r"^Ebeleben \(\d+\)")
    ).check()
    filters.get_by_role("button", name="Filter anwenden").click()

    expect(page).to_have_url(re.compile(r"bereich=kinder-und-jugendarbeit.*gemeinde=ebeleben"))
    results = page.get_by_role("region", name=re.compile(r"Praxisbeispiel"))
    expect(results.get_by_role("heading", level=2)).to_have_text("1 Praxisbeispiel")
    assert_no_axe_violations(page)

    results.get_by_role("link", name=FERIENWERKSTATT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FERIENWERKSTATT)
    expect(page.get_by_role("heading", name="Vorgehen")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ablaufplan der Ferienwoche").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert download.failure() is None


def test_the_library_the_example_and_the_form_pass_axe(site, page):
    for path in ["/praxisbeispiele/", "/praxisbeispiele/beispiel-0001/", "/praxisbeispiele/vorschlagen/"]:
        response = page.goto(site + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)


def test_a_proposal_is_sent_in_the_browser_and_errors_are_shown_first(site, page):
    page.goto(site + "/praxisbeispiele/beispiel-0001/")
    page.get_by_role("link", name="Praxisbeispiel vorschlagen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Praxisbeispiel vorschlagen")

    form = page.locator("form.proposal-form")
    send_with_only(form, "Titel des Beispiels", "Repair-Café im Bürgerhaus Greußen", "Vorschlag absenden")

    form.get_by_label("Kurzfassung", exact=True).fill(
        "Einmal im Monat reparieren Ehrenamtliche Geräte der Nachbarschaft."
    )
    form.get_by_label("Ausgangslage", exact=True).fill(
        "Viele Geräte landeten im Müll, obwohl nur Kleinigkeiten fehlten."
    )
    form.get_by_label("Vorgehen", exact=True).fill("Werkzeug gesammelt\nTermine im Amtsblatt angekündigt")
    form.get_by_label("Ergebnis", exact=True).fill("Im ersten Jahr 180 reparierte Geräte.")
    form.get_by_label("Gemeinde (freiwillig)", exact=True).select_option(label="Greußen")
    form.get_by_role("group", name="Engagementbereiche").get_by_role(
        "checkbox", name="Umwelt- und Naturschutz"
    ).check()
    form.get_by_label("Name Ihres Vereins, Ihrer Initiative oder Gemeinde", exact=True).fill(
        "Repair-Café Greußen"
    )
    sign_and_send(form, "Jana Pfeiffer", "jana.pfeiffer@verein.example", "Vorschlag absenden")

    expect(page).to_have_url(re.compile(r"/praxisbeispiele/vorschlagen/danke/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihren Vorschlag")
    assert_no_axe_violations(page)
