from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished, workflow_rejected


class NetzwerkConfig(AppConfig):
    name = "netzwerk"
    verbose_name = "Netzwerk und Kalender"

    def ready(self):
        # Imported in ready(): models and other apps' modules load only once the app registry is ready.
        from cms.models import Municipality, Organisation, TargetGroup, Venue, structure_changed
        from cms.operations import pagecache
        from cms.privacy import register_model_person_data
        from netzwerk import calendar, services, signals
        from netzwerk.models import RETENTION_LABEL, CalendarPage, EventCategory, EventPage, EventSubmission
        from termine.ical import snippets_changed

        page_published.connect(signals.on_page_published, dispatch_uid="netzwerk_sync_occurrences")
        page_unpublished.connect(signals.on_page_unpublished, dispatch_uid="netzwerk_clear_occurrences")
        calendar.register(EventPage)

        # The editors' first decision on a submitted event starts the retention period of the submitter's data.
        page_published.connect(services._on_published, dispatch_uid="netzwerk_submission_published")
        workflow_rejected.connect(services._on_rejected, dispatch_uid="netzwerk_submission_rejected")
        pre_delete.connect(
            services._on_page_deleted, sender="netzwerk.EventPage", dispatch_uid="netzwerk_submission_deleted"
        )
        EventSubmission.register_retention(RETENTION_LABEL)

        # One person's request for information or deletion (cms.privacy, "Auskunft und Löschung").
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
        for model in (EventCategory, TargetGroup, Municipality, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(
                    structure_changed,
                    sender=model,
                    dispatch_uid=f"netzwerk-vocabulary-{signal}-{model.__name__}",
                )

        # Names of venues and the like are part of the cached iCalendar text of every event.
        for model in (EventCategory, Municipality, Organisation, Venue):
            for signal in (post_save, post_delete):
                signal.connect(
                    snippets_changed, sender=model, dispatch_uid=f"netzwerk-ical-{signal}-{model.__name__}"
                )

        # Page cache (cms/operations/pagecache.py): calendar views list the dates of every event, with names of
        # venues, organisers and categories; lists of coming dates expire at the next quarter hour.
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
