"""Public uploads pass the admin's pixel and byte limits, checked on the header before any decoding."""

import struct
import time
import tracemalloc
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from cms.forms.uploads import check_image
from praxisbeispiele.models import ExampleProposal, PracticeExamplePage
from tests.praxisbeispiele.test_proposals import png_file, proposal_data, propose

BOMB_SIDE = 13_300


def _chunk(kind, data):
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(side=BOMB_SIDE):
    """A valid 1-bit PNG of side × side white pixels, about 20 KB on disk, built without Pillow."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def gif_bomb():
    """A GIF whose screen claims 65535 × 65535 pixels and holds one pixel."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 65535, 65535, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    return screen + image + b"\x3b"


def test_the_bomb_is_small_on_disk_and_huge_in_pixels():
    data = png_bomb()
    assert len(data) < 64 * 1024
    assert struct.unpack(">II", data[16:24]) == (BOMB_SIDE, BOMB_SIDE)
    with pytest.raises(PILImage.DecompressionBombError):
        PILImage.open(SimpleUploadedFile("b.png", data))


def test_wagtails_pixel_limit_is_set_and_pillow_follows_it():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 50_000_000
    assert PILImage.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


@pytest.mark.django_db
def test_a_decompression_bomb_photo_is_refused_fast_in_german_and_nothing_is_stored(client, library):
    propose(client, library, proposal_data(title=""))  # warm-up: templates and URL resolver are loaded
    bomb = SimpleUploadedFile("foto.png", png_bomb(), content_type="image/png")
    started = time.monotonic()
    response = propose(client, library, proposal_data(image_alt="Ein Foto"), image=bomb)
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    assert "Millionen Bildpunkte" in response.content.decode()
    assert elapsed < 4
    bomb.seek(0)
    tracemalloc.start()
    with pytest.raises(ValidationError):
        check_image(bomb)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4 * 1024 * 1024  # the 177 megapixels would need 22 MB even at one bit per pixel
    assert not Image.objects.exists()
    assert not PracticeExamplePage.objects.exists()


@pytest.mark.django_db
def test_a_gif_bomb_is_refused(client, library):
    bomb = SimpleUploadedFile("foto.png", gif_bomb(), content_type="image/png")
    response = propose(client, library, proposal_data(image_alt="Ein Foto"), image=bomb)
    assert response.status_code == 400
    assert not Image.objects.exists()


def test_the_header_check_refuses_other_formats_and_too_many_pixels(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ValidationError) as error:
        check_image(png_file())
    assert error.value.code == "too_many_pixels"
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10_000_000
    with pytest.raises(ValidationError) as error:
        check_image(SimpleUploadedFile("foto.png", gif_bomb()))
    assert error.value.code in {"not_an_image", "too_many_pixels"}
    assert check_image(png_file()) == (40, 30)


def test_the_byte_limit_of_the_admin_holds_for_public_uploads(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError) as error:
        check_image(png_file())
    assert error.value.code == "too_large"


@pytest.mark.django_db
def test_a_normal_photo_is_still_accepted(client, library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(client, library, proposal_data(image_alt="Ein Foto"), image=png_file())
    assert response.status_code == 302
    proposal = ExampleProposal.objects.get()
    assert proposal.photo.name  # kept privately until an editor publishes the example
    assert Image.objects.count() == 0
