"""Extend the stored dates of all live pages with date rules up to the rolling horizon."""

from datetime import date

from django.core.management.base import BaseCommand
from wagtail.models import Page

from cms.operations import pagecache
from termine.occurrences import default_horizon, sync_occurrences


class Command(BaseCommand):
    help = (
        "Berechnet die Termine aller veröffentlichten Seiten mit Terminregeln bis zum rollenden Horizont neu "
        "(täglich ausführen; mehrfaches Ausführen ändert nichts)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            help="Letzter Tag (JJJJ-MM-TT); Standard: heute plus NETZWERK_OCCURRENCE_HORIZON_DAYS.",
        )

    def handle(self, *args, until=None, **options):
        horizon = until or default_horizon()
        pages = Page.objects.live().filter(date_rules__isnull=False).distinct().specific()
        page_count = occurrence_count = 0
        changed = ["events", "courses"]  # page cache: calendar, course lists and the pages themselves
        for page in pages.iterator(chunk_size=200):
            occurrence_count += sync_occurrences(page, horizon=horizon)
            page_count += 1
            changed.append(f"page:{page.pk}")
        pagecache.bump(*changed)
        self.stdout.write(
            f"{occurrence_count} Termine auf {page_count} Seiten bis {horizon:%d.%m.%Y} berechnet."
        )
