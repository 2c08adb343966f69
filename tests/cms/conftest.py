"""Fixtures the cms test modules share: each public form in turn, two people's course registrations, event
submissions and proposals."""

import pytest

from tests.factories import (
    EventSubmissionFactory,
    ExampleProposalFactory,
    LibraryPageFactory,
    in_days,
    make_course,
    make_example,
    make_run,
)
from tests.public_forms import FORMS, PublicForm

ANNA = "anna.beispiel@verein.example"
BERT = "bert.muster@feuerwehr.example"


@pytest.fixture(params=FORMS)
def public_form(request, demo):
    """Each public form of the demo site in turn (tests/public_forms.py)."""
    return PublicForm.of(request.param, demo)


@pytest.fixture
def runs(programme):
    course = make_course(programme, "Vereinsrecht kompakt")
    full = make_run(course, "Vereinsrecht im Frühjahr", in_days(20), capacity=1)
    other = make_run(course, "Vereinsrecht im Herbst", in_days(60), capacity=5)
    return full, other


@pytest.fixture
def submissions(db):
    anna = EventSubmissionFactory(
        event_title="Frühjahrsputz am Kyffhäuser", name="Anna Beispiel", email=ANNA, phone="0361 1234567"
    )
    bert = EventSubmissionFactory(event_title="Tag der offenen Wache", name="Bert Muster", email=BERT)
    return anna, bert


@pytest.fixture
def proposals(home):
    library = LibraryPageFactory(parent=home)
    anna = ExampleProposalFactory(
        page=make_example(library, "Repair-Café in Artern"), name="Anna Beispiel", email=ANNA
    )
    bert = ExampleProposalFactory(
        page=make_example(library, "Jugendfeuerwehr-Tag"), name="Bert Muster", email=BERT
    )
    return anna, bert
