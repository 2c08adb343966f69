from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Gemeinsame Bausteine"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from cms.models import NavigationItem, SiteConfiguration, structure_changed

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
