from django.apps import AppConfig


class PraxisbeispieleConfig(AppConfig):
    name = "praxisbeispiele"
    verbose_name = "Praxisbeispiele"
