from django.apps import AppConfig


class NetzwerkConfig(AppConfig):
    name = "netzwerk"
    verbose_name = "Netzwerk und Kalender"

    def ready(self):
        # Imports stay inside ready(): models, signals and registries may only be loaded once the app
        # registry is ready (Django's app loading), so none of them can move to the module top.
        from wagtail.signals import page_published, page_unpublished

        from netzwerk import calendar, signals
        from netzwerk.models import EventPage

        page_published.connect(signals.on_page_published, dispatch_uid="netzwerk_sync_occurrences")
        page_unpublished.connect(signals.on_page_unpublished, dispatch_uid="netzwerk_clear_occurrences")
        calendar.register(EventPage)
        # The editors' first decision on a submitted event starts the retention period of the submitter's data.
        from django.db.models.signals import pre_delete
        from wagtail.signals import workflow_rejected

        from netzwerk import services
        from netzwerk.models import RETENTION_LABEL, EventSubmission

        page_published.connect(services._on_published, dispatch_uid="netzwerk_submission_published")
        workflow_rejected.connect(services._on_rejected, dispatch_uid="netzwerk_submission_rejected")
        pre_delete.connect(
            services._on_page_deleted, sender="netzwerk.EventPage", dispatch_uid="netzwerk_submission_deleted"
        )
        EventSubmission.register_retention(RETENTION_LABEL)

        # One person's request for information or deletion (cms.privacy, "Auskunft und Löschung").
        from cms.privacy import register_model_person_data

        register_model_person_data(
            "Gemeldete Veranstaltungen (Kontaktdaten)",
            "netzwerk.EventSubmission",
            fields=[
                "event_title",
                "organiser_name",
                "name",
                "email",
                "phone",
                "consent",
                "created_at",
                "decided_at",
                "decision",
            ],
        )

        # The calendar's filter lists are cached with the page structure; editing a vocabulary renews them.
        from django.db.models.signals import post_delete, post_save

        from cms.models import Municipality, Organisation, TargetGroup, structure_changed
        from netzwerk.models import EventCategory

        for model in (EventCategory, TargetGroup, Municipality, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(
                    structure_changed,
                    sender=model,
                    dispatch_uid=f"netzwerk-vocabulary-{signal}-{model.__name__}",
                )
        # Names of venues and the like are part of the cached iCalendar text of every event.
        from cms.models import Venue
        from termine.ical import snippets_changed

        for model in (EventCategory, Municipality, Organisation, Venue):
            for signal in (post_save, post_delete):
                signal.connect(
                    snippets_changed, sender=model, dispatch_uid=f"netzwerk-ical-{signal}-{model.__name__}"
                )

        # Page cache (cms/operations/pagecache.py): calendar views list the dates of every event, with names of
        # venues, organisers and categories; lists of coming dates expire at the next quarter hour.
        from cms.operations import pagecache
        from netzwerk.models import CalendarPage

        pagecache.register_page(EventPage, affects=["events"], time_bound=True)
        pagecache.register_page(
            CalendarPage,
            depends=["events"],
            time_bound=True,
            private_routes={"submit_route", "submit_thanks_route"},
        )
        pagecache.watch_snippets(
            EventCategory, Venue, Organisation, Municipality, TargetGroup, topics=["events"]
        )
