"""What every RSS feed of the site shares: the teaser image of an item as an RSS 2.0 ``<enclosure>``."""

import mimetypes

from django.utils.feedgenerator import Enclosure

FEED_IMAGE_FILTER = "width-1200"


def image_enclosures(image, request) -> list:
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
    return [Enclosure(request.build_absolute_uri(rendition.url), str(length), mime_type)]
