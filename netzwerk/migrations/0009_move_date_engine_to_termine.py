"""The date engine's models now belong to termine (termine.0001): netzwerk forgets them (state only,
the tables and rows stay), and their ContentType rows follow to the app label ``termine`` so that
permissions and generic relations keep pointing at them.
"""

from django.db import migrations

MODELS = ("daterule", "dateexception", "occurrence")


def _move_content_types(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        # A fresh database may already hold the new row (post_migrate of an earlier run): keep one.
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_types_forward(apps, schema_editor):
    _move_content_types(apps, schema_editor, "netzwerk", "termine")


def move_content_types_backward(apps, schema_editor):
    _move_content_types(apps, schema_editor, "termine", "netzwerk")


class Migration(migrations.Migration):
    dependencies = [
        ("netzwerk", "0008_review_date"),
        ("termine", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="daterule",
                    name="page",
                ),
                migrations.RemoveField(
                    model_name="occurrence",
                    name="rule",
                ),
                migrations.RemoveField(
                    model_name="occurrence",
                    name="page",
                ),
                migrations.DeleteModel(
                    name="DateException",
                ),
                migrations.DeleteModel(
                    name="DateRule",
                ),
                migrations.DeleteModel(
                    name="Occurrence",
                ),
            ],
        ),
        migrations.RunPython(move_content_types_forward, move_content_types_backward),
    ]
