"""Sends the reminder e-mail before a course run's first session; safe to run several times a day."""

from django.core.management.base import BaseCommand

from qualifizierung.reminders import reminder_days, send_reminders


class Command(BaseCommand):
    help = (
        "Erinnert Angemeldete per E-Mail an Kurstermine, die in den nächsten Tagen beginnen "
        "(COURSE_REMINDER_DAYS, Standard 3). Jede Person wird nur einmal erinnert; täglich ausführen."
    )

    def handle(self, *args, **options):
        count = send_reminders()
        noun = "Erinnerung" if count == 1 else "Erinnerungen"
        self.stdout.write(self.style.SUCCESS(f"{count} {noun} verschickt (Vorlauf {reminder_days()} Tage)."))
