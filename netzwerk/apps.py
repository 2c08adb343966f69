from django.apps import AppConfig


class NetzwerkConfig(AppConfig):
    name = "netzwerk"
    verbose_name = "Netzwerk und Kalender"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from netzwerk import calendar, signals
        from netzwerk.models import EventPage

        page_published.connect(signals.on_page_published, dispatch_uid="netzwerk_sync_occurrences")
        page_unpublished.connect(signals.on_page_unpublished, dispatch_uid="netzwerk_clear_occurrences")
        calendar.register(EventPage)
