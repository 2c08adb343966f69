"""Data: the groups "Redaktion" and "Freigabe" see barrier reports and change their status."""

from django.db import migrations

PERMISSIONS = [
    ("view_barrierreport", "Can view Barrieremeldung"),
    ("change_barrierreport", "Can change Barrieremeldung"),
    ("add_barrierreport", "Can add Barrieremeldung"),
]
GROUPS = ["Redaktion", "Freigabe"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="barrierefreiheit", model="barrierreport")
    permissions = [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in PERMISSIONS
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="barrierefreiheit", codename__in=[codename for codename, _ in PERMISSIONS]
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("barrierefreiheit", "0001_initial"),
        ("cms", "0002_funding_purposes_groups_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
