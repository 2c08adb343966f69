"""Data: the funding purposes (a)–(g), the editor groups and the site-wide moderation workflow."""

from django.db import migrations

PURPOSES = [
    ("a", "Veranstaltungen, die Ehrenamtliche öffentlich würdigen"),
    ("b", "Menschen für das Ehrenamt gewinnen und motivieren"),
    ("c", "Ehrenamtliche unterstützen, Engagement sichern, neue Formen des Engagements"),
    ("d", "Ehrungen und Preise für einzelne Personen"),
    ("e", "Aus-, Fort- und Weiterbildung"),
    ("f", "Vernetzungsprojekte aufbauen und unterstützen"),
    ("g", "Modellprojekte"),
]

# (app_label, model, codename, name) of the permissions each group gets.
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("wagtailimages", "image", "add_image", "Can add image"),
    ("wagtailimages", "image", "change_image", "Can change image"),
    ("wagtailimages", "image", "choose_image", "Can choose image"),
    ("wagtaildocs", "document", "add_document", "Can add document"),
    ("wagtaildocs", "document", "change_document", "Can change document"),
    ("wagtaildocs", "document", "choose_document", "Can choose document"),
    ("cms", "contactperson", "add_contactperson", "Can add Ansprechperson"),
    ("cms", "contactperson", "change_contactperson", "Can change Ansprechperson"),
    ("cms", "contactperson", "view_contactperson", "Can view Ansprechperson"),
]
PUBLISHER_EXTRA = [
    ("cms", "contactperson", "delete_contactperson", "Can delete Ansprechperson"),
    ("cms", "siteconfiguration", "change_siteconfiguration", "Can change Navigation und Fußbereich"),
    ("wagtailimages", "image", "delete_image", "Can delete image"),
    ("wagtaildocs", "document", "delete_document", "Can delete document"),
]
COLLECTION_MODELS = {"image", "document"}
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
PUBLISHER_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page", "bulk_delete_page"]


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})
    return perm


def forwards(apps, schema_editor):
    FundingPurpose = apps.get_model("cms", "FundingPurpose")
    for code, title in PURPOSES:
        FundingPurpose.objects.update_or_create(code=code, defaults={"title": title})

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    groups = {}
    for name, extra, page_perms in [
        ("Redaktion", [], EDITOR_PAGE_PERMISSIONS),
        ("Freigabe", PUBLISHER_EXTRA, PUBLISHER_PAGE_PERMISSIONS),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for spec in EDITOR_PERMISSIONS + extra:
            perm = permission(apps, *spec)
            if spec[1] in COLLECTION_MODELS and root_collection is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
            else:
                group.permissions.add(perm)
        if root_page is not None:
            for codename in page_perms:
                perm = permission(apps, "wagtailcore", "page", codename, codename.replace("_", " "))
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=perm)

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Freigabe durch das Freigabe-Team", defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(groups["Freigabe"])
    workflow, _ = Workflow.objects.get_or_create(name="Redaktionelle Freigabe", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
