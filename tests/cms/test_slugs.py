"""Addresses write German letters out: ß → ss, ä → ae, ö → oe, ü → ue, for pages and vocabularies."""

from datetime import date, time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.content.slugs import german_slugify, transliterate_slug
from cms.models import Municipality
from home.models import ContentPage
from netzwerk.events import create_event


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Treffen in Greußen", "treffen-in-greussen"),
        ("Bürgerhaus Oldisleben", "buergerhaus-oldisleben"),
        ("Größere Förderung für Übungsleiter", "groessere-foerderung-fuer-uebungsleiter"),
        ("ÄRGER MIT ÖL", "aerger-mit-oel"),
        ("Café für Ältere", "cafe-fuer-aeltere"),
    ],
)
def test_german_slugify_writes_the_german_letters_out(text, slug):
    assert german_slugify(text) == slug


def test_an_ascii_slug_stays_as_the_editor_wrote_it():
    assert transliterate_slug("herbst_2027-artern") == "herbst_2027-artern"


def test_a_page_without_slug_gets_its_address_from_the_title_in_ascii(home):
    page = ContentPage(title="Treffen in Greußen")
    home.add_child(instance=page)
    assert page.slug == "treffen-in-greussen"
    assert page.url.endswith("/treffen-in-greussen/")


def test_a_page_slug_with_umlauts_is_written_out_on_save(home):
    page = ContentPage(title="Das Bürgerhaus", slug="bürgerhaus-weißensee")
    home.add_child(instance=page)
    page.refresh_from_db()
    assert page.slug == "buergerhaus-weissensee"


def test_two_pages_with_the_same_german_title_get_distinct_ascii_slugs(home):
    first = ContentPage(title="Öffnungszeiten")
    home.add_child(instance=first)
    second = ContentPage(title="Öffnungszeiten")
    home.add_child(instance=second)
    assert (first.slug, second.slug) == ("oeffnungszeiten", "oeffnungszeiten-2")


def test_a_submitted_event_with_sharp_s_in_its_title_gets_an_ascii_address(calendar_page, vocab):
    page = create_event(
        calendar_page,
        venue=vocab["vereinsheim"],
        title="Straßenfest in Greußen",
        teaser="Musik und Kuchen.",
        rules=[{"start_date": date(2027, 6, 5), "start_time": time(14), "end_time": time(18)}],
    )
    assert page.slug == "strassenfest-in-greussen"


def test_a_vocabulary_entry_with_umlauts_is_saved_with_an_ascii_slug(db):
    entry = Municipality.objects.create(name="Großenehrich-Test", slug="großenehrich-test")
    entry.refresh_from_db()
    assert entry.slug == "grossenehrich-test"


def test_a_vocabulary_entry_with_umlauts_passes_full_clean(db):
    entry = Municipality(name="Kölleda-Test", slug="kölleda-test")
    entry.full_clean()
    assert entry.slug == "koelleda-test"


def test_every_editor_loads_the_german_slug_auto_fill(client, home):
    admin = get_user_model().objects.create_superuser("chefin", "chefin@example.org", "geheim-und-lang-1")
    client.force_login(admin)
    html = client.get(
        reverse("wagtailadmin_pages:add", args=["home", "contentpage", home.pk])
    ).content.decode()
    assert "cms/admin/german-slugs.js" in html
