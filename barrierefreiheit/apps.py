from django.apps import AppConfig


class BarrierefreiheitConfig(AppConfig):
    name = "barrierefreiheit"
    verbose_name = "Barrierefreiheit"

    def ready(self):
        """Retention (purge_personal_data) and personal data (Auskunft und Löschung) are registered here only."""
        # Imported in ready(): models and other apps' modules load only once the app registry is ready.
        from barrierefreiheit.services import RETENTION_LABEL, person_data_provider, purge_reporter_data
        from cms.privacy import register_person_data, register_retention

        register_retention(RETENTION_LABEL, purge_reporter_data)
        register_person_data(person_data_provider())
