"""Barriere melden on a phone, and axe on the statement, the form, its answers and the pages in DGS and LS."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from barrierefreiheit.models import BarrierReport
from tests.browser.support import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_a_visitor_on_a_phone_reports_a_barrier_from_the_footer_of_a_content_page(site, phone_page):
    page = phone_page
    page.goto(site + "/kontakt/")
    page.get_by_role("contentinfo").get_by_role("link", name="Barriere melden").click()

    expect(page).to_have_url(re.compile(r"/barrierefreiheit/barriere-melden/\?seite=%2Fkontakt%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Barriere melden")
    form = page.locator("main form")
    expect(form.get_by_label("Adresse der Seite (freiwillig)")).to_have_value("/kontakt/")

    form.get_by_role("button", name="Barriere melden").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte beschreiben Sie die Barriere.")
    assert_no_axe_violations(page)

    form.get_by_label("Was funktioniert nicht?").fill(
        "Die Telefonnummer in der Kontaktkarte wird vom Screenreader als Datum vorgelesen."
    )
    form.get_by_label("Welche Hilfsmittel nutzen Sie? (freiwillig)").fill("TalkBack auf Android")
    form.get_by_label("Ihr Name (freiwillig)").fill("Jana Beispiel")
    form.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("jana@beispiel.example")
    form.get_by_label(re.compile(r"^Ich bin einverstanden")).check()
    form.get_by_role("button", name="Barriere melden").click()

    expect(page).to_have_url(re.compile(r"/barrierefreiheit/barriere-melden/danke/$"))
    expect(page.get_by_role("status")).to_contain_text("Ihre Meldung ist angekommen")
    assert_no_axe_violations(page)

    report = BarrierReport.objects.get(page_url="/kontakt/")
    assert report.assistive_technology == "TalkBack auf Android"
    assert report.email == "jana@beispiel.example"
    confirmations = [message for message in mail.outbox if message.to == ["jana@beispiel.example"]]
    assert [message.subject for message in confirmations] == ["Ihre Barrieremeldung ist eingegangen"]
    assert report.due_date.strftime("%d.%m.%Y") in confirmations[0].body


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
        ("/barrierefreiheit/barriere-melden/?seite=/kontakt/", "Barriere melden"),
        ("/barrierefreiheit/barriere-melden/danke/", "Vielen Dank für Ihre Meldung"),
        ("/leichte-sprache/", "Leichte Sprache"),
        ("/gebaerdensprache/", "Gebärdensprache"),
    ],
)
def test_the_new_pages_pass_axe(site, page, path, heading):
    response = page.goto(site + path)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_no_axe_violations(page)
