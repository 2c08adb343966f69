"""Answers one person's request: what the site stores about an e-mail address, as JSON, or its deletion."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.privacy import InvalidEmail, delete_person, export_person, normalise_email, person_report


class Command(BaseCommand):
    help = (
        "Auskunft und Löschung für eine Person (Art. 15 und 17 DSGVO): zeigt, was zu einer E-Mail-Adresse "
        "gespeichert ist, schreibt es mit --export als JSON-Datei oder löscht es mit --delete."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="E-Mail-Adresse der Person")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--export", metavar="DATEI", help="alle Daten als JSON in diese Datei schreiben")
        action.add_argument("--delete", action="store_true", help="alle Daten zu der Adresse löschen")

    def handle(self, *args, **options):
        try:
            email = normalise_email(options["email"])
        except InvalidEmail as error:
            raise CommandError(str(error)) from None
        if options["export"]:
            data = export_person(email)
            Path(options["export"]).write_text(
                json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            total = sum(len(rows) for rows in data["Daten"].values())
            noun = "Datensatz" if total == 1 else "Datensätze"
            self.stdout.write(self.style.SUCCESS(f"{total} {noun} nach {options['export']} geschrieben."))
            return
        if options["delete"]:
            results = delete_person(email)
            for label, count in results:
                self.stdout.write(f"{label}: {count} gelöscht.")
            total = sum(count for _label, count in results)
            self.stdout.write(self.style.SUCCESS(f"Fertig: insgesamt {total} Datensätze gelöscht."))
            return
        for label, count in person_report(email):
            self.stdout.write(f"{label}: {count}")
