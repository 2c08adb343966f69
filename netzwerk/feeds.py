"""RSS feed of the next dates (Django's syndication framework), with the calendar's filters."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from cms.content.feeds import image_enclosures
from netzwerk import calendar
from netzwerk.models import EventPage

RSS_ITEMS = 50


class GermanRssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class UpcomingEventsFeed(Feed):
    feed_type = GermanRssFeed
    language = "de"

    def __init__(self, calendar_page):
        super().__init__()
        self.calendar_page = calendar_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.filters = calendar.parse_filters(request)
        return super().__call__(request, *args, **kwargs)

    def title(self):
        suffix = " (Auswahl)" if self.filters.active else ""
        return f"{self.calendar_page.title}{suffix} – Ehrenamt im Kyffhäuserkreis"

    def link(self):
        query = f"?{self.filters.query_string}" if self.filters.active else ""
        return self.calendar_page.url + query

    def description(self):
        return (
            self.calendar_page.intro or "Die nächsten Termine im Netzwerk des Ehrenamts im Kyffhäuserkreis."
        )

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
        return item.entry.url

    def item_guid(self, item):
        planned = item.original_start or item.start
        return f"{self.request.build_absolute_uri(item.entry.url)}#{planned:%Y%m%dT%H%M%z}"

    item_guid_is_permalink = False

    def item_categories(self, item):
        return [item.entry.category] if item.entry.category else []

    def item_enclosures(self, item):
        return image_enclosures(self.images.get(item.page_id), self.request)
