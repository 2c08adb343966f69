"""Fixtures the cms test modules share: two people's course registrations, event submissions and proposals."""

import pytest

from netzwerk.models import EventSubmission
from praxisbeispiele.models import ExampleProposal
from tests.factories import LibraryPageFactory, in_days, make_course, make_example, make_run

ANNA = "anna.beispiel@verein.example"
BERT = "bert.muster@feuerwehr.example"


@pytest.fixture
def runs(programme):
    course = make_course(programme, "Vereinsrecht kompakt")
    full = make_run(course, "Vereinsrecht im Frühjahr", in_days(20), capacity=1)
    other = make_run(course, "Vereinsrecht im Herbst", in_days(60), capacity=5)
    return full, other


@pytest.fixture
def submissions(db):
    anna = EventSubmission.objects.create(
        event_title="Frühjahrsputz am Kyffhäuser",
        name="Anna Beispiel",
        email=ANNA,
        phone="0361 1234567",
        consent=True,
    )
    bert = EventSubmission.objects.create(
        event_title="Tag der offenen Wache", name="Bert Muster", email=BERT, consent=True
    )
    return anna, bert


@pytest.fixture
def proposals(home):
    library = LibraryPageFactory(parent=home)
    anna = ExampleProposal.objects.create(
        page=make_example(library, "Repair-Café in Artern"), name="Anna Beispiel", email=ANNA, consent=True
    )
    bert = ExampleProposal.objects.create(
        page=make_example(library, "Jugendfeuerwehr-Tag"), name="Bert Muster", email=BERT, consent=True
    )
    return anna, bert
