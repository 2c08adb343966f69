"""No personal data in Wagtail's history: neutral labels, and the purge rewrites labels written before."""

import pytest
from django.core.management import call_command
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from cms.privacy import delete_person
from netzwerk.models import EventSubmission
from praxisbeispiele.models import ExampleProposal
from qualifizierung.services import register
from tests.cms.conftest import ANNA

NAME = "Anna Beispiel"


def entries_mentioning(*needles):
    found = []
    for entry in ModelLogEntry.objects.all():
        text = f"{entry.label} {entry.data}"
        found += [entry for needle in needles if needle.lower() in text.lower()]
    return found


def old_style_entry(instance, label):
    """An entry as Wagtail wrote it before __str__ was neutral: the person's name in label and data."""
    entry = log(instance, "wagtail.edit")
    ModelLogEntry.objects.filter(pk=entry.pk).update(label=label, data={"name": NAME, "email": ANNA})
    return entry


def test_labels_of_personal_data_hold_no_name_or_email(runs, submissions, proposals, committed):
    registration = committed(register, runs[0].pk, name=NAME, email=ANNA).registration
    for instance in (registration, submissions[0], proposals[0]):
        label = str(instance)
        assert NAME not in label
        assert ANNA not in label
    assert str(registration) == f"Anmeldung #{registration.pk} zu Vereinsrecht im Frühjahr"
    entry = log(submissions[0], "wagtail.edit")
    assert entry.label == f"Terminvorschlag #{submissions[0].pk}: Frühjahrsputz am Kyffhäuser"


def test_after_the_purge_no_log_entry_contains_the_name_or_email(runs, submissions, proposals, committed):
    registration = committed(register, runs[0].pk, name=NAME, email=ANNA).registration
    old_style_entry(registration, f"{NAME} – Vereinsrecht im Frühjahr")
    old_style_entry(submissions[0], f"{NAME} – Frühjahrsputz am Kyffhäuser")
    old_style_entry(proposals[0], f"{NAME} – Repair-Café in Artern")
    assert len(entries_mentioning(NAME)) >= 3

    call_command("purge_personal_data")

    assert entries_mentioning(NAME, ANNA) == []
    assert ModelLogEntry.objects.filter(label=f"Kursanmeldung #{registration.pk}").exists()


@pytest.mark.django_db
def test_deleting_a_persons_data_also_cleans_the_history(submissions):
    old_style_entry(submissions[0], f"{NAME} – Frühjahrsputz am Kyffhäuser")
    delete_person(ANNA)
    assert not EventSubmission.objects.filter(email=ANNA).exists()
    assert not ExampleProposal.objects.filter(email=ANNA).exists()
    assert entries_mentioning(NAME, ANNA) == []
