"""RSS feed of the news (``<index>/rss/``, like the calendar's), built with Django's syndication framework."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from cms.content.feeds import image_enclosures


class GermanRssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class NewsFeed(Feed):
    feed_type = GermanRssFeed
    language = "de"

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} – Ehrenamt im Kyffhäuserkreis"

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.intro or "Neuigkeiten des Ehrenamtsbeirats des Kyffhäuserkreises."

    def items(self):
        return self.index_page.news()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(8, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]

    def item_enclosures(self, item):
        return image_enclosures(item.image, self.request)
