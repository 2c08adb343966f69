"""Finds stored content that uses a block its page type no longer offers.

Scans every StreamField of every page and of every page revision. Run it before a block leaves a
page type's list: if anything is reported, keep the block on that page type (or migrate the content).
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from wagtail.fields import StreamField
from wagtail.models import Page, Revision


def _stored_types(raw):
    """The top-level block names of one stored StreamField value (JSON text or a list)."""
    if raw in (None, ""):
        return set()
    data = json.loads(raw) if isinstance(raw, str) else raw
    return {item.get("type") for item in data or [] if isinstance(item, dict)}


def _stream_fields(model):
    return [field for field in model._meta.get_fields() if isinstance(field, StreamField)]


def _raw_rows(field):
    """(pk, stored JSON) of a StreamField's column, read raw: loading drops unknown block types."""
    table = field.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(field.model._meta.pk.column)}, "
            f"{connection.ops.quote_name(field.column)} FROM {connection.ops.quote_name(table)}"
        )
        return cursor.fetchall()


def unknown_blocks():
    """[(label, field name, block name)] for every stored block its page type no longer offers."""
    found = set()
    content_types = ContentType.objects.filter(pk__in=Page.objects.values("content_type"))
    models = {content_type.model_class() for content_type in content_types} - {None}
    fields = {field for model in models for field in _stream_fields(model)}
    for field in fields:
        offered = set(field.stream_block.child_blocks)
        for pk, raw in _raw_rows(field):
            for name in _stored_types(raw) - offered:
                found.add((f"{field.model._meta.label} #{pk}", field.name, name))
    for revision in Revision.objects.select_related("content_type").iterator():
        model = revision.content_type.model_class()
        if model is None:
            continue
        for field in _stream_fields(model):
            if field.name not in (revision.content or {}):
                continue
            offered = set(field.stream_block.child_blocks)
            for name in _stored_types(revision.content[field.name]) - offered:
                found.add((f"{model._meta.label} Version #{revision.pk}", field.name, name))
    return sorted(found)


class Command(BaseCommand):
    help = "Prüft gespeicherte Inhalte (Seiten und Versionen) auf Bausteine, die der Seitentyp nicht mehr anbietet."

    def handle(self, *args, **options):
        found = unknown_blocks()
        for where, field, name in found:
            self.stdout.write(f"{where}, Feld „{field}“: Baustein „{name}“ wird nicht mehr angeboten.")
        if found:
            raise CommandError(f"{len(found)} gespeicherte Bausteine werden nicht mehr angeboten.")
        self.stdout.write("Alle gespeicherten Bausteine werden von ihren Seitentypen angeboten.")
