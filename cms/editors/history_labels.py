"""No personal data in Wagtail's history: log entries of models that hold personal data get a neutral label.

`ModelLogEntry.label` is `str(instance)` at the time of the action and outlives the instance. The models
below have neutral `__str__` methods ("Anmeldung #42 zu …"); `scrub_history()` rewrites entries written
before that change, and runs with every retention purge and every deletion of a person's data.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

# Models whose rows hold a person's name, e-mail, phone or free text about them.
PERSONAL_DATA_MODELS = [
    "qualifizierung.Registration",
    "qualifizierung.Attendance",
    "praxisbeispiele.ExampleProposal",
    "netzwerk.EventSubmission",
    "barrierefreiheit.BarrierReport",
]


def neutral_label(model, object_id):
    return f"{model._meta.verbose_name} #{object_id}"


def scrub_history():
    """Rewrite label and data of every log entry of the personal-data models; returns how many changed."""

    changed = 0
    for dotted in PERSONAL_DATA_MODELS:
        try:
            model = apps.get_model(dotted)
        except LookupError:
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        entries = ModelLogEntry.objects.filter(content_type=content_type)
        for entry in entries.only("pk", "object_id", "label", "data").iterator():
            label = neutral_label(model, entry.object_id)
            if entry.label != label or entry.data:
                ModelLogEntry.objects.filter(pk=entry.pk).update(label=label, data={})
                changed += 1
    return changed
