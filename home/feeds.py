"""RSS feed of the news (``<index>/rss/``, like the calendar's), built with Django's syndication framework."""

from datetime import datetime, time

from django.utils import timezone

from cms.content.feeds import PageFeed, image_enclosures
from cms.content.public_address import absolute


class NewsFeed(PageFeed):
    def title(self):
        return f"{self.page.title} – Ehrenamt im Kyffhäuserkreis"

    def description(self):
        return self.page.intro or "Neuigkeiten des Ehrenamtsbeirats des Kyffhäuserkreises."

    def items(self):
        return self.page.news()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return absolute(item.url)

    def item_guid(self, item):
        return absolute(item.url)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(8, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]

    def item_enclosures(self, item):
        return image_enclosures(item.image)


def news_feed(request, index_page):
    """The route `rss/` of the news index (NewsIndexPage hands it over by dotted path)."""
    return NewsFeed(index_page)(request)
