"""Chromium's pages run on the frozen clock of the suite (tests/conftest.py), not on the system clock."""

from datetime import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def test_a_page_in_chromium_sees_the_frozen_day_of_the_server(site, page, frozen_today):
    page.goto(site + "/")
    shown = page.evaluate("new Date().toISOString()")
    moment = timezone.localtime(datetime.fromisoformat(shown.replace("Z", "+00:00")))
    assert moment.date() == frozen_today
    assert abs((moment - timezone.now()).total_seconds()) < 120


def test_the_calendar_marks_the_frozen_today(site, page, frozen_today):
    page.goto(f"{site}/termine/monat/{frozen_today.year}/{frozen_today.month:02d}/")
    assert (
        page.locator('a[aria-current="date"]')
        .get_attribute("href")
        .endswith(f"/termine/tag/{frozen_today.isoformat()}/")
    )
