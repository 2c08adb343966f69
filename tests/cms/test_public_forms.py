"""What every public form shares (cms.forms.public, templates/components/): the form page with its CSRF
token, hidden honeypot and privacy link; the honeypot and a missing consent answer 400 in German and store
nothing; HEAD like GET, OPTIONS with the accepted methods, others 405. Rate limits: tests/cms/test_rate_limits.py."""

import re

import pytest
from django.core import mail

from tests.public_forms import FORMS, assert_german_error, main_text, post_form

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


def test_every_public_form_is_covered_here():
    assert set(SPAM_MESSAGES) == set(CONSENT_MESSAGES) == set(FORMS)  # a new form needs its texts here


def test_each_form_page_has_a_csrf_token_a_hidden_honeypot_and_links_the_privacy_page(web, public_form):
    response = web.get(public_form.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    honeypot = re.search(r'<div class="hp-field">.*?(<input[^>]*name="homepage"[^>]*>)', html, re.S)
    assert honeypot, "no honeypot input inside div.hp-field"
    assert 'tabindex="-1"' in honeypot.group(1)
    assert "Bitte dieses Feld leer lassen" in html
    assert re.search(r'name="consent"[^>]*>\s*<label[^>]*>[^<]*<a class="kern-link" href="/datenschutz/">'
                     r"Zur Datenschutzerklärung</a>", html)  # fmt: skip


def test_a_filled_honeypot_answers_400_in_german_and_stores_and_sends_nothing(web, public_form):
    before = public_form.stored()
    mail.outbox.clear()

    response = post_form(
        web, public_form.url, {**public_form.data("honigtopf"), "homepage": "https://spam.example"}
    )

    assert_german_error(response, 400)
    assert SPAM_MESSAGES[public_form.name] in main_text(response)
    assert 'value="https://spam.example"' not in response.content.decode()  # an empty form again
    assert public_form.stored() == before
    assert mail.outbox == []


def test_a_missing_consent_answers_400_in_german_keeps_the_input_and_stores_nothing(web, public_form):
    values = public_form.data("ohne-einverstaendnis")
    values.pop("consent")
    before = public_form.stored()

    response = post_form(web, public_form.url, values)

    assert_german_error(response, 400)
    text = main_text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in text
    assert CONSENT_MESSAGES[public_form.name] in text
    assert f'value="{values["email"]}"' in response.content.decode()
    assert public_form.stored() == before


def test_other_methods_than_get_and_post_answer_405_in_german(web, public_form):
    before = public_form.stored()

    response = web.put(public_form.url)

    assert_german_error(response, 405)
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert public_form.stored() == before


def test_head_answers_like_get_without_a_body_and_stores_nothing(web, public_form):
    before = public_form.stored()
    page = web.get(public_form.url)

    response = web.head(public_form.url)

    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == page["Content-Type"]
    assert int(response["Content-Length"]) > 1000
    assert public_form.stored() == before


def test_options_names_exactly_the_methods_the_form_page_accepts(web, public_form):
    before = public_form.stored()

    response = web.options(public_form.url)

    assert response.status_code == 200
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert response.content == b""
    for method in ("put", "delete", "patch"):
        assert getattr(web, method)(public_form.url).status_code == 405
    assert public_form.stored() == before
