"""RSS feed of the next dates (Django's syndication framework), with the calendar's filters."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from cms.content.public_address import absolute
from netzwerk import calendar

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
        return absolute(self.calendar_page.url + query)

    def feed_url(self):
        return absolute(self.request.get_full_path())

    def description(self):
        return (
            self.calendar_page.intro or "Die nächsten Termine im Netzwerk des Ehrenamts im Kyffhäuserkreis."
        )

    def items(self):
        return calendar.attach_entries(calendar.upcoming_dates(self.filters)[:RSS_ITEMS], self.request)

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
