"""`manage.py import_worker`: django-tasks-db's `db_worker`, preset to the partner-import queue.

Runs until stopped (systemd beside gunicorn); `--batch` runs what is waiting and exits (cron, tests).
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from netzwerk.import_tasks import QUEUE_NAME, TASK_BACKEND


class Command(DatabaseWorkerCommand):
    help = "Führt die wartenden Importe von Partnerkalendern aus (Hintergrundaufgaben)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name=TASK_BACKEND, queue_name=QUEUE_NAME, reload=False)
