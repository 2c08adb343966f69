"""Data: the district's municipalities, the fields of engagement and common target groups."""

from django.db import migrations
from django.utils.text import slugify

MUNICIPALITIES = [
    "Sondershausen", "Bad Frankenhausen/Kyffhäuser", "Artern", "Roßleben-Wiehe", "Ebeleben", "Greußen",
    "Clingen", "Kyffhäuserland", "An der Schmücke", "Helbedündorf",
]
FIELDS = [
    "Sport", "Feuerwehr (Brand- und Katastrophenschutz)", "Rettungswesen", "Kinder- und Jugendarbeit",
    "Familienarbeit", "Senioren- und Behindertenhilfe", "Hospiz", "Selbsthilfe", "Integration",
    "Umwelt- und Naturschutz", "Heimat und Brauchtum", "Kultur und Musik", "Kirche", "Verkehrssicherheit",
]
TARGET_GROUPS = [
    "Vereinsvorstände", "Ehrenamtliche", "Neue Engagierte", "Kinder und Jugendliche", "Familien",
    "Seniorinnen und Senioren", "Menschen mit Behinderung", "Zugewanderte", "Gemeinden und Verwaltung",
]


def german_slug(name):
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("/", " ")):
        name = name.replace(umlaut, plain).replace(umlaut.upper(), plain.capitalize())
    return slugify(name)


def forwards(apps, schema_editor):
    for model_name, names in [
        ("Municipality", MUNICIPALITIES), ("FieldOfEngagement", FIELDS), ("TargetGroup", TARGET_GROUPS)
    ]:
        model = apps.get_model("cms", model_name)
        for name in names:
            model.objects.get_or_create(slug=german_slug(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_shared_vocabularies")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
