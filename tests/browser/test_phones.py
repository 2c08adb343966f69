"""Every public page type on a 320 px and a 390 px phone: nothing scrolls sideways, nothing covers the
footer (each of its links can be tapped), the month grid keeps its words whole; axe on the changed pages."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, follow_frozen_clock

pytestmark = pytest.mark.browser

WIDTHS = (320, 390)

# One address per public page type of the seeded demo site.
PHONE_PAGES = {
    "Startseite": "/",
    "Inhaltsseite": "/kontakt/",
    "Meldungen": "/aktuelles/",
    "Meldung": "/aktuelles/meldung-0001/",
    "Beirat": "/beirat/",
    "Förderprogramm": "/foerderung/ehrenamtsfoerderung-kreis/",
    "Kalender: Liste": "/termine/",
    "Kalender: Monat": "/termine/monat/",
    "Kalender: Tag": "/termine/tag/{today}/",
    "Kalender: Archiv": "/termine/archiv/",
    "Veranstaltung": "/termine/kyffhaeuser-ehrenamtsfest/",
    "Veranstaltung melden": "/termine/melden/",
    "Kursprogramm": "/kurse/",
    "Kurs": "/kurse/foerdermittel-beantragen/",
    "Kurstermin": "/kurse/foerdermittel-beantragen/sondershausen/",
    "Kursanmeldung": "/kurse/foerdermittel-beantragen/online/anmelden/",
    "Praxisbeispiele": "/praxisbeispiele/",
    "Praxisbeispiel": "/praxisbeispiele/beispiel-0001/",
    "Praxisbeispiel vorschlagen": "/praxisbeispiele/vorschlagen/",
    "Suche": "/suche/?q=Ehrenamt",
    "Erklärung zur Barrierefreiheit": "/barrierefreiheit/",
    "Barriere melden": "/barrierefreiheit/barriere-melden/",
    "Leichte Sprache": "/leichte-sprache/",
    "Gebärdensprache": "/gebaerdensprache/",
    "Impressum": "/impressum/",
    "Hilfe zum Abonnieren": "/termine/kalender-abonnieren/",
}

# Pages with a filter form, folded away; their check opens it and measures again.
WITH_FILTERS = {
    "Kalender: Liste",
    "Kalender: Monat",
    "Kalender: Tag",
    "Kalender: Archiv",
    "Kursprogramm",
    "Praxisbeispiele",
}

# Text that a phone must show without cutting a word: "Ausstellun g" is a fault.
BROKEN_WORDS_JS = """
() => {
    const broken = [];
    for (const element of document.querySelectorAll('main a, main h1, main h2, main h3, main p, main li, main td')) {
        if (element.children.length) continue;
        const text = element.textContent.trim();
        if (!text || element.offsetParent === null) continue;
        const range = document.createRange();
        range.selectNodeContents(element);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (lines.size < 2) continue;
        // A line break that falls inside a word shows as a word longer than its element is wide.
        const width = element.getBoundingClientRect().width;
        const probe = document.createElement('span');
        probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:inherit';
        element.appendChild(probe);
        // Addresses (e-mail, web) may break anywhere; compounds may break after their hyphens.
        const words = text.split(/\\s+/).filter(word => !/[@\\/]|\\.\\w/.test(word));
        for (const word of words.flatMap(word => word.split(/(?<=-)/))) {
            probe.textContent = word;
            if (probe.getBoundingClientRect().width > width + 1) broken.push(word);
        }
        probe.remove();
    }
    return broken;
}
"""


def phone_context(browser, width):
    context = browser.new_context(
        locale="de-DE", viewport={"width": width, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    follow_frozen_clock(context)
    return context


def layout_faults(page, width, with_filters):
    """What is wrong with the page at this width, in words; an empty list when nothing is."""
    faults = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        faults.append(f"scrolls sideways: {scroll_width} px wide")
    links = page.locator(".site-footer a")
    if links.count() < 3:
        faults.append(f"only {links.count()} footer links")
    for index in range(links.count()):
        link = links.nth(index)
        try:
            link.click(trial=True, timeout=2_000)
        except Exception as error:  # Playwright names what covers the link
            faults.append(f"footer link {link.inner_text()!r} cannot be tapped: {str(error).splitlines()[0]}")
    summary = page.locator("details.filters > summary")
    if summary.count() != int(with_filters):
        faults.append(f"{summary.count()} folded filter forms")
    for index in range(summary.count()):
        summary.nth(index).click()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            faults.append(f"scrolls sideways with the filters open: {scroll_width} px wide")
    broken = page.evaluate(BROKEN_WORDS_JS)
    if broken:
        faults.append(f"words broken inside: {sorted(set(broken))[:5]}")
    return faults


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_fits_a_phone_and_its_footer_links_can_be_tapped(site, browser, width):
    today = timezone.localdate().isoformat()
    context = phone_context(browser, width)
    page = context.new_page()
    faults = {}
    for name, path in PHONE_PAGES.items():
        response = page.goto(site + path.format(today=today))
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        found = layout_faults(page, width, name in WITH_FILTERS)
        if found:
            faults[f"{name} ({path})"] = found
    context.close()
    assert faults == {}, "\n".join(f"{name}: {'; '.join(found)}" for name, found in faults.items())


def test_a_tap_on_the_last_footer_link_of_the_calendar_opens_that_page(site, browser):
    context = phone_context(browser, 320)
    page = context.new_page()
    page.goto(site + "/termine/")
    link = page.locator(".site-footer a").last
    target = link.get_attribute("href")
    link.click()
    expect(page).to_have_url(site + target if target.startswith("/") else target)
    context.close()


def test_the_month_view_on_a_phone_is_a_compact_grid_with_the_days_listed_below(site, browser):
    today = timezone.localdate()
    context = phone_context(browser, 320)
    page = context.new_page()
    page.goto(f"{site}/termine/monat/{today.year}/{today.month:02d}/")
    grid = page.get_by_role("table")
    assert grid.evaluate("table => table.getBoundingClientRect().width") <= 320
    expect(page.locator(".calendar__cell-list").first).to_be_hidden()
    agenda = page.get_by_role("list", name=f"Termine im {grid.locator('caption').inner_text()} nach Tagen")
    expect(agenda).to_be_visible()
    first_day = agenda.get_by_role("listitem").first
    expect(first_day.get_by_role("heading")).to_have_count(1)
    expect(first_day.get_by_role("link").nth(1)).to_be_visible()  # the day link, then its first date
    assert_no_axe_violations(page)
    context.close()


# Tab stops in the main content before the first result: what a keyboard user passes on a phone.
TAB_STOPS_BEFORE_JS = """
selector => {
    const first = document.querySelector(selector);
    const stops = [...document.querySelectorAll(
        'main a[href], main button, main input, main select, main summary, main [tabindex="0"]'
    )].filter(element => element.checkVisibility() && !element.disabled);
    return stops.indexOf(first);
}
"""


@pytest.mark.parametrize(
    ("path", "first_result", "most_stops"),
    [
        ("/termine/", ".calendar__days a", 9),  # 4 views, 4 quick ranges, the filter
        ("/termine/archiv/", ".calendar__days a", 9),
        ("/termine/monat/", ".calendar__grid-wrapper", 11),  # and the two months either side
        ("/kurse/", ".course-card a", 1),
        ("/praxisbeispiele/", ".example-teaser a", 1),
    ],
)
def test_filters_fold_away_on_a_phone_and_the_results_come_first(
    site, browser, path, first_result, most_stops
):
    context = phone_context(browser, 390)
    page = context.new_page()
    page.goto(site + path)
    summary = page.locator("details.filters > summary")
    expect(summary).to_have_text("Filter")
    expect(page.locator("form button[type=submit]", has_text="Filter anwenden")).to_be_hidden()
    visible_boxes = "boxes => boxes.filter(box => box.checkVisibility()).length"
    assert page.locator("main input[type=checkbox], main select").evaluate_all(visible_boxes) == 0
    stops = page.evaluate(TAB_STOPS_BEFORE_JS, first_result)
    assert 0 <= stops <= most_stops, f"{stops} Tab stops before the first result"
    summary.click()
    expect(page.get_by_role("button", name="Filter anwenden")).to_be_visible()
    assert_no_axe_violations(page)
    context.close()


def test_the_summary_counts_the_active_filters(site, browser):
    context = phone_context(browser, 390)
    page = context.new_page()
    page.goto(site + "/termine/?gemeinde=artern&kostenlos=ja")
    expect(page.locator("details.filters > summary")).to_have_text("Filter (2 aktiv)")
    page.goto(site + "/kurse/?gemeinde=sondershausen&plaetze=frei&suche=Verein")
    expect(page.locator("details.filters > summary")).to_have_text("Filter (3 aktiv)")
    page.goto(site + "/praxisbeispiele/?ebene=3&suche=Verein")
    expect(page.locator("details.filters > summary")).to_have_text("Filter (2 aktiv)")
    page.goto(site + "/termine/?von=2026-12-05&bis=2026-12-06")
    expect(page.locator("details.filters > summary")).to_have_text("Filter (1 aktiv)")
    context.close()


@pytest.mark.parametrize("width", (768, 1280))
def test_the_full_month_grid_keeps_its_words_whole(site, browser, width):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    follow_frozen_clock(context)
    page = context.new_page()
    page.goto(site + "/termine/monat/")
    expect(page.locator(".calendar__cell-list").first).to_be_visible()
    expect(page.locator(".calendar__agenda")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(BROKEN_WORDS_JS) == []
    context.close()
