"""Every public form stops a client after its hourly limit with 429, a German page and Retry-After,
stores nothing more, and still takes the next client (cms.forms.ratelimit)."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.public_forms import FORMS, main_text, post_form

pytestmark = pytest.mark.django_db

LIMIT_SETTINGS = {
    "Kursanmeldung": "COURSE_REGISTRATIONS_PER_HOUR",
    "Veranstaltung melden": "NETZWERK_SUBMISSIONS_PER_HOUR",
    "Praxisbeispiel vorschlagen": "PRAXIS_PROPOSALS_PER_HOUR",
    "Barriere melden": "BARRIER_REPORTS_PER_HOUR",
}


def test_each_public_form_answers_429_in_german_after_its_limit_and_stores_nothing_more(
    web, settings, public_form
):
    assert set(LIMIT_SETTINGS) == set(FORMS)  # a new form needs its limit here
    url, data = public_form.url, public_form.data
    setattr(settings, LIMIT_SETTINGS[public_form.name], 2)
    cache.clear()
    assert post_form(web, url, data("limit-1")).status_code == 302
    assert post_form(web, url, data("limit-2")).status_code == 302
    before = public_form.stored()

    third = post_form(web, url, data("limit-3"))

    assert third.status_code == 429
    assert third["Retry-After"] == "3600"
    assert '<html lang="de"' in third.content.decode()
    assert "Von Ihrem Anschluss" in main_text(third)
    assert "Bitte versuchen Sie es" in main_text(third)
    assert public_form.stored() == before
    other = post_form(Client(REMOTE_ADDR="192.0.2.44"), url, data("anderer-anschluss"))
    assert other.status_code == 302
