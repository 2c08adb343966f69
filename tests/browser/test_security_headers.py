"""The Content-Security-Policy in Chromium: the admin and the public site work under it, injected script is blocked.

Every context here honours the CSP (no `bypass_csp`) and records each `securitypolicyviolation` event of
every document and iframe in `window.__cspViolations` (registered before any page script runs).
"""

import re

import pytest
from wagtail.models import Revision, Site

from home.models import NewsPage
from netzwerk.models import EventPage
from tests.browser.support import PAGE_TYPES
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        page: location.pathname,
    });
});
"""


@pytest.fixture
def csp_context(browser):
    """A context that enforces the site's CSP and records every violation on every page and frame."""
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


@pytest.fixture
def editor_page(site, csp_context):
    """A page of the CSP-enforcing context, logged into the admin as the demo admin."""
    page = csp_context.new_page()
    page.goto(site + "/admin/login/")
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], "the login page itself"
    page.fill("#id_username", "admin")
    page.fill("#id_password", "ehrenamt-demo")
    page.click("form button[type=submit]")
    page.wait_for_url(site + "/admin/")
    return page


def violations(page):
    """The violations recorded so far by the page's main document and all of its frames."""
    found = []
    for frame in page.frames:
        if frame.url.startswith("http"):
            found += frame.evaluate("window.__cspViolations || []")
    return found


def script_violations(page):
    return [v for v in violations(page) if v["directive"].startswith("script-src")]


def open_editor(page, site, model):
    target = model.objects.live().order_by("pk").first()
    response = page.goto(f"{site}/admin/pages/{target.pk}/edit/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    return target


def test_admin_login_dashboard_and_edit_views_raise_no_csp_violation(site, editor_page):
    page = editor_page
    response = page.goto(site + "/admin/")
    assert response.status == 200
    assert (
        "'unsafe-inline'" not in re.search(r"script-src[^;]*", response.headers["content-security-policy"])[0]
    )
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], "dashboard"
    for model in (NewsPage, EventPage):
        open_editor(page, site, model)
        # Every widget Wagtail would have started with an inline script was started by admin-csp.js.
        assert page.locator("[data-csp-init]").count() == 0
        assert page.locator("script:not([src]):not([type])").count() == 0
        assert violations(page) == [], model.__name__

    assert violations(page) == []


def test_date_pickers_choosers_and_inline_panels_work_under_the_csp(site, editor_page):
    page = editor_page
    open_editor(page, site, EventPage)
    forms_before = int(page.input_value("#id_date_rules-TOTAL_FORMS"))

    page.click("#id_date_rules-ADD")

    assert int(page.input_value("#id_date_rules-TOTAL_FORMS")) == forms_before + 1
    new_date = page.locator(f"#id_date_rules-{forms_before}-start_date")
    new_date.click()
    page.locator(".xdsoft_datetimepicker:visible").wait_for(state="visible")
    page.locator(".xdsoft_datetimepicker:visible td.xdsoft_date:not(.xdsoft_other_month)").first.click()
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", new_date.input_value())
    # The snippet chooser of the venue opens its modal (started by admin-csp.js, not an inline script).
    page.evaluate("document.querySelector('#id_venue-chooser [data-chooser-action-choose]').click()")
    heading = page.locator(".modal:visible h1").first.inner_text()
    assert "veranstaltungsort" in heading.lower()
    assert page.locator(".modal:visible tbody tr").count() > 0
    assert script_violations(page) == []


def test_image_chooser_modal_and_saving_a_draft_work_under_the_csp(site, editor_page):
    page = editor_page
    news = open_editor(page, site, NewsPage)
    page.evaluate("document.querySelector('#id_image-chooser [data-chooser-action-choose]').click()")
    modal = page.locator(".modal:visible")
    modal.locator("a.image-choice").first.click()
    page.wait_for_selector(".modal", state="hidden")
    assert page.input_value("#id_image") != ""
    page.fill("#id_title", "Meldung unter strenger Richtlinie")

    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_load_state("networkidle")

    latest = Revision.page_revisions.filter(object_id=str(news.pk)).order_by("-created_at").first()
    assert latest.content["title"] == "Meldung unter strenger Richtlinie"
    assert latest.content["image"] == int(page.input_value("#id_image"))
    assert script_violations(page) == []


def test_page_preview_renders_in_its_same_origin_iframe_without_csp_violation(site, editor_page):
    page = editor_page
    news = open_editor(page, site, NewsPage)

    page.click('[data-side-panel-toggle="preview"]')
    preview = page.frame_locator("#w-preview-iframe")
    assert preview.locator("h1").first.inner_text(timeout=15_000) == news.title

    preview_frames = [frame for frame in page.frames if "/preview/" in frame.url]
    assert preview_frames, [frame.url for frame in page.frames]
    assert script_violations(page) == []


def test_public_pages_raise_no_csp_violation_and_their_script_runs(site, csp_context):
    page = csp_context.new_page()
    for name, (path, status) in PAGE_TYPES.items():
        response = page.goto(site + path)
        assert response.status == status, name
        assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], name


def test_an_inline_script_injected_into_a_public_page_is_blocked(site, browser, csp_context):
    injected = "<script>document.documentElement.dataset.injected = 'ja'</script></body>"

    def inject(route):
        response = route.fetch()
        body = response.text().replace("</body>", injected)
        route.fulfill(response=response, body=body)

    def visit(context):
        page = context.new_page()
        page.route(re.compile(r".*/aktuelles/$"), inject)
        response = page.goto(site + "/aktuelles/")
        assert injected in response.text() or "dataset.injected" in page.content()
        return page

    enforcing = visit(csp_context)
    assert enforcing.evaluate("document.documentElement.dataset.injected") is None
    assert [v["directive"] for v in violations(enforcing)] == ["script-src-elem"]

    # Control: the same injection runs where the CSP is bypassed, so the check above can fail.
    bypassing = browser.new_context(bypass_csp=True)
    try:
        assert visit(bypassing).evaluate("document.documentElement.dataset.injected") == "ja"
    finally:
        bypassing.close()


def test_editor_sees_a_public_page_with_the_userbar_without_script_violation(site, editor_page):
    page = editor_page
    response = page.goto(site + NewsPage.objects.live().order_by("pk").first().url)

    assert response.status == 200
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    assert script_violations(page) == []


def test_two_click_video_frames_its_player_only_after_the_click_and_the_csp_allows_it(site, csp_context):
    home = Site.objects.get(is_default_site=True).root_page.specific
    video_page = ContentPageFactory(
        parent=home,
        title="Video im Test",
        slug="video-im-test",
        body=[("video", {"title": "Ehrenamt erklärt", "url": "https://www.youtube.com/watch?v=abc123"})],
    )
    player_requests = []

    def fake_player(route):  # nothing leaves the machine: the player address answers from here
        player_requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Player</title>")

    page = csp_context.new_page()
    page.route("https://www.youtube-nocookie.com/**", fake_player)
    page.goto(site + video_page.url)
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert player_requests == []

    page.get_by_role("button", name="Video abspielen: Ehrenamt erklärt").click()

    frame = page.locator("iframe.video__frame")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abc123?autoplay=1"
    page.wait_for_load_state("networkidle")
    assert player_requests == ["https://www.youtube-nocookie.com/embed/abc123?autoplay=1"]
    assert violations(page) == []


def test_the_admin_views_editors_use_raise_no_script_violation(site, editor_page):
    from django.urls import reverse
    from wagtail.admin.admin_url_finder import AdminURLFinder
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Workflow

    from cms.models import Venue
    from netzwerk.models import CalendarPage

    finder = AdminURLFinder()
    calendar = CalendarPage.objects.live().first()
    home = Site.objects.get(is_default_site=True).root_page
    views = {
        "Seitenbaum": f"/admin/pages/{home.pk}/",
        "Veranstaltung anlegen": f"/admin/pages/add/netzwerk/eventpage/{calendar.pk}/",
        "Veranstaltungsort bearbeiten": finder.get_edit_url(Venue.objects.first()),
        "Bild bearbeiten": finder.get_edit_url(Image.objects.first()),
        "Dokument bearbeiten": finder.get_edit_url(Document.objects.first()),
        "Benutzer anlegen": reverse("wagtailusers_users:add"),
        "Konto": reverse("wagtailadmin_account"),
        "Workflow bearbeiten": reverse("wagtailadmin_workflows:edit", args=[Workflow.objects.first().pk]),
        "Navigation und Fußbereich": f"/admin/settings/cms/siteconfiguration/{home.get_site().pk}/",
        "Suche": "/admin/pages/search/?q=Ehrenamt",
    }
    found = {}
    for name, path in views.items():
        response = editor_page.goto(site + path)
        assert response.status == 200, name
        editor_page.wait_for_load_state("networkidle")
        found[name] = script_violations(editor_page)

    assert found == {name: [] for name in views}
