"""The site loads everything from itself: no request to another host, KERN's stylesheet and font arrive."""

from urllib.parse import urlsplit

import pytest

from tests.browser.support import PAGE_TYPES

pytestmark = pytest.mark.browser


def test_every_page_type_loads_only_from_the_site_itself_and_kern_styles_and_font_apply(site, page):
    requests = []  # (page type being visited, requested URL)
    responses = {}
    visiting = {"name": None}
    page.on("request", lambda request: requests.append((visiting["name"], request.url)))
    page.on("response", lambda response: responses.setdefault(urlsplit(response.url).path, response.status))

    for name, (path, status) in PAGE_TYPES.items():
        visiting["name"] = name
        response = page.goto(site + path)
        assert response.status == status, f"{name}: {path} answered {response.status}"
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px \"Fira Sans\"'))")

    own = urlsplit(site)
    foreign = [
        f"{name}: {url}"
        for name, url in requests
        if not url.startswith("data:")
        and (urlsplit(url).scheme, urlsplit(url).netloc) != (own.scheme, own.netloc)
    ]
    assert len(requests) > len(PAGE_TYPES)
    assert foreign == [], "requests to other hosts:\n" + "\n".join(foreign)

    assert responses.get("/static/kern/kern.min.css") == 200
    assert responses.get("/static/kern/fonts/fira-sans.css") == 200
    fonts = {path: status for path, status in responses.items() if path.endswith(".woff2")}
    assert fonts, "no web font was requested"
    assert all(path.startswith("/static/kern/fonts/") for path in fonts), fonts
    assert set(fonts.values()) == {200}, fonts
    failed = {
        path: status for path, status in responses.items() if status >= 400 and path != "/gibt-es-nicht/"
    }
    assert failed == {}, failed

    page.goto(site + "/")

    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Fira Sans"')
    action_colour = page.evaluate(
        "getComputedStyle(document.body).getPropertyValue('--kern-color-action-default').trim()"
    )
    assert action_colour != ""
    search_button = page.get_by_role("search").get_by_role("button", name="Suchen")
    assert search_button.evaluate("b => getComputedStyle(b).minHeight") == "48px"
