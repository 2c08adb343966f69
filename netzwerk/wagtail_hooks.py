"""Admin integration of the calendar: the list of event categories."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from netzwerk.models import EventCategory


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "date"
    menu_label = "Veranstaltungsarten"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(EventCategoryViewSet)
