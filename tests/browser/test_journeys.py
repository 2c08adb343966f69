"""What citizens do with the site, in a real browser: read news, find the contact, search, use the keyboard."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AGENCY_EMAIL = "ehrenamtsagentur@kyffhaeuser.example"


def test_visitor_reads_the_first_news_on_the_home_page_and_then_finds_the_agency_contact(site, page):
    page.goto(site + "/")
    news_section = page.get_by_role("region", name="Aktuelles")
    first_teaser = news_section.get_by_role("heading", level=3).first.get_by_role("link")
    title = first_teaser.inner_text().strip()
    assert title == "Ehrenamtspreis 2026: 14 Engagierte in Sondershausen geehrt"

    first_teaser.click()

    expect(page).to_have_url(re.compile(r"/aktuelles/meldung-\d{4}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    article_url = page.url

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Kontakt", exact=True
    ).click()

    expect(page).to_have_url(site + "/kontakt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakt")
    email_link = page.get_by_role("main").get_by_role("link", name=AGENCY_EMAIL, exact=True)
    expect(email_link).to_be_visible()
    expect(email_link).to_have_attribute("href", f"mailto:{AGENCY_EMAIL}")

    page.goto(article_url)
    page.get_by_role("navigation", name="Service und Rechtliches").get_by_role("link", name="Kontakt").click()

    expect(page).to_have_url(site + "/kontakt/")
    expect(page.get_by_role("main").get_by_role("link", name=AGENCY_EMAIL, exact=True)).to_be_visible()


def result_types_and_titles(page):
    results = page.get_by_role("main").locator(".search-result")
    return [
        (
            result.locator(".kern-preline").inner_text().strip(),
            result.get_by_role("heading").inner_text().strip(),
        )
        for result in results.all()
    ]


def test_header_search_finds_news_and_the_type_filter_keeps_only_funding_programmes(site, page):
    page.goto(site + "/")
    page.get_by_role("searchbox", name="Website durchsuchen").fill("Ehrenamtsförderung")
    page.get_by_role("search").get_by_role("button", name="Suchen").click()

    expect(page).to_have_url(re.compile(r"/suche/\?q=Ehrenamtsf"))
    expect(page.get_by_role("heading", level=2, name=re.compile(r"\d+ Treffer"))).to_be_visible()
    everything = result_types_and_titles(page)
    assert ("Meldung", "Ergebnis der Ehrenamtsförderung 2026 veröffentlicht") in everything
    assert ("Förderprogramm", "Ehrenamtsförderung des Kyffhäuserkreises") in everything

    main = page.get_by_role("main")
    expect(main.get_by_role("searchbox", name="Suchbegriff")).to_have_value("Ehrenamtsförderung")
    main.get_by_role("radio", name="Förderprogramme").check()
    main.get_by_role("button", name="Suchen").click()

    expect(page).to_have_url(re.compile(r"typ=foerderung"))
    expect(main.get_by_role("radio", name="Förderprogramme")).to_be_checked()
    funding_only = result_types_and_titles(page)
    assert ("Förderprogramm", "Ehrenamtsförderung des Kyffhäuserkreises") in funding_only
    assert {kind for kind, _title in funding_only} == {"Förderprogramm"}


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(site, page):
    for path in ["/", "/aktuelles/meldung-0001/"]:
        page.goto(site + path)
        skip_link = page.get_by_role("link", name="Zum Inhalt springen")

        page.keyboard.press("Tab")

        expect(skip_link).to_be_focused()
        expect(skip_link).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page.locator("main#inhalt")).to_be_focused()
        expect(page).to_have_url(site + path + "#inhalt")
