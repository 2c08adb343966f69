from django.apps import AppConfig


class QualifizierungConfig(AppConfig):
    name = "qualifizierung"
    verbose_name = "Qualifizierung"
