from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Gemeinsame Bausteine"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from cms.mail import register_person_data, register_retention
        from cms.models import NavigationItem, SiteConfiguration, structure_changed

        register_retention()
        register_person_data()

        from cms.uploads import install_pillow_limit

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

        from cms.security import install_admin_without_inline_scripts, register_retention_policies

        register_retention_policies()
        install_admin_without_inline_scripts()

        # One person's request (cms/privacy.py, "Auskunft und Löschung") covers failed logins too.
        from cms.privacy import register_login_attempts_person_data

        register_login_attempts_person_data()

        # Wagtail's reference index skips site settings: register the navigation and the footer links so
        # that deleting or unpublishing a page lists them as places where it is used (cms/editorial.py).
        from wagtail.models import ReferenceIndex

        ReferenceIndex.register_model(SiteConfiguration)

        # Page cache (cms/pagecache.py): pages declare what they show, publishing and snippets renew it.
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from cms import pagecache
        from cms.models import (
            ContactPerson,
            FieldOfEngagement,
            FundingPurpose,
            Municipality,
            Organisation,
            TargetGroup,
            Venue,
        )

        pagecache.connect_signals()
        pagecache.watch_snippets(
            ContactPerson, FundingPurpose, Venue, Organisation, Municipality, FieldOfEngagement, TargetGroup
        )
        pagecache.watch_snippets(get_image_model(), get_document_model())
