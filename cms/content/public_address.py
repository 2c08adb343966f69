"""The one public address of the site (``settings.PUBLIC_BASE_URL``) and the absolute links built from it.

Mails, iCalendar and RSS feeds, the subscription box ("Adresse zum Kopieren", webcal) and the help page
build their absolute links here, never from the address a request happened to arrive at. Wagtail's own
absolute links (``get_full_url``: sitemap, JSON-LD, breadcrumbs, canonical link) come from the default Site
record, which ``manage.py seed_demo`` and every ``manage.py migrate`` point at the same address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections
from wagtail.models import Site


def base_url() -> str:
    """``https://name.example`` or ``http://127.0.0.1:8000``: scheme, host and a port, no slash at the end."""
    return settings.PUBLIC_BASE_URL.rstrip("/")


def is_https() -> bool:
    return base_url().startswith("https://")


def absolute(url: str | None) -> str:
    """A site path ("/termine/") as a full link on the public address; a full link stays as it is."""
    if not url:
        return ""
    if urlsplit(url).scheme:
        return url
    return base_url() + ("" if url.startswith("/") else "/") + url


def page_url(page) -> str:
    """The full public link of a page (its path on the public address)."""
    return absolute(page.get_url())


def webcal(url: str) -> str:
    """The webcal:// form of a feed link, only for an https address: calendar programs fetch webcal://
    over https, so on an http address (the local demo) there is no subscription link to offer."""
    if not url.startswith("https://"):
        return ""
    return "webcal://" + url[len("https://") :]


def site_address() -> tuple[str, int]:
    """Hostname and port of the public address, as Wagtail's Site record stores them."""
    parts = urlsplit(base_url())
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def point_site_at_public_address(site, using=None) -> bool:
    """Sets hostname and port of ``site`` to the public address; True when something changed."""
    hostname, port = site_address()
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])
    return True


def site_follows_public_address(using="default", **kwargs) -> None:
    """post_migrate (connected in CmsConfig.ready): every `manage.py migrate`, e.g. on each deployment, points
    the default Site record at PUBLIC_BASE_URL, so Wagtail's own full links agree with the mails and feeds
    also where the demo seed never runs. Change the address in the setting, not in the admin's "Websites"."""

    if Site._meta.db_table not in connections[using].introspection.table_names():
        return  # a partial migrate before Wagtail's tables exist
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is not None:
        point_site_at_public_address(site, using=using)
