"""axe-core finds no WCAG 2.2 AA violation on any page type, on a desktop and on a phone."""

import pytest

from tests.browser.support import (
    PAGE_TYPES,
    PHONE,
    assert_no_axe_violations,
    axe_violations,
    describe_violations,
)

pytestmark = pytest.mark.browser


def test_every_page_type_passes_axe_wcag_aa_audit(site, page):
    violations = {}
    for name, (path, status) in PAGE_TYPES.items():
        response = page.goto(site + path)
        assert response.status == status, f"{name}: {path} answered {response.status}"
        violations[name] = axe_violations(page)

    report = "\n".join(
        f"{name} ({PAGE_TYPES[name][0]}):\n{describe_violations(found)}"
        for name, found in violations.items()
        if found
    )
    assert violations == {name: [] for name in PAGE_TYPES}, f"axe-core found violations:\n{report}"


def test_home_page_and_news_article_pass_axe_audit_on_a_phone(site, phone_page):
    assert phone_page.viewport_size == PHONE
    for path in ["/", "/aktuelles/meldung-0001/"]:
        response = phone_page.goto(site + path)
        assert response.status == 200
        assert_no_axe_violations(phone_page)
