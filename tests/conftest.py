"""Shared fixtures: a site whose root is our HomePage, and the seeded demo site."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, NewsIndexPageFactory


@pytest.fixture
def home(db):
    """A HomePage as root of the default site (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.save()
    if old_root.pk != home.pk:
        old_root.delete()
    return home


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def seeded(db):
    """The full demo content as `manage.py seed_demo` creates it."""
    call_command("seed_demo", verbosity=0)
    return Site.objects.get(is_default_site=True).root_page.specific
