"""One person's request (Art. 15 and 17 GDPR): every source of personal data exports exactly that person's
records and deletes exactly those; the command and the admin view "Auskunft und Löschung" use them."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from cms.privacy import delete_person, export_person, person_data_providers, person_report
from netzwerk.models import EventSubmission
from praxisbeispiele.models import ExampleProposal
from qualifizierung.models import Attendance, Registration, RegistrationStatus
from qualifizierung.services import register
from tests.cms.conftest import ANNA, BERT

COURSES = "Kursanmeldungen und Anwesenheit"
SUBMISSIONS = "Gemeldete Veranstaltungen (Kontaktdaten)"
PROPOSALS = "Vorschläge für Praxisbeispiele"


def dumped(data):
    return json.dumps(data, ensure_ascii=False)


def test_every_app_with_personal_data_registers_a_provider():
    assert {COURSES, SUBMISSIONS, PROPOSALS} <= set(person_data_providers())


def test_course_export_holds_the_persons_registrations_and_attendance_and_nobody_elses(runs):
    full, other = runs
    anna_first = register(full.pk, name="Anna Beispiel", email=ANNA, phone="0361 1234567").registration
    register(other.pk, name="Anna Beispiel", email=ANNA.upper())
    register(other.pk, name="Bert Muster", email=BERT, phone="03632 99999")
    Attendance.objects.create(registration=anna_first, session_start=full.sessions()[0].start)

    rows = export_person(ANNA)["Daten"][COURSES]

    assert sorted(row["Kurstermin"] for row in rows) == ["Vereinsrecht im Frühjahr", "Vereinsrecht im Herbst"]
    assert {row["Name"] for row in rows} == {"Anna Beispiel"}
    first = next(row for row in rows if row["Kurstermin"] == "Vereinsrecht im Frühjahr")
    assert first["Telefon"] == "0361 1234567"
    assert first["Status"] == "angemeldet"
    assert len(first["Anwesend bei den Terminen"]) == 1
    assert "Bert" not in dumped(rows) and "03632" not in dumped(rows)


def test_deleting_a_course_participant_keeps_others_and_moves_the_waiting_list_up(runs, committed):
    full, other = runs
    anna = committed(register, full.pk, name="Anna Beispiel", email=ANNA).registration
    bert = committed(register, full.pk, name="Bert Muster", email=BERT).registration
    carla = committed(register, full.pk, name="Carla Klein", email="carla@example.org").registration
    committed(register, other.pk, name="Anna Beispiel", email=ANNA)
    Attendance.objects.create(registration=anna, session_start=full.sessions()[0].start)
    assert (bert.waiting_position, carla.waiting_position) == (1, 2)

    results = committed(delete_person, ANNA)

    assert dict(results)[COURSES] == 2
    assert not Registration.objects.filter(email__iexact=ANNA).exists()
    assert not Attendance.objects.filter(registration_id=anna.pk).exists()
    bert.refresh_from_db()
    carla.refresh_from_db()
    assert (bert.status, bert.waiting_position) == (RegistrationStatus.REGISTERED, None)
    assert (carla.status, carla.waiting_position) == (RegistrationStatus.WAITING, 1)


def test_submission_export_and_delete_touch_only_the_persons_contact_data(submissions):
    rows = export_person(ANNA)["Daten"][SUBMISSIONS]
    assert [(row["Name"], row["E-Mail"], row["Telefon"]) for row in rows] == [
        ("Anna Beispiel", ANNA, "0361 1234567")
    ]
    assert rows[0]["Titel der Meldung"] == "Frühjahrsputz am Kyffhäuser"
    assert BERT not in dumped(export_person(ANNA))

    assert dict(delete_person("Anna.Beispiel@Verein.example"))[SUBMISSIONS] == 1
    assert list(EventSubmission.objects.values_list("email", flat=True)) == [BERT]


def test_proposal_export_and_delete_touch_only_the_persons_contact_data(proposals):
    rows = export_person(ANNA)["Daten"][PROPOSALS]
    assert [(row["Name"], row["Vorgeschlagenes Praxisbeispiel"]) for row in rows] == [
        ("Anna Beispiel", "Repair-Café in Artern")
    ]
    assert "Bert" not in dumped(rows)

    assert dict(delete_person(ANNA))[PROPOSALS] == 1
    assert list(ExampleProposal.objects.values_list("email", flat=True)) == [BERT]


def test_report_counts_per_source_and_a_second_delete_finds_nothing(submissions, proposals):
    assert dict(person_report(ANNA))[SUBMISSIONS] == 1
    assert dict(person_report(ANNA))[PROPOSALS] == 1
    delete_person(ANNA)
    assert sum(count for _label, count in delete_person(ANNA)) == 0
    assert dict(person_report(BERT))[SUBMISSIONS] == 1


def test_command_exports_to_a_json_file_and_deletes(submissions, proposals, tmp_path, capsys):
    target = tmp_path / "auskunft.json"
    call_command("personal_data", "--email", ANNA, "--export", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["E-Mail-Adresse"] == ANNA
    assert len(data["Daten"][SUBMISSIONS]) == 1 and len(data["Daten"][PROPOSALS]) == 1
    assert BERT not in target.read_text(encoding="utf-8")

    call_command("personal_data", "--email", ANNA, "--delete")
    assert "insgesamt 2 Datensätze gelöscht" in capsys.readouterr().out
    assert EventSubmission.objects.count() == 1 and ExampleProposal.objects.count() == 1


@pytest.mark.parametrize("address", ["keine-adresse", "anna@", ""])
def test_command_refuses_an_invalid_address_in_german(db, address):
    with pytest.raises(CommandError, match="E-Mail-Adresse"):
        call_command("personal_data", "--email", address, "--delete")


# --- the admin view ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("datenschutz", "dsb@kyffhaeuser.example", "x" * 12)
    client.force_login(user)
    return client


URL = "/admin/datenschutz/auskunft/"


def test_the_view_lives_under_settings_and_lists_each_source_with_its_records(
    admin_client, submissions, proposals
):
    assert reverse("cms_person_data") == URL
    dashboard = admin_client.get("/admin/").content.decode()
    assert '"url": "/admin/datenschutz/auskunft/"' in dashboard

    response = admin_client.post(URL, {"aktion": "suchen", "email": ANNA})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Gespeichert zu {ANNA}: 2 Datensätze" in html
    assert "<h2>Gespeichert zu" in html
    assert "Frühjahrsputz am Kyffhäuser" in html and "Repair-Café in Artern" in html
    assert "Bert Muster" not in html and BERT not in html


def test_the_view_downloads_the_json_export(admin_client, submissions):
    response = admin_client.post(URL, {"aktion": "export", "email": ANNA})
    assert response["Content-Disposition"].startswith('attachment; filename="auskunft-')
    data = json.loads(response.content)
    assert data["Daten"][SUBMISSIONS][0]["Name"] == "Anna Beispiel"
    assert BERT not in response.content.decode()


def test_the_view_deletes_only_after_confirmation_and_shows_the_count(admin_client, submissions, proposals):
    confirm = admin_client.post(URL, {"aktion": "bestaetigen", "email": ANNA}).content.decode()
    assert "Wirklich löschen?" in confirm and "Ja, 2 Datensätze löschen" in confirm
    assert EventSubmission.objects.filter(email=ANNA).exists()

    unconfirmed = admin_client.post(URL, {"aktion": "loeschen", "email": ANNA})
    assert unconfirmed.status_code == 400
    assert "Bitte bestätigen Sie die Löschung." in unconfirmed.content.decode()
    assert EventSubmission.objects.filter(email=ANNA).exists()

    done = admin_client.post(URL, {"aktion": "loeschen", "email": ANNA, "bestaetigt": "ja"}, follow=True)
    assert "2 Datensätze gelöscht" in done.content.decode()
    assert not EventSubmission.objects.filter(email=ANNA).exists()
    assert not ExampleProposal.objects.filter(email=ANNA).exists()
    assert (
        EventSubmission.objects.filter(email=BERT).exists()
        and ExampleProposal.objects.filter(email=BERT).exists()
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"aktion": "suchen", "email": "keine-adresse"}, "„keine-adresse“ ist keine gültige E-Mail-Adresse."),
        ({"aktion": "suchen", "email": ""}, "Bitte geben Sie eine E-Mail-Adresse an."),
        ({"aktion": "export", "email": "anna@"}, "ist keine gültige E-Mail-Adresse"),
        ({"aktion": "loeschen-alles", "email": ANNA}, "Unbekannte Aktion."),
    ],
)
def test_bad_input_gets_a_german_message_and_400(admin_client, submissions, data, message):
    response = admin_client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert EventSubmission.objects.count() == 2


def test_editors_without_the_right_to_delete_personal_data_neither_see_nor_use_the_view(client, submissions):
    editor = get_user_model().objects.create_user("redakteurin", "r@kyffhaeuser.example", "x" * 12)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(editor)
    assert "/admin/datenschutz/auskunft/" not in client.get("/admin/").content.decode()
    response = client.post(URL, {"aktion": "loeschen", "email": ANNA, "bestaetigt": "ja"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert EventSubmission.objects.filter(email=ANNA).exists()


def test_the_search_does_not_put_the_address_into_the_url(admin_client, submissions):
    html = admin_client.get(URL).content.decode()
    assert '<form method="post" novalidate class="person-data-search">' in html


def test_failed_logins_under_the_address_are_exported_and_deleted(db):
    from axes.models import AccessAttempt

    def attempt(username, address):
        return AccessAttempt.objects.create(
            username=username,
            ip_address=address,
            user_agent="Firefox",
            http_accept="text/html",
            path_info="/admin/login/",
            get_data="",
            post_data="",
            failures_since_start=2,
        )

    attempt(ANNA.upper(), "192.0.2.10")
    attempt("bert", "192.0.2.20")
    label = "Fehlgeschlagene Anmeldeversuche in der Redaktion"

    rows = export_person(ANNA)["Daten"][label]
    assert len(rows) == 1 and "192.0.2.10" in dumped(rows) and "192.0.2.20" not in dumped(rows)
    assert dict(delete_person(ANNA))[label] == 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["bert"]
