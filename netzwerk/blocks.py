"""The calendar's blocks ("Nächste Termine", the feed addresses) and the block list of an event
description. Other apps' page types add these blocks to their own lists. Imported while models load:
no model imports at module level."""

from django.apps import apps
from django.utils.module_loading import import_string
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import ContentBlocks, UpcomingBlock

# netzwerk.models imports this module for its StreamFields, and the calendar queries import the models:
# the blocks name the query functions by dotted path (as page routes name their views), so imports run
# one way: models <- calendar, and blocks <- models.
UPCOMING = "netzwerk.calendar.upcoming_for_block"
FEED_LINKS = "netzwerk.calendar.feed_links"


class UpcomingEventsBlock(UpcomingBlock):
    query = UPCOMING
    filters = ("category", "target_group", "municipality")
    cache_tag = "events"
    heading_id = "naechste-termine"

    title = blocks.CharBlock(
        label="Überschrift",
        max_length=100,
        default="Nächste Termine",
        help_text="Steht über der Liste, z. B. „Termine für Familien“.",
    )
    category = SnippetChooserBlock(
        "netzwerk.EventCategory",
        label="Nur diese Veranstaltungsart",
        required=False,
        help_text="Leer lassen für alle Arten.",
    )
    target_group = SnippetChooserBlock(
        "cms.TargetGroup", label="Nur für diese Zielgruppe", required=False, help_text="Leer lassen für alle."
    )
    municipality = SnippetChooserBlock(
        "cms.Municipality", label="Nur in dieser Gemeinde", required=False, help_text="Leer lassen für alle."
    )
    count = blocks.IntegerBlock(
        label="Anzahl der Termine",
        default=5,
        min_value=1,
        max_value=20,
        help_text="Wie viele der nächsten Termine erscheinen (1 bis 20).",
    )

    class Meta:
        icon = "date"
        label = "Nächste Termine"
        template = "netzwerk/blocks/upcoming_events.html"
        description = (
            "Die nächsten Termine aus dem Kalender, auf Wunsch nur eine Art, Zielgruppe oder Gemeinde."
        )
        preview_value = {"title": "Nächste Termine", "count": 3}


class SubscriptionLinksValue(blocks.StructValue):
    def feed_addresses(self, request=None):
        calendar_page = apps.get_model("netzwerk", "CalendarPage").objects.live().first()
        if calendar_page is None:
            return {}
        return import_string(FEED_LINKS)(calendar_page, request=request)


class SubscriptionLinksBlock(blocks.StructBlock):
    """The real feed addresses of the calendar on the public address (webcal:// where it is https), for the
    help page on subscribing."""

    intro = blocks.CharBlock(
        label="Einleitender Satz",
        required=False,
        max_length=200,
        default="Diese Adresse tragen Sie in Ihr Kalenderprogramm ein:",
        help_text="Steht über den Adressen. Die Adressen selbst setzt die Website ein.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(value.feed_addresses((parent_context or {}).get("request")))
        return context

    class Meta:
        icon = "link"
        label = "Kalender-Abo-Adressen"
        template = "netzwerk/blocks/subscription_links.html"
        value_class = SubscriptionLinksValue
        description = (
            "Die Abo-Adressen des Kalenders, immer aktuell von der öffentlichen Adresse der Website."
        )
        preview_value = {"intro": "Diese Adresse tragen Sie in Ihr Kalenderprogramm ein:"}


class EventDescriptionBlocks(ContentBlocks):
    """An event description: the shared vocabulary plus further dates; no courses, no library queries."""

    def __init__(self, **kwargs):
        super().__init__([("upcoming_events", UpcomingEventsBlock())], **kwargs)
