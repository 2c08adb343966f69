"""Each page type declares its own block list from the shared vocabulary; stored content stays valid."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.template.loader import get_template
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import content_blocks
from tests.factories import event, single

APP_BLOCKS = {"upcoming_events", "calendar_subscription", "upcoming_courses", "practice_examples"}
VOCABULARY = {name for name, _ in content_blocks()}


def page_stream_fields():
    """(label, StreamField) for every StreamField of every page model of the project."""
    return [
        (f"{model._meta.label}.{field.name}", field)
        for model in apps.get_models()
        if issubclass(model, Page)
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    ]


def offered(label):
    return set(dict(page_stream_fields())[label].stream_block.child_blocks)


def walk(block):
    """The block and all blocks inside it."""
    yield block
    if isinstance(block, blocks.ListBlock):
        yield from walk(block.child_block)
    for child in getattr(block, "child_blocks", {}).values():
        yield from walk(child)


def test_home_and_content_pages_offer_the_vocabulary_plus_dates_courses_and_good_practice():
    for label in ("home.HomePage.body", "home.ContentPage.body"):
        assert offered(label) == VOCABULARY | APP_BLOCKS, label


def test_an_event_description_takes_further_dates_but_no_courses():
    assert offered("netzwerk.EventPage.description") == VOCABULARY | {"upcoming_events"}


def test_a_course_description_takes_no_event_lists():
    names = offered("qualifizierung.CoursePage.content")
    assert names == VOCABULARY | {"practice_examples"}
    assert not names & {"upcoming_events", "calendar_subscription"}


def test_the_library_takes_only_its_saved_query_besides_the_vocabulary():
    assert offered("praxisbeispiele.LibraryPage.body") == VOCABULARY | {"practice_examples"}


def test_news_beirat_and_funding_pages_have_their_own_lists():
    assert offered("home.NewsPage.body") == VOCABULARY | {"upcoming_events", "upcoming_courses"}
    assert offered("home.BeiratPage.body") == VOCABULARY | {"upcoming_events"}
    assert offered("home.FundingProgrammePage.body") == VOCABULARY | {"upcoming_courses", "practice_examples"}


def test_no_two_stream_fields_share_a_block_list_or_a_top_level_block():
    """A change to one page type's list can then never alter another's (nor its migration)."""
    owners = {}
    for label, field in page_stream_fields():
        for block in [field.stream_block, *field.stream_block.child_blocks.values()]:
            assert owners.setdefault(id(block), label) == label, (label, owners[id(block)], block)


def test_adding_a_block_to_one_page_type_changes_only_that_page_types_field():
    from home.models import ContentPage, HomePage
    from netzwerk.models import EventPage

    event_field = EventPage._meta.get_field("description")
    home_field = HomePage._meta.get_field("body")
    before = {label: field.deconstruct()[2] for label, field in page_stream_fields()}
    event_field.stream_block.child_blocks["extra"] = blocks.CharBlock(label="Zusatz")
    try:
        after = {label: field.deconstruct()[2] for label, field in page_stream_fields()}
    finally:
        del event_field.stream_block.child_blocks["extra"]
    changed = {label for label in before if before[label] != after[label]}
    assert changed == {"netzwerk.EventPage.description"}
    assert "extra" not in home_field.stream_block.child_blocks
    assert "extra" not in ContentPage._meta.get_field("body").stream_block.child_blocks


@pytest.mark.django_db
def test_no_migration_is_missing():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_the_setting_that_pushed_app_blocks_everywhere_is_gone():
    from django.conf import settings

    assert not hasattr(settings, "CONTENT_BLOCKS_FROM_APPS")


def test_every_block_editors_choose_meets_the_house_style():
    for label, field in page_stream_fields():
        for name, block in field.stream_block.child_blocks.items():
            where = f"{label}:{name}"
            meta = block.meta
            assert meta.icon and meta.icon != "placeholder", where
            assert get_template(meta.template), where
            assert meta.description, where
            assert getattr(meta, "preview_value", None), where
            assert meta.label and meta.label[0].isupper(), where


def test_no_block_anywhere_takes_raw_html():
    for label, field in page_stream_fields():
        for block in walk(field.stream_block):
            assert not isinstance(block, blocks.RawHTMLBlock), label
            if isinstance(block, TableBlock):
                assert block.table_options.get("renderer") != "html", label


@pytest.mark.django_db
def test_the_seeded_demo_uses_only_blocks_its_page_types_offer(seeded):
    out = StringIO()
    call_command("check_stored_blocks", stdout=out)
    assert "Alle gespeicherten Bausteine werden von ihren Seitentypen angeboten." in out.getvalue()


@pytest.mark.django_db
def test_stored_content_with_a_block_the_page_type_no_longer_offers_is_reported(calendar_page):
    from netzwerk.models import EventPage

    stored = event(calendar_page, "Stammtisch", [single(date(2027, 3, 2))])
    with connection.cursor() as cursor:  # raw: saving through the model would drop the unknown block
        cursor.execute(
            f"UPDATE {EventPage._meta.db_table} SET description = %s WHERE page_ptr_id = %s",
            ['[{"type": "upcoming_courses", "value": {"title": "Kurse", "count": 3}, "id": "x"}]', stored.pk],
        )
    out = StringIO()
    with pytest.raises(CommandError, match="1 gespeicherte Bausteine"):
        call_command("check_stored_blocks", stdout=out)
    assert (
        f"netzwerk.EventPage #{stored.pk}, Feld „description“: Baustein „upcoming_courses“" in out.getvalue()
    )
