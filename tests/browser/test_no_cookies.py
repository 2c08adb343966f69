"""A reader in Chromium collects no cookie: every reading address of the demo site in one browser context."""

import pytest

from tests.cms.test_no_cookies import reading_addresses

pytestmark = pytest.mark.browser

# Feeds are downloads in a browser; the context's request client shares its cookie jar.
DOWNLOADS = ("ical/", "rss/", "feed/")


def test_a_reader_visiting_every_page_type_has_no_cookie_afterwards(site, context, page):
    visited = []
    for label, path, status in reading_addresses():
        if path.endswith(DOWNLOADS):
            # an old feed address answers 301 itself: the status asked for is that of this address
            response = context.request.get(site + path, max_redirects=0)
        else:
            response = page.goto(site + path)
        assert response.status == status, f"{label} {path}: {response.status}"
        visited.append(path)
    assert len(visited) >= 25
    assert context.cookies() == []
