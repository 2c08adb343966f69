"""Seeds the demo content; safe to run again. `--scale N` multiplies the volume for benchmarks."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from cms.content.seeding import SeedContext, registered_seeders


class Command(BaseCommand):
    help = "Legt Demo-Inhalte an (mehrfach ausführbar). --scale N vervielfacht die Menge für Messungen."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Faktor für die Menge der Inhalte (1–100).")

    def handle(self, *args, scale, **options):
        if not 1 <= scale <= 100:
            raise CommandError("--scale muss zwischen 1 und 100 liegen.")
        autodiscover_modules("seed")
        context = SeedContext(scale=scale, stdout=self.stdout)
        with transaction.atomic():
            for seed in registered_seeders():
                context.log(f"· {seed.__module__}.{seed.__name__}")
                seed(context)
        if settings.SEED_DEMO_ADMIN:
            self._demo_admin()
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte sind angelegt."))

    def _demo_admin(self):

        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@kyffhaeuser.example", "ehrenamt-demo")
            self.stdout.write("Demo-Zugang: admin / ehrenamt-demo (nur in der Entwicklung)")
