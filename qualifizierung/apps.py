from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published


class QualifizierungConfig(AppConfig):
    name = "qualifizierung"
    verbose_name = "Qualifizierung"

    def ready(self):
        # Imported in ready(): models and other apps' modules load only once the app registry is ready.
        from cms.models import FieldOfEngagement, TargetGroup, Venue, structure_changed
        from cms.operations import pagecache
        from cms.privacy import PersonDataProvider, register_person_data, register_retention
        from qualifizierung import services, signals
        from qualifizierung.models import CoursePage, CourseProgrammePage, CourseRunPage, Registration
        from qualifizierung.services import purge_course_data
        from termine import entries

        # Connected after netzwerk's handler (netzwerk comes first in INSTALLED_APPS): occurrences exist.
        page_published.connect(signals.run_published, dispatch_uid="qualifizierung_run_published")
        entries.register(CourseRunPage)
        register_retention("Personendaten der Kursanmeldungen", purge_course_data)

        register_person_data(
            PersonDataProvider(
                services.PERSON_DATA_LABEL,
                find=services.find_person,
                export=services.export_person,
                delete=services.delete_person,
                permissions=services.PERSON_DATA_PERMISSIONS,
            )
        )
        # The catalogue's topic filter is cached with the page structure; editing the list renews it.
        for signal in (post_save, post_delete):
            signal.connect(
                structure_changed,
                sender=FieldOfEngagement,
                dispatch_uid=f"qualifizierung-vocabulary-{signal}",
            )

        # Page cache (cms/operations/pagecache.py): free places change with every registration (see signals.py).
        pagecache.register_page(CourseProgrammePage, depends=["courses"], time_bound=True)
        pagecache.register_page(
            CoursePage,
            depends=[signals.course_tags],
            affects=["courses", signals.course_tags],
            time_bound=True,
        )
        pagecache.register_page(
            CourseRunPage,
            depends=[signals.run_tags],
            affects=["courses", "events", signals.run_tags],
            private_routes={"register_route", "manage_route"},
            time_bound=True,
        )
        pagecache.watch_snippets(Venue, TargetGroup, FieldOfEngagement, topics=["courses"])
        for signal in (post_save, post_delete):
            signal.connect(
                signals.places_changed, sender=Registration, dispatch_uid=f"qualifizierung-places-{signal}"
            )
