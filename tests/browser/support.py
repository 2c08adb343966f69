"""Helpers for the browser tests: the page types of the demo site, the axe-core audit, signing in to the
admin and a public form sent with a mistake."""

import re
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import expect

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DEMO_ADMIN = ("admin", "ehrenamt-demo")  # the superuser of `manage.py seed_demo`

# One address per page type of the seeded demo site (path, expected HTTP status).
PAGE_TYPES = {
    "HomePage": ("/", 200),
    "ContentPage Kontakt": ("/kontakt/", 200),
    "ContentPage Impressum": ("/impressum/", 200),
    "NewsIndexPage": ("/aktuelles/", 200),
    "NewsPage": ("/aktuelles/meldung-0001/", 200),
    "BeiratPage": ("/beirat/", 200),
    "FundingProgrammePage": ("/foerderung/ehrenamtsfoerderung-kreis/", 200),
    "Suchergebnisse": ("/suche/?q=Ehrenamt", 200),
    "AccessibilityStatementPage": ("/barrierefreiheit/", 200),
    "Barriere melden – Danke": ("/barrierefreiheit/barriere-melden/danke/", 200),
    "EasyLanguagePage": ("/leichte-sprache/", 200),
    "SignLanguagePage": ("/gebaerdensprache/", 200),
    "404": ("/gibt-es-nicht/", 404),
}


def axe_violations(page):
    """Runs axe-core on the current document with the WCAG 2.2 AA rule set; returns the violations.

    The source is evaluated through Playwright rather than added as a <script> element: the site's
    Content-Security-Policy (script-src 'self') would block such an injected inline script.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", AXE_TAGS
    )


def describe_violations(violations):
    """A readable failure message: one block per rule with its help text and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    assert violations == [], f"axe-core found violations on {page.url}:\n{describe_violations(violations)}"


def follow_frozen_clock(context):
    """Chromium keeps its own clock; its pages get the frozen time of the server and the tests instead
    (tests/conftest.py), so that date pickers and scripts agree with them whatever the system clock says."""
    context.clock.set_system_time(datetime.now(UTC))


def log_in_to_the_admin(page, site):
    """Signs the demo admin in on ``page`` and waits for the dashboard."""
    page.goto(site + "/admin/login/")
    page.fill("#id_username", DEMO_ADMIN[0])
    page.fill("#id_password", DEMO_ADMIN[1])
    page.click("button[type=submit]")
    page.wait_for_url(site + "/admin/")


def send_with_only(form, label, value, button):
    """Sends a public form with only the field ``label`` filled: the German error summary appears, the
    value stays in its field, and the page with its errors passes axe."""
    field = form.get_by_label(label, exact=True)
    field.fill(value)
    form.get_by_role("button", name=button).click()
    expect(form.page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    expect(field).to_have_value(value)
    assert_no_axe_violations(form.page)


def sign_and_send(form, name, email, button):
    """Fills in the sender's name and e-mail address, gives consent and sends the form."""
    form.get_by_label("Ihr Name", exact=True).fill(name)
    form.get_by_label("Ihre E-Mail-Adresse", exact=True).fill(email)
    form.get_by_label(re.compile(r"^Ich bin einverstanden")).check()
    form.get_by_role("button", name=button).click()
