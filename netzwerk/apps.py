from django.apps import AppConfig


class NetzwerkConfig(AppConfig):
    name = "netzwerk"
    verbose_name = "Netzwerk und Kalender"
