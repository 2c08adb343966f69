"""Deletes personal data whose retention period has passed (see cms.privacy); safe to run daily."""

from django.core.management.base import BaseCommand

from cms.privacy import purge_expired


class Command(BaseCommand):
    help = (
        "Löscht personenbezogene Daten, deren Aufbewahrungsfrist abgelaufen ist. "
        "Täglich per cron oder systemd-Timer ausführen; mehrfaches Ausführen schadet nicht."
    )

    def handle(self, *args, **options):
        results = purge_expired()
        if not results:
            self.stdout.write("Keine Löschregeln registriert.")
            return
        for label, count in results:
            noun = "Datensatz" if count == 1 else "Datensätze"
            self.stdout.write(f"{label}: {count} {noun} gelöscht.")
        total = sum(count for _label, count in results)
        self.stdout.write(self.style.SUCCESS(f"Fertig: insgesamt {total} gelöscht."))
