"""`manage.py mail_worker`: django-tasks-db's `db_worker`, preset to the mail queue (cms.operations.mail).

Runs until stopped (systemd, supervisor); `--batch` sends what is due and exits (cron, tests).
All other options of `db_worker` apply (`--interval`, `--max-tasks`, `--worker-id`).
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from cms.operations.mail import QUEUE_NAME, TASK_BACKEND


class Command(DatabaseWorkerCommand):
    help = "Versendet die E-Mails aus der Warteschlange (mit Wiederholungen, wenn der Mailserver nicht antwortet)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name=TASK_BACKEND, queue_name=QUEUE_NAME, reload=False)
