"""`manage.py restore <folder>`: checks a backup, then replaces database and uploaded files (cms/operations/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.operations.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Spielt eine Sicherung zurück: prüft Manifest und Prüfsummen und ersetzt dann Datenbank und "
        "hochgeladene Dateien vollständig."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="Ordner der Sicherung, z. B. backups/20260101-030000")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Ohne Rückfrage zurückspielen.",
        )

    def handle(self, *args, backup, interactive=True, **options):
        try:
            verified = verify_backup(backup)
            if interactive:
                replaced = (
                    "Datenbank und alle hochgeladenen Dateien" if verified.media_archive else "Datenbank"
                )
                self.stdout.write(
                    f"Sicherung vom {verified.manifest['created']} ist vollständig und unverändert.\n"
                    f"Die aktuelle {replaced} werden dadurch ERSETZT."
                )
                if input("Zum Fortfahren „ja“ eingeben: ").strip().lower() != "ja":
                    raise CommandError("Abgebrochen; es wurde nichts verändert.")
            restore_backup(backup)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Sicherung vom {verified.manifest['created']} zurückgespielt. Wenn der Code neuer ist als die "
            "Sicherung, jetzt `manage.py migrate` ausführen."
        )
