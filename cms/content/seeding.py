"""Helpers for `manage.py seed_demo`: each app contributes a `seed.py` with functions marked @seeder.

Every helper is idempotent: it looks a thing up by a stable key and creates it only when missing.
"""

import colorsys
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.easter import easter
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Site

from cms.content.public_address import point_site_at_public_address, site_address

_SEEDERS = []


def seeder(order):
    """Register a seed function; lower order runs first. It receives a SeedContext."""

    def register(func):
        _SEEDERS.append((order, func.__module__, func))
        return func

    return register


def registered_seeders():
    return [func for _order, _module, func in sorted(_SEEDERS, key=lambda item: (item[0], item[1]))]


@dataclass
class SeedContext:
    """What seeders share: the scale factor, the home page, and named objects for later seeders."""

    scale: int = 1
    stdout: object = None
    objects: dict = field(default_factory=dict)

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)


def default_site(root_page, site_name):
    """The default Site with this root page, on the public address (PUBLIC_BASE_URL); created or set each run."""

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = site_address()
        return Site.objects.create(
            hostname=hostname, port=port, root_page=root_page, site_name=site_name, is_default_site=True
        )
    if (site.root_page_id, site.site_name) != (root_page.pk, site_name):
        site.root_page, site.site_name = root_page, site_name
        site.save(update_fields=["root_page", "site_name"])
    point_site_at_public_address(site)
    return site


def child_by_slug(parent, model, slug, **fields):
    """The live child page with this slug, or a new published one built from fields."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def singleton_page(parent, model, slug, **fields):
    """The one page of a type that exists once (``max_count = 1``), wherever it is; else a new child of
    ``parent`` built from fields."""
    return model.objects.first() or child_by_slug(parent, model, slug, **fields)


def _colour(text):
    digest = hashlib.sha256(text.encode()).digest()
    hue = digest[0] / 255
    r, g, b = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    return int(r * 255), int(g * 255), int(b * 255)


def make_image(title, width=1200, height=675):
    """A generated picture (landscape shapes in a colour derived from the title); created once."""

    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    base = _colour(title)
    picture = PILImage.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(picture)
    digest = hashlib.sha256(title.encode()).digest()
    sky = tuple(min(255, channel + 90) for channel in base)
    draw.rectangle([0, 0, width, int(height * 0.55)], fill=sky)
    for index in range(4):
        x = digest[index + 1] / 255 * width
        peak = height * (0.25 + digest[index + 5] / 255 * 0.25)
        shade = tuple(max(0, channel - 25 * index) for channel in base)
        draw.polygon([(x - width * 0.35, height), (x, peak), (x + width * 0.35, height)], fill=shade)
    sun_x = width * (0.15 + digest[9] / 255 * 0.7)
    draw.ellipse([sun_x - 50, 60, sun_x + 50, 160], fill=(255, 230, 150))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    buffer.seek(0)
    image = Image(title=title, file=ImageFile(buffer, name=f"{slugify(title)[:60]}.jpg"))
    image.save()
    return image


def make_document(title, lines):
    """A small generated PDF (one page of text) in the document library; created once."""

    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    page = PILImage.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    y = 120
    for line in [title, "", *lines]:
        draw.text((120, y), line, fill="black")
        y += 40
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=150)
    document = Document(title=title)
    document.file.save(f"{slugify(title)[:60]}.pdf", ContentFile(buffer.getvalue()), save=False)
    document.save()
    return document


def paragraph(*sentences):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in sentences)}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


# --- public holidays in Thuringia: the demo content plans nothing on them ---------------------------------


def thuringian_holidays(year: int) -> set:
    """The statutory public holidays of Thuringia in a year (Easter from ``dateutil.easter``)."""
    easter_sunday = easter(year)
    return {
        date(year, 1, 1),  # Neujahr
        easter_sunday - timedelta(days=2),  # Karfreitag
        easter_sunday + timedelta(days=1),  # Ostermontag
        date(year, 5, 1),  # Tag der Arbeit
        easter_sunday + timedelta(days=39),  # Christi Himmelfahrt
        easter_sunday + timedelta(days=50),  # Pfingstmontag
        date(year, 9, 20),  # Weltkindertag
        date(year, 10, 3),  # Tag der Deutschen Einheit
        date(year, 10, 31),  # Reformationstag
        date(year, 12, 25),  # 1. Weihnachtstag
        date(year, 12, 26),  # 2. Weihnachtstag
    }


def is_public_holiday(day: date) -> bool:
    return day in thuringian_holidays(day.year)


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # as in iCalendar and termine.dates


def rule_days(rule: dict) -> list | None:
    """The days a date rule (the keyword dict of ``termine.models.DateRule``) falls on, when it is finite
    and simple: one day or a span, or a daily or weekly series with a count. None for anything else."""
    start = rule["start_date"]
    frequency = rule.get("frequency") or ""
    if not frequency:
        end = rule.get("end_date") or start
        return [start + timedelta(days=n) for n in range((end - start).days + 1)]
    count = rule.get("count")
    if count and frequency == "DAILY":
        return [start + timedelta(days=n) for n in range(count)]
    weekdays = [code for code in (rule.get("weekdays") or "").split(",") if code]
    if count and frequency == "WEEKLY" and len(weekdays) <= 1:
        if weekdays:  # the series starts on the first of its weekday from the start date on
            start += timedelta(days=(WEEKDAY_CODES.index(weekdays[0]) - start.weekday()) % 7)
        return [start + timedelta(weeks=n) for n in range(count)]
    return None


def clear_of_holidays(rule: dict) -> dict:
    """The rule moved on by whole weeks (same weekday) until none of its days is a public holiday."""
    rule = dict(rule)
    days = rule_days(rule)
    while days is not None and any(is_public_holiday(day) for day in days):
        rule["start_date"] += timedelta(weeks=1)
        if rule.get("end_date"):
            rule["end_date"] += timedelta(weeks=1)
        days = rule_days(rule)
    return rule
