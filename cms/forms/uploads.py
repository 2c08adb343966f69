"""Limits for images uploaded by the public: the same pixel and byte limits as the admin's, checked on the
header only, before anything decodes the whole picture (a 21 KB PNG can claim 177 megapixels).

Pillow's `Image.open` is lazy: it reads the header and knows `.size` and `.n_frames` without decoding the
pixels. Pillow's own bomb limit (`Image.MAX_IMAGE_PIXELS`) is set to Wagtail's, so that renditions of an
oversized image already stored fail fast instead of filling the memory.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

DEFAULT_MAX_IMAGE_PIXELS = 40 * 1000 * 1000
DEFAULT_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

TOO_MANY_PIXELS = (
    "Das Bild ist zu groß ({width} × {height} Bildpunkte). Erlaubt sind höchstens {limit} Millionen "
    "Bildpunkte. Bitte verkleinern Sie das Bild und laden Sie es erneut hoch."
)
NOT_AN_IMAGE = "Das Foto lässt sich nicht öffnen. Bitte eine andere Datei wählen."


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)


def max_upload_size():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE)


def install_pillow_limit():
    """Pillow refuses (DecompressionBombError) images above twice this number; Wagtail's limit it is."""
    PILImage.MAX_IMAGE_PIXELS = max_image_pixels()


def check_image(upload, allowed_formats=("JPEG", "PNG")):
    """Raise a German ValidationError unless `upload` is an image of an allowed format (by content) within
    the byte and pixel limits; reads the header only and leaves the file at position 0."""
    limit = max_image_pixels()
    if upload.size > max_upload_size():
        raise ValidationError("Das Bild ist zu groß. Bitte eine kleinere Datei wählen.", code="too_large")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload, formats=list(allowed_formats)) as picture:
                width, height = picture.size
                frames = getattr(picture, "n_frames", 1) or 1
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            "Das Bild ist zu groß. Erlaubt sind höchstens "
            f"{limit // 1_000_000} Millionen Bildpunkte. Bitte verkleinern Sie das Bild.",
            code="too_many_pixels",
        ) from None
    except Exception:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    finally:
        upload.seek(0)
    if width * height * frames > limit:
        raise ValidationError(
            TOO_MANY_PIXELS.format(width=width, height=height, limit=limit // 1_000_000),
            code="too_many_pixels",
        )
    return width, height
