"""What every public form shares (cms.forms.public, templates/components/): the form page with its CSRF
token, hidden honeypot and privacy link; the honeypot and a missing consent answer 400 in German and store
nothing; HEAD like GET, OPTIONS with the accepted methods, others 405. Rate limits: tests/cms/test_rate_limits.py."""

import re

import pytest
from django.core import mail

from tests.public_forms import FORMS, assert_german_error, form_body, main_text

pytestmark = pytest.mark.django_db

SPAM_MESSAGES = {
    "Kursanmeldung": "Ihre Anmeldung konnte nicht angenommen werden.",
    "Veranstaltung melden": "Ihre Meldung konnte nicht angenommen werden.",
    "Praxisbeispiel vorschlagen": "Ihr Vorschlag konnte nicht angenommen werden.",
    "Barriere melden": "Ihre Meldung konnte nicht angenommen werden.",
}
CONSENT_MESSAGES = {
    "Kursanmeldung": "Ohne Ihr Einverständnis können wir Ihre Anmeldung nicht annehmen.",
    "Veranstaltung melden": "Ohne Ihr Einverständnis können wir die Meldung nicht bearbeiten.",
    "Praxisbeispiel vorschlagen": "Ohne Ihr Einverständnis können wir den Vorschlag nicht bearbeiten.",
    "Barriere melden": "Wenn Sie Name oder E-Mail-Adresse angeben, brauchen wir Ihr Einverständnis.",
}


def post(client, url, data):
    return client.post(url, form_body(data.items()), content_type="application/x-www-form-urlencoded")


def test_every_public_form_is_covered_here():
    assert set(SPAM_MESSAGES) == set(CONSENT_MESSAGES) == set(FORMS)  # a new form needs its texts here


@pytest.mark.parametrize("form", FORMS)
def test_each_form_page_has_a_csrf_token_a_hidden_honeypot_and_links_the_privacy_page(web, demo, form):
    url_of, _data, _stored = FORMS[form]

    response = web.get(url_of(demo))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    honeypot = re.search(r'<div class="hp-field">.*?(<input[^>]*name="homepage"[^>]*>)', html, re.S)
    assert honeypot, "no honeypot input inside div.hp-field"
    assert 'tabindex="-1"' in honeypot.group(1)
    assert "Bitte dieses Feld leer lassen" in html
    assert re.search(r'name="consent"[^>]*>\s*<label[^>]*>[^<]*<a class="kern-link" href="/datenschutz/">'
                     r"Zur Datenschutzerklärung</a>", html)  # fmt: skip


@pytest.mark.parametrize("form", FORMS)
def test_a_filled_honeypot_answers_400_in_german_and_stores_and_sends_nothing(web, demo, form):
    url_of, data, stored = FORMS[form]
    before = stored()
    mail.outbox.clear()

    response = post(web, url_of(demo), {**data("honigtopf"), "homepage": "https://spam.example"})

    assert_german_error(response, 400)
    assert SPAM_MESSAGES[form] in main_text(response)
    assert 'value="https://spam.example"' not in response.content.decode()  # an empty form again
    assert stored() == before
    assert mail.outbox == []


@pytest.mark.parametrize("form", FORMS)
def test_a_missing_consent_answers_400_in_german_keeps_the_input_and_stores_nothing(web, demo, form):
    url_of, data, stored = FORMS[form]
    values = data("ohne-einverstaendnis")
    values.pop("consent")
    before = stored()

    response = post(web, url_of(demo), values)

    assert_german_error(response, 400)
    text = main_text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in text
    assert CONSENT_MESSAGES[form] in text
    assert f'value="{values["email"]}"' in response.content.decode()
    assert stored() == before


@pytest.mark.parametrize("form", FORMS)
def test_other_methods_than_get_and_post_answer_405_in_german(web, demo, form):
    url_of, _data, stored = FORMS[form]
    before = stored()

    response = web.put(url_of(demo))

    assert_german_error(response, 405)
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert stored() == before


@pytest.mark.parametrize("form", FORMS)
def test_head_answers_like_get_without_a_body_and_stores_nothing(web, demo, form):
    url_of, _data, stored = FORMS[form]
    before = stored()
    page = web.get(url_of(demo))

    response = web.head(url_of(demo))

    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == page["Content-Type"]
    assert int(response["Content-Length"]) > 1000
    assert stored() == before


@pytest.mark.parametrize("form", FORMS)
def test_options_names_exactly_the_methods_the_form_page_accepts(web, demo, form):
    url_of, _data, stored = FORMS[form]
    before = stored()

    response = web.options(url_of(demo))

    assert response.status_code == 200
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert response.content == b""
    for method in ("put", "delete", "patch"):
        assert getattr(web, method)(url_of(demo)).status_code == 405
    assert stored() == before
