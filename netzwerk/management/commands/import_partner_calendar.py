"""Imports a partner's iCalendar (URL or .ics file) into draft events and prints the German report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.models import Organisation
from netzwerk.import_tasks import enqueue_import, import_file, import_url


class Command(BaseCommand):
    help = (
        "Übernimmt die Termine eines Partnerkalenders (iCalendar-Adresse mit https:// oder .ics-Datei) als "
        "Entwürfe in den Netzwerkkalender. Bekannte Termine (gleiche UID) werden nur aktualisiert, wenn sie "
        "beim Partner neuer sind. Veröffentlicht wird nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Adresse des Kalenders (https://…) oder Pfad zu einer .ics-Datei.")
        parser.add_argument(
            "--organisation",
            required=True,
            help="Name oder Nummer (ID) der Organisation, deren Kalender es ist (Stammdaten → Organisationen).",
        )
        parser.add_argument(
            "--im-hintergrund",
            action="store_true",
            dest="enqueue",
            help="Nicht selbst importieren, sondern dem Hintergrundprozess (manage.py import_worker) übergeben.",
        )

    def handle(self, *args, source, organisation, enqueue=False, **options):
        partner = self._organisation(organisation)
        data = None
        if "://" not in source:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"Die Datei {source} gibt es nicht.")
            data = path.read_bytes()
        if enqueue:
            run = enqueue_import(partner, url=source if data is None else "", data=data, name=source)
            self.stdout.write(self.style.SUCCESS(f"Import {run.pk} wartet auf den Hintergrundprozess."))
            return
        # Runs the same bounded function as the background task (time, events and size limits apply).
        report = import_url(source, partner) if data is None else import_file(data, path.name, partner)
        for line in report.lines()[1:]:
            self.stdout.write(line)
        if report.error:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _organisation(self, value):
        matches = Organisation.objects.filter(pk=int(value)) if value.isdigit() else None
        if not matches:
            matches = Organisation.objects.filter(name__iexact=value)
        if matches.count() != 1:
            raise CommandError(
                f"Keine eindeutige Organisation „{value}“ gefunden. Bitte den genauen Namen oder die Nummer angeben."
            )
        return matches.get()
