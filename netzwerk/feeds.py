"""RSS feed of the next dates (Django's syndication framework), with the calendar's filters."""

from cms.content.feeds import PageFeed, image_enclosures
from cms.content.public_address import absolute
from netzwerk import calendar
from netzwerk.models import EventPage

RSS_ITEMS = 50


class UpcomingEventsFeed(PageFeed):
    def prepare(self, request):
        self.filters = calendar.parse_filters(request)

    def title(self):
        suffix = " (Auswahl)" if self.filters.active else ""
        return f"{self.page.title}{suffix} – Ehrenamt im Kyffhäuserkreis"

    def page_query(self):
        return f"?{self.filters.query_string}" if self.filters.active else ""

    def description(self):
        return self.page.intro or "Die nächsten Termine im Netzwerk des Ehrenamts im Kyffhäuserkreis."

    def items(self):
        items = calendar.attach_entries(calendar.upcoming_dates(self.filters)[:RSS_ITEMS], self.request)
        # The teaser images of the listed events, in two queries (pages with images, their renditions).
        self.images = {
            page.pk: page.image
            for page in EventPage.objects.filter(pk__in={item.page_id for item in items}, image__isnull=False)
            .select_related("image")
            .prefetch_related("image__renditions")
        }
        return items

    def item_title(self, item):
        prefix = f"{item.status_label.capitalize()}: " if item.status_label else ""
        return f"{prefix}{item.entry.title} – {item.date_text}"

    def item_description(self, item):
        parts = [item.entry.teaser, item.entry.place]
        if item.note:
            parts.append(f"Hinweis: {item.note}")
        return " · ".join(part for part in parts if part)

    def item_link(self, item):
        return absolute(item.entry.url)

    def item_guid(self, item):
        planned = item.original_start or item.start
        return f"{absolute(item.entry.url)}#{planned:%Y%m%dT%H%M%z}"

    item_guid_is_permalink = False

    def item_categories(self, item):
        return [item.entry.category] if item.entry.category else []

    def item_enclosures(self, item):
        return image_enclosures(self.images.get(item.page_id))
