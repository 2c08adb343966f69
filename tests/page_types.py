"""What the page-type tests of the apps share: a WagtailPageTestCase with our HomePage as site root, the
admin edit form as a browser sends it, a page's JSON-LD and the number of queries a page needs.

Fixtures live in the conftest.py files and factories in tests/factories.py; this module holds the test
base class and helpers that are neither."""

import json
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from tests.factories import home_as_site_root

CHANGED_TEXT = "Geänderter Text"


def json_ld_blocks(html: str) -> list[dict]:
    """The JSON-LD blocks of a page, parsed, in their order."""
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in found]


def json_ld_by_type(html: str) -> dict[str, dict]:
    return {block["@type"]: block for block in json_ld_blocks(html)}


def queries_for(client, url, params=None, warm_ups=1) -> int:
    """The queries one GET of ``url`` needs once ``warm_ups`` GETs have filled the caches, as on a running
    site (the first request of a test also creates the site settings)."""
    for _ in range(warm_ups):
        client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


class PageTypesTestCase(WagtailPageTestCase):
    """The page types of one app below ``cls.home``, the root of the default site; a subclass adds its pages
    in ``setUpTestData`` after calling ``super().setUpTestData()``."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.home = home_as_site_root()

    def superuser(self):
        user = get_user_model().objects.filter(username="redaktion-test").first()
        return user or self.create_superuser("redaktion-test")

    def edit_form_data(self, page) -> dict:
        """The edit form of ``page`` as the browser would send it to publish, with one paragraph of
        CHANGED_TEXT in every StreamField that offers paragraphs (the others emptied)."""
        self.client.force_login(self.superuser())
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.id])).content.decode()
        self.client.logout()
        data = dict(querydict_from_html(html, form_id="page-edit-form").lists())
        for field in page.specific_class._meta.get_fields():
            if isinstance(field, StreamField):
                offers_paragraphs = "paragraph" in field.stream_block.child_blocks
                blocks = [("paragraph", rich_text(f"<p>{CHANGED_TEXT}</p>"))] if offers_paragraphs else []
                data.update(nested_form_data({field.name: streamfield(blocks)}))
        data["action-publish"] = "action-publish"
        return data

    def post_edit_form(self, page, data):
        """Sends the edit form of ``page`` as a superuser; returns the response."""
        self.client.force_login(self.superuser())
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), data)
