from django.apps import AppConfig


class TermineConfig(AppConfig):
    name = "termine"
    verbose_name = "Termine"
