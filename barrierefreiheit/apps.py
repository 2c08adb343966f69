from django.apps import AppConfig


class BarrierefreiheitConfig(AppConfig):
    name = "barrierefreiheit"
    verbose_name = "Barrierefreiheit"

    def ready(self):
        """Retention (purge_personal_data) and personal data (Auskunft und Löschung) are registered here only."""
        # Imported here: services.py imports models, which Django loads only after the app registry is set up.
        from barrierefreiheit.services import RETENTION_LABEL, person_data_provider, purge_reporter_data
        from cms.privacy import register_person_data, register_retention

        register_retention(RETENTION_LABEL, purge_reporter_data)
        register_person_data(person_data_provider())
