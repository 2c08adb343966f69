"""One public address (PUBLIC_BASE_URL): checked by the settings, https in production, set on the Site record by
the seed, and the host of every absolute link: sitemap, JSON-LD, RSS, iCalendar, webcal and the copy field."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management.sql import emit_post_migrate_signal
from django.test import override_settings
from wagtail.models import Site

from cms.content.public_address import point_site_at_public_address, webcal
from cms.content.seeding import SeedContext
from cms.settings.base import _public_base_url
from home.seed import _home_page
from tests.factories import event, in_days, single

BASE_DIR = Path(__file__).resolve().parents[2]
PUBLIC = "https://ehrenamt.kyffhaeuser.example"


@pytest.mark.parametrize(
    "given, public",
    [
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("https://ehrenamt.kyffhaeuser.example:443", "https://ehrenamt.kyffhaeuser.example"),
        ("HTTP://Localhost:80", "http://localhost"),
    ],
)
def test_the_public_address_is_kept_as_scheme_host_and_port(given, public):
    assert _public_base_url(given) == public


@pytest.mark.parametrize(
    "wrong",
    [
        "ehrenamt.kyffhaeuser.example",
        "https://x.example/ehrenamt/",
        "https://x.example:8443",
        "ftp://x.example",
        "",
    ],
)
def test_an_address_with_a_path_another_scheme_or_https_on_another_port_is_refused(wrong):
    with pytest.raises(ImproperlyConfigured, match="PUBLIC_BASE_URL"):
        _public_base_url(wrong)


def settings_value(module, **variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEST_DB", "PUBLIC_BASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE=module, **variables)
    script = (
        "from django.conf import settings; print(settings.PUBLIC_BASE_URL, settings.WAGTAILADMIN_BASE_URL)"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


def test_development_uses_the_address_of_make_run_and_production_only_https():
    assert settings_value("cms.settings.dev").stdout.split() == ["http://127.0.0.1:8000"] * 2

    production = {"SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "ehrenamt.kyffhaeuser.example,127.0.0.1"}
    assert settings_value("cms.settings.production", **production).stdout.split() == [PUBLIC] * 2
    given = settings_value(
        "cms.settings.production", PUBLIC_BASE_URL="https://ehrenamt.example", **production
    )
    assert given.stdout.split() == ["https://ehrenamt.example"] * 2
    refused = settings_value(
        "cms.settings.production", PUBLIC_BASE_URL="http://ehrenamt.example", **production
    )
    assert refused.returncode != 0
    assert "PUBLIC_BASE_URL muss in Produktion mit https:// beginnen" in refused.stderr


@pytest.mark.django_db
def test_the_seed_points_the_site_record_at_the_public_address_on_every_run():
    with override_settings(PUBLIC_BASE_URL="http://127.0.0.1:8000"):
        home = _home_page(SeedContext())
        _home_page(SeedContext())
    site = Site.objects.get()
    assert (site.hostname, site.port, site.root_page_id, site.is_default_site) == (
        "127.0.0.1",
        8000,
        home.pk,
        True,
    )
    assert site.root_url == "http://127.0.0.1:8000"
    with override_settings(PUBLIC_BASE_URL=PUBLIC):
        _home_page(SeedContext())
    site = Site.objects.get()
    assert (site.hostname, site.port, site.root_url) == ("ehrenamt.kyffhaeuser.example", 443, PUBLIC)


@pytest.mark.django_db
def test_every_migrate_points_the_default_site_at_the_public_address():
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    with override_settings(PUBLIC_BASE_URL=PUBLIC):
        emit_post_migrate_signal(
            verbosity=0, interactive=False, db="default"
        )  # the end of `manage.py migrate`
    assert Site.objects.get(is_default_site=True).root_url == PUBLIC


def test_webcal_is_offered_only_for_an_https_address():
    assert webcal(f"{PUBLIC}/termine/ical/") == "webcal://ehrenamt.kyffhaeuser.example/termine/ical/"
    assert webcal("http://127.0.0.1:8000/termine/ical/") == ""


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.mark.django_db
def test_sitemap_json_ld_feeds_and_the_subscription_box_use_the_public_address(client, calendar_page):
    page = event(calendar_page, "Vereinsstammtisch Bendeleben", [single(in_days(9))])
    with override_settings(PUBLIC_BASE_URL=PUBLIC):
        point_site_at_public_address(Site.objects.get(is_default_site=True))  # what the seed does
        sitemap = client.get("/sitemap.xml")
        event_html = client.get(page.url).content.decode()
        calendar_html = client.get(calendar_page.url).content.decode()
        rss = client.get(calendar_page.url + "rss/")
        ical = client.get(calendar_page.url + "ical/")

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(sitemap.content).findall("s:url/s:loc", namespace)]
    assert f"{PUBLIC}{page.url}" in locations
    assert all(location.startswith(f"{PUBLIC}/") for location in locations)

    data = json_ld(event_html)
    (event_data,) = [item for item in data if item.get("@type") == "Event"]
    assert event_data["url"] == f"{PUBLIC}{page.url}"
    (breadcrumbs,) = [item for item in data if item.get("@type") == "BreadcrumbList"]
    assert all(item["item"].startswith(f"{PUBLIC}/") for item in breadcrumbs["itemListElement"])
    assert f'href="webcal://ehrenamt.kyffhaeuser.example{page.url}ical/"' in event_html

    assert f'<code class="calendar__feed-url">{PUBLIC}{calendar_page.url}ical/</code>' in calendar_html
    assert f'href="webcal://ehrenamt.kyffhaeuser.example{calendar_page.url}ical/"' in calendar_html

    channel = ET.fromstring(rss.content).find("channel")
    assert channel.findtext("link") == f"{PUBLIC}{calendar_page.url}"
    assert [item.findtext("link") for item in channel.findall("item")] == [f"{PUBLIC}{page.url}"]
    (vevent,) = icalendar.Calendar.from_ical(ical.content).walk("VEVENT")
    assert str(vevent["URL"]) == f"{PUBLIC}{page.url}"


@pytest.mark.django_db
def test_on_an_http_address_the_box_offers_the_address_to_copy_and_no_webcal_link(client, calendar_page):
    with override_settings(PUBLIC_BASE_URL="http://127.0.0.1:8000"):
        point_site_at_public_address(Site.objects.get(is_default_site=True))  # what the seed does
        html = client.get(calendar_page.url).content.decode()
    assert f'<code class="calendar__feed-url">http://127.0.0.1:8000{calendar_page.url}ical/</code>' in html
    assert "webcal://" not in html
    assert "localhost" not in html  # canonical link and breadcrumbs follow the Site record the seed set
