"""Proposals for the library: a draft in moderation, e-mails, checked uploads, spam protection, retention."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from cms.forms.fields import plain_text
from cms.privacy import purge_expired, registered_policies
from praxisbeispiele.models import ExampleProposal, PracticeExamplePage
from tests.factories import ExampleProposalFactory, make_example
from tests.public_forms import (
    admin_page_as,
    assert_hidden_from_visitors,
    assert_nothing_stored,
    assert_waits_for_review,
    filled_in,
)


def pdf_file(name="checkliste.pdf", size=2048):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF", content_type="application/pdf")


def png_file(name="foto.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def odt_file(name="vorlage.odt"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/vnd.oasis.opendocument.text")


PROPOSAL = {
    "title": "Ferienwerkstatt <b>gewinnt</b> Nachwuchs",
    "summary": "Eine Woche Technik und Zeltlager: elf Jugendliche sind geblieben.",
    "starting_point": "Die Jugendfeuerwehr hatte nur noch vier Mitglieder.<script>alert(1)</script>",
    "steps": "Jugendliche gefragt\nProgramm mit Partnern geplant\n\nFerienwoche durchgeführt",
    "result": "Elf neue Mitglieder.",
    "transferability": "Passt zu jedem Verein mit Technik.",
    "effort_time": "vier Monate",
    "effort_money": "1850",
    "effort_people": "9",
    "levels": ["3"],
    "fields_of_engagement": ["feuerwehr-brand-und-katastrophenschutz", "kinder-und-jugendarbeit"],
    "target_groups": ["kinder-und-jugendliche"],
    "municipality": "ebeleben",
    "organisation_name": "Feuerwehrverein Ebeleben e. V.",
    "organisation_kind": "verein",
    "organisation_website": "",
    "image_alt": "",
    "name": "Sandra Möbius",
    "email": "sandra@verein.example",
    "phone": "036020 7123",
    "consent": "on",
    "homepage": "",
}


def proposal_data(**changes):
    """The proposal form filled in."""
    return filled_in(PROPOSAL, **changes)


def propose(client, library, data=None, **files):
    payload = dict(data or proposal_data())
    payload.update(files)
    return client.post(library.url + "vorschlagen/", payload)


@pytest.mark.django_db
def test_the_form_page_sends_files_as_multipart(client, library):
    response = client.get(library.url + "vorschlagen/")
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


@pytest.mark.django_db
def test_a_proposal_becomes_a_draft_in_moderation_and_everyone_is_told(
    client, library, editors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(client, library, material=pdf_file())
    assert response.status_code == 302
    assert response["Location"] == library.url + "vorschlagen/danke/"
    assert "Vielen Dank für Ihren Vorschlag" in client.get(response["Location"]).content.decode()

    page = PracticeExamplePage.objects.get()
    assert page.get_parent().pk == library.pk
    assert not page.live
    assert page.first_published_at is None
    assert page.title == "Ferienwerkstatt gewinnt Nachwuchs"
    assert page.starting_point == "Die Jugendfeuerwehr hatte nur noch vier Mitglieder.alert(1)"
    assert [step.value["title"] for step in page.steps] == [
        "Jugendliche gefragt",
        "Programm mit Partnern geplant",
        "Ferienwoche durchgeführt",
    ]
    assert page.municipality.slug == "ebeleben"
    assert page.organisation.name == "Feuerwehrverein Ebeleben e. V."
    assert page.level_network and not page.level_structure
    assert sorted(f.slug for f in page.fields_of_engagement.all()) == [
        "feuerwehr-brand-und-katastrophenschutz",
        "kinder-und-jugendarbeit",
    ]
    proposal = ExampleProposal.objects.get(page=page)
    contact = ("Sandra Möbius", "sandra@verein.example", "036020 7123", True)
    assert_waits_for_review(page, proposal, contact, "Neuer Vorschlag")
    ours = [m for m in mail.outbox if "Praxisbeispiel" in m.subject]
    assert f"/admin/pages/{page.pk}/edit/" in next(m for m in ours if m.subject.startswith("Neuer")).body
    confirmation = [m for m in ours if m.to == ["sandra@verein.example"]]
    assert len(confirmation) == 1
    assert "ist eingegangen" in confirmation[0].subject
    # The uploaded material stays in private storage (no document yet) until the example is published.
    assert Document.objects.count() == 0
    assert proposal.material.name.endswith(".pdf")
    assert len(page.materials) == 0


@pytest.mark.django_db
def test_a_photo_and_an_odt_are_accepted_by_content(client, library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(
            client,
            library,
            proposal_data(image_alt="Jugendliche am Löschfahrzeug"),
            image=png_file(),
            material=odt_file(),
        )
    assert response.status_code == 302
    proposal = ExampleProposal.objects.get()
    assert proposal.photo_alt == "Jugendliche am Löschfahrzeug"
    assert proposal.photo.name.endswith(".png")
    assert proposal.material.name.endswith(".odt")
    with django_capture_on_commit_callbacks(execute=True):
        proposal.page.get_latest_revision().publish()
    page = PracticeExamplePage.objects.get()
    image_block = page.images[0].value
    assert image_block["alt_text"] == "Jugendliche am Löschfahrzeug"
    assert image_block["image"].pk == Image.objects.get().pk
    assert Image.objects.get().file.name.endswith(".png")
    assert Document.objects.get().file.name.endswith(".odt")


@pytest.mark.django_db
def test_the_draft_is_not_visible_to_visitors(client, library):
    propose(client, library)
    assert_hidden_from_visitors(client, PracticeExamplePage.objects.get(), library)


@pytest.mark.django_db
def test_an_upload_that_is_text_named_pdf_is_rejected_in_german_and_nothing_is_stored(client, library):
    fake = SimpleUploadedFile("antrag.pdf", b"Das ist nur Text und kein PDF.", content_type="application/pdf")
    response = propose(client, library, material=fake)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Diese Datei hat keinen erlaubten Inhalt. Erlaubt sind: PDF, ODT, DOCX." in html
    assert_nothing_stored(PracticeExamplePage, Document, ExampleProposal)


@pytest.mark.django_db
def test_an_image_that_is_a_pdf_is_rejected(client, library):
    response = propose(client, library, proposal_data(image_alt="Ein Foto"), image=pdf_file("foto.jpg"))
    assert response.status_code == 400
    assert "Erlaubt sind: JPEG, PNG." in response.content.decode()
    assert Image.objects.count() == 0


@pytest.mark.django_db
def test_an_oversized_upload_is_rejected(client, library, settings):
    settings.PRAXIS_UPLOAD_MAX_BYTES = 1024
    response = propose(client, library, material=pdf_file(size=4096))
    assert response.status_code == 400
    assert "Die Datei ist zu groß (4,0 KB). Erlaubt sind höchstens 1,0 KB." in response.content.decode()
    assert PracticeExamplePage.objects.count() == 0
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_form_errors_are_german_keep_the_entered_values_and_answer_400(client, library):
    response = propose(client, library, proposal_data(title="", consent="", email="keine-adresse"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte füllen Sie dieses Feld aus." in html
    assert "Ohne Ihr Einverständnis können wir den Vorschlag nicht bearbeiten." in html
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an." in html
    assert "Eine Woche Technik und Zeltlager: elf Jugendliche sind geblieben." in html
    assert 'value="keine-adresse"' in html
    assert PracticeExamplePage.objects.count() == 0


@pytest.mark.django_db
def test_a_photo_needs_a_description(client, library):
    response = propose(client, library, image=png_file())
    assert response.status_code == 400
    assert "Bitte beschreiben Sie kurz, was auf dem Foto zu sehen ist." in response.content.decode()


def test_plain_text_strips_markup_and_tidies_whitespace():
    assert plain_text("<p>Hallo <b>Welt</b></p>\r\n\r\n\r\n<i>Zeile</i>  zwei") == "Hallo Welt\n\nZeile zwei"
    assert plain_text("a <br> b", keep_newlines=False) == "a b"


def _proposal(library, title, **age):
    return ExampleProposalFactory(page=make_example(library, title), **age)


@pytest.mark.django_db
def test_purge_deletes_only_expired_personal_data_and_keeps_the_pages(library, settings, capsys):
    settings.PRAXIS_PROPOSAL_RETENTION_DAYS = 90
    _proposal(library, "Entschieden vor langer Zeit", created_days_ago=200, decided_days_ago=100)
    kept_decided = _proposal(library, "Vor kurzem entschieden", created_days_ago=200, decided_days_ago=10)
    _proposal(library, "Nie entschieden, alt", created_days_ago=100)
    kept_new = _proposal(library, "Nie entschieden, neu", created_days_ago=10)
    call_command("purge_personal_data")
    output = capsys.readouterr().out
    assert "Kontaktdaten zu Vorschlägen für Praxisbeispiele: 2 Datensätze gelöscht." in output
    assert set(ExampleProposal.objects.values_list("pk", flat=True)) == {kept_decided.pk, kept_new.pk}
    assert PracticeExamplePage.objects.count() == 4
    call_command("purge_personal_data")
    assert (
        "Kontaktdaten zu Vorschlägen für Praxisbeispiele: 0 Datensätze gelöscht." in capsys.readouterr().out
    )


@pytest.mark.django_db
def test_retention_days_come_from_the_setting(library, settings):
    _proposal(library, "Vor 40 Tagen entschieden", created_days_ago=50, decided_days_ago=40)
    settings.PRAXIS_PROPOSAL_RETENTION_DAYS = 30
    results = dict(purge_expired())
    assert results["Kontaktdaten zu Vorschlägen für Praxisbeispiele"] == 1
    assert "Kontaktdaten zu Vorschlägen für Praxisbeispiele" in registered_policies()


@pytest.mark.django_db
def test_publishing_or_rejecting_a_proposal_starts_the_retention_period(client, library, editors):
    propose(client, library, proposal_data(title="Wird veröffentlicht"))
    propose(client, library, proposal_data(title="Wird abgelehnt"))
    published = PracticeExamplePage.objects.get(title="Wird veröffentlicht")
    rejected = PracticeExamplePage.objects.get(title="Wird abgelehnt")
    assert ExampleProposal.objects.filter(decided_at__isnull=False).count() == 0
    published.get_latest_revision().publish()
    _editor, publisher = editors
    state = rejected.current_workflow_task_state.specific
    state.task.specific.on_action(state, publisher, "reject")
    assert ExampleProposal.objects.get(page=published).decided_at is not None
    assert ExampleProposal.objects.get(page=rejected).decided_at is not None


@pytest.mark.django_db
def test_publishing_a_proposal_makes_its_material_downloadable(client, library):
    propose(client, library, material=pdf_file())
    page = PracticeExamplePage.objects.get()
    assert Document.objects.count() == 0
    page.get_latest_revision().publish()
    document = Document.objects.get()
    assert document.collection.is_root()
    assert client.get(document.url).status_code == 200
    assert PracticeExamplePage.objects.get().materials[0].value["files"][0]["document"].pk == document.pk


@pytest.mark.django_db
def test_editors_see_the_proposers_contact_data_in_the_admin(client, library, editors):
    propose(client, library)
    proposal = ExampleProposal.objects.get()
    admin = get_user_model().objects.get(username="chefin")
    snippets = "wagtailsnippets_praxisbeispiele_exampleproposal"
    assert "Sandra Möbius" in admin_page_as(client, admin, f"{snippets}:list")
    assert "sandra@verein.example" in admin_page_as(client, admin, f"{snippets}:edit", proposal.pk)
