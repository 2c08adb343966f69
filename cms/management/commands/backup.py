"""`manage.py backup`: database and uploaded files into a new folder under BACKUP_ROOT (cms/operations/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.operations.backup import BackupError, backup_root, create_backup, local_media


class Command(BaseCommand):
    help = "Sichert Datenbank und hochgeladene Dateien in einen neuen Ordner unter backups/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", type=Path, default=None, help="Zielordner (Standard: BACKUP_ROOT, also backups/)."
        )

    def handle(self, *args, output_dir=None, **options):
        try:
            folder = create_backup(output_dir or backup_root())
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not local_media():
            self.stderr.write("Hinweis: MEDIA_STORAGE ist nicht local; gesichert ist nur die Datenbank.")
        self.stdout.write(f"Sicherung geschrieben: {folder}")
