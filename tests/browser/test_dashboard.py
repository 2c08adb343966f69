"""The editors' dashboard in Chromium: the panels of cms.editors.dashboard with seeded data pass axe (WCAG 2.2 AA)."""

from datetime import timedelta

from django.utils import timezone

from home.models import FundingProgrammePage, NewsPage
from tests.browser.support import AXE_JS, AXE_TAGS, describe_violations, log_in_to_the_admin

PANELS = {
    "zur-pruefung-eingereicht": "Zur Prüfung eingereicht",
    "kurse-naechste-14-tage": "Kurse in den nächsten 14 Tagen",
    "foerderfristen": "Förderfristen in den nächsten 30 Tagen",
    "pruefung-faellig": "Prüfung fällig",
    "laeuft-bald-ab": "Läuft bald ab",
}


def test_dashboard_panels_show_seeded_items_and_pass_axe(site, page):
    today = timezone.localdate()
    news = NewsPage.objects.order_by("pk").first()
    NewsPage.objects.filter(pk=news.pk).update(review_date=today - timedelta(days=3))
    programme = FundingProgrammePage.objects.order_by("pk").first()
    FundingProgrammePage.objects.filter(pk=programme.pk).update(deadline=today + timedelta(days=9))

    log_in_to_the_admin(page, site)  # opens the dashboard with the changes above

    for name, heading in PANELS.items():
        section = page.locator(f"#{name}-section")
        assert section.locator("h2").inner_text().strip() == heading
    due = page.locator("#pruefung-faellig-section tbody tr").first
    assert news.title in due.inner_text()
    assert "überfällig seit 3 Tagen" in due.inner_text()
    assert "in 9 Tagen" in page.locator("#foerderfristen-section").inner_text()

    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """tags => axe.run({include: [['.cms-dashboard-panel']]}, {runOnly: {type: 'tag', values: tags}})
            .then(result => result.violations)""",
        AXE_TAGS,
    )
    assert violations == [], describe_violations(violations)
