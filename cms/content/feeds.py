"""The base of the site's RSS feeds (Django's syndication framework): German, UTF-8, each of one page, with
the teaser image of an item as an RSS 2.0 ``<enclosure>``."""

import mimetypes

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from cms.content.public_address import absolute


class GermanRssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class PageFeed(Feed):
    """The RSS feed of ``page`` (a route of the page serves it), with the request at hand in ``self.request``.

    A subclass reads what else it needs from the request in ``prepare`` (e.g. the calendar's filters).
    """

    feed_type = GermanRssFeed
    language = "de"

    def __init__(self, page):
        super().__init__()
        self.page = page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.prepare(request)
        return super().__call__(request, *args, **kwargs)

    def prepare(self, request) -> None:
        """Read more from the request before the feed is built."""

    def page_query(self) -> str:
        """The query string the feed's page link keeps (e.g. the calendar's filters)."""
        return ""

    # Every address in a feed is on the public address (PUBLIC_BASE_URL), whatever host the reader used.
    def link(self):
        return absolute(self.page.url + self.page_query())

    def feed_url(self):
        return absolute(self.request.get_full_path())


FEED_IMAGE_FILTER = "width-1200"


def image_enclosures(image) -> list:
    """The item's image as one enclosure (absolute address, size in bytes, MIME type); none without image.

    Renditions come from the image's prefetched ``renditions`` where the caller prefetched them.
    """
    if image is None:
        return []
    rendition = image.get_rendition(FEED_IMAGE_FILTER)
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    try:
        length = rendition.file.size
    except OSError:  # the file is gone from the storage: announce the picture without its size
        length = 0
    return [Enclosure(absolute(rendition.url), str(length), mime_type)]
