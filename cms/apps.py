from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Gemeinsame Bausteine"

    def ready(self):
        # Imported in ready(): models and other apps' modules load only once the app registry is ready.
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import ReferenceIndex

        from cms.content.visibility import connect_signals as connect_visibility_signals
        from cms.forms.uploads import install_pillow_limit
        from cms.models import (
            ContactPerson,
            FieldOfEngagement,
            FundingPurpose,
            Municipality,
            NavigationItem,
            Organisation,
            SiteConfiguration,
            TargetGroup,
            Venue,
            structure_changed,
        )
        from cms.operations import pagecache
        from cms.operations.mail import queue_person_data_provider
        from cms.operations.security import install_admin_without_inline_scripts
        from cms.privacy import (
            register_login_attempts_person_data,
            register_model_retention,
            register_person_data,
        )

        # Personal data of cms itself (cms/privacy.py): retention periods and "Auskunft und Löschung".
        register_model_retention(
            "Versandte und aufgegebene E-Mails der Warteschlange",
            "django_tasks_database.DBTaskResult",
            "finished_at",
            "EMAIL_QUEUE_RETENTION_DAYS",
        )
        register_model_retention(
            "Fehlgeschlagene Anmeldeversuche (Sperre nach zu vielen Versuchen)",
            "axes.AccessAttempt",
            "attempt_time",
            "LOGIN_ATTEMPT_RETENTION_DAYS",
        )
        register_person_data(queue_person_data_provider())
        register_login_attempts_person_data()

        install_pillow_limit()

        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(structure_changed, dispatch_uid=f"structure-changed-{id(signal)}")
        for model in (SiteConfiguration, NavigationItem):
            post_save.connect(
                structure_changed, sender=model, dispatch_uid=f"structure-changed-save-{model.__name__}"
            )
            post_delete.connect(
                structure_changed, sender=model, dispatch_uid=f"structure-changed-delete-{model.__name__}"
            )
        post_delete.connect(
            structure_changed, sender="wagtailcore.Page", dispatch_uid="structure-changed-page-delete"
        )

        install_admin_without_inline_scripts()

        # A view restriction changes what every list, feed and cached page may show.
        connect_visibility_signals()

        # Wagtail's reference index skips site settings: register the navigation and the footer links so
        # that deleting or unpublishing a page lists them as places where it is used (cms/editors/editorial.py).
        ReferenceIndex.register_model(SiteConfiguration)

        # Page cache (cms/operations/pagecache.py): pages declare what they show, publishing and snippets renew it.
        pagecache.connect_signals()
        pagecache.watch_snippets(
            ContactPerson, FundingPurpose, Venue, Organisation, Municipality, FieldOfEngagement, TargetGroup
        )
        pagecache.watch_snippets(get_image_model(), get_document_model())

        # One mail per editor per public submission: Wagtail's own "submitted" notices do not repeat the app's.
        from cms.forms.public import one_notice_per_submission

        one_notice_per_submission()

        # The default Site record follows PUBLIC_BASE_URL after every migrate (cms/content/public_address.py).
        from django.db.models.signals import post_migrate

        from cms.content.public_address import site_follows_public_address

        post_migrate.connect(
            site_follows_public_address, sender=self, dispatch_uid="site-follows-public-address"
        )
