"""Files of an unreviewed proposal live in private storage: not under /media/, no Image or Document, random
names; editors download them through a permission-checked admin view; publishing makes them public."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image

from cms.privacy import delete_person, purge_expired
from praxisbeispiele.models import ExampleProposal, PracticeExamplePage
from tests.praxisbeispiele.test_proposals import pdf_file, png_file, proposal_data, propose

FROZEN_NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def _propose_with_files(client, library, capture, title="Ferienwerkstatt"):
    with capture(execute=True):
        response = propose(
            client,
            library,
            proposal_data(title=title, image_alt="Jugendliche am Löschfahrzeug"),
            image=png_file("ferienwerkstatt.png"),
            material=pdf_file("ferienwerkstatt.pdf"),
        )
    assert response.status_code == 302
    return ExampleProposal.objects.get(page__title=title)


def _private_path(name):
    return Path(settings.PRIVATE_MEDIA_ROOT) / name


def _file_url(proposal, field):
    return reverse("cms_private_file", args=["praxis-vorschlag", proposal.pk, field])


@pytest.mark.django_db
def test_a_proposal_creates_no_image_or_document_and_its_files_are_private_with_random_names(
    client,
    library,
    django_capture_on_commit_callbacks,
):
    proposal = _propose_with_files(client, library, django_capture_on_commit_callbacks)
    assert Image.objects.count() == 0
    assert Document.objects.count() == 0
    assert proposal.photo_alt == "Jugendliche am Löschfahrzeug"
    names = [proposal.photo.name, proposal.material.name]
    for name in names:
        assert _private_path(name).is_file()
        base = name.rsplit("/", 1)[-1]
        assert "vorschlag" not in base
        assert "ferienwerkstatt" not in base.lower()
        assert len(base.split(".")[0]) == 32
        # Outside MEDIA_ROOT: /media/ knows none of the names, under no folder.
        assert not (Path(settings.MEDIA_ROOT) / name).exists()
        for folder in ("", "vorschlaege/", "original_images/", "documents/"):
            assert client.get(f"/media/{folder}{base}").status_code == 404
    assert names[0].endswith(".png") and names[1].endswith(".pdf")
    assert not Path(settings.PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    for path in ("/media/original_images/ferienwerkstatt.png", "/media/documents/ferienwerkstatt.pdf"):
        assert client.get(path).status_code == 404
    page = proposal.page
    assert len(page.images) == 0 and len(page.materials) == 0


@pytest.mark.django_db
def test_only_editors_with_permission_download_the_private_files(
    client,
    library,
    editors,
    django_capture_on_commit_callbacks,
):
    proposal = _propose_with_files(client, library, django_capture_on_commit_callbacks)
    url = _file_url(proposal, "material")

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]

    # An admin user without any permission on proposals or the draft page.
    reader = get_user_model().objects.create_user("nurlesen", "nurlesen@kyffhaeuser.example", "x" * 12)
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    denied = client.get(url)
    assert denied.status_code == 403
    assert proposal.material.name.encode() not in denied.content

    editor, _publisher = editors
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    with open(_private_path(proposal.material.name), "rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"

    # The draft page's header menu links to both files for this editor.
    edit_html = client.get(reverse("wagtailadmin_pages:edit", args=[proposal.page_id])).content.decode()
    assert f'href="{url}"' in edit_html
    assert "Eingereichtes Foto herunterladen" in edit_html

    photo = client.get(_file_url(proposal, "photo"))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")

    assert client.get(_file_url(proposal, "name")).status_code == 404
    assert (
        client.get(reverse("cms_private_file", args=["praxis-vorschlag", 999999, "photo"])).status_code == 404
    )
    assert (
        client.get(reverse("cms_private_file", args=["unbekannt", proposal.pk, "photo"])).status_code == 404
    )

    # The editors' view of the proposal (its contact data, for those who may see them) links to the files.
    client.force_login(get_user_model().objects.get(username="chefin"))
    inspect = client.get(
        reverse("wagtailsnippets_praxisbeispiele_exampleproposal:inspect", args=[proposal.pk])
    )
    html = inspect.content.decode()
    assert inspect.status_code == 200
    assert f'href="{url}"' in html
    assert f'href="{_file_url(proposal, "photo")}"' in html


@pytest.mark.django_db
def test_publishing_makes_the_files_public_images_and_documents_and_deletes_the_private_ones(
    client,
    library,
    django_capture_on_commit_callbacks,
):
    proposal = _propose_with_files(client, library, django_capture_on_commit_callbacks)
    private = [_private_path(proposal.photo.name), _private_path(proposal.material.name)]
    with django_capture_on_commit_callbacks(execute=True):
        proposal.page.get_latest_revision().publish()

    image, document = Image.objects.get(), Document.objects.get()
    assert image.collection.is_root() and document.collection.is_root()
    for item in (image, document):
        assert "Sandra" not in item.title and "Vorschlag" not in item.title
        base = item.file.name.rsplit("/", 1)[-1]
        assert len(base.split(".")[0]) == 32 and "ferienwerkstatt" not in base.lower()
    assert client.get(document.url).status_code == 200
    assert client.get(image.file.url).status_code == 200
    page = PracticeExamplePage.objects.get(pk=proposal.page_id)
    assert page.live
    assert page.images[0].value["image"].pk == image.pk
    assert page.images[0].value["alt_text"] == "Jugendliche am Löschfahrzeug"
    assert page.materials[0].value["files"][0]["document"].pk == document.pk
    # The live revision carries them too: the next edit in the admin keeps them.
    revision_page = page.live_revision.as_object()
    assert revision_page.images[0].value["image"].pk == image.pk
    assert not page.has_unpublished_changes
    for path in private:
        assert not path.exists()
    proposal.refresh_from_db()
    assert not proposal.photo and not proposal.material
    assert proposal.decided_at is not None
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_rejecting_a_proposal_deletes_its_private_files(
    client,
    library,
    editors,
    django_capture_on_commit_callbacks,
):
    proposal = _propose_with_files(client, library, django_capture_on_commit_callbacks)
    private = [_private_path(proposal.photo.name), _private_path(proposal.material.name)]
    _editor, publisher = editors
    state = proposal.page.current_workflow_task_state.specific
    with django_capture_on_commit_callbacks(execute=True):
        state.task.specific.on_action(state, publisher, "reject")
    for path in private:
        assert not path.exists()
    proposal.refresh_from_db()
    assert not proposal.photo and not proposal.material
    assert Image.objects.count() == 0 and Document.objects.count() == 0


@pytest.mark.django_db
def test_deleting_purging_or_a_persons_deletion_removes_the_private_files(
    client,
    library,
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(FROZEN_NOW, tick=False):
        purged = _propose_with_files(client, library, django_capture_on_commit_callbacks, title="Alt")
    person = _propose_with_files(client, library, django_capture_on_commit_callbacks, title="Person")
    page_deleted = _propose_with_files(client, library, django_capture_on_commit_callbacks, title="Seite weg")
    files = {
        proposal.pk: [_private_path(proposal.photo.name), _private_path(proposal.material.name)]
        for proposal in (purged, person, page_deleted)
    }
    later = FROZEN_NOW + dt.timedelta(days=settings.PRAXIS_PROPOSAL_RETENTION_DAYS + 1)
    # The other two were created "now" (after FROZEN_NOW); move them to `later` so only the first expires.
    ExampleProposal.objects.filter(pk__in=[person.pk, page_deleted.pk]).update(created_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        assert dict(purge_expired(now=later))["Kontaktdaten zu Vorschlägen für Praxisbeispiele"] == 1
    assert not any(path.exists() for path in files[purged.pk])
    assert all(path.exists() for path in files[person.pk] + files[page_deleted.pk])

    ExampleProposal.objects.filter(pk=page_deleted.pk).update(email="andere@verein.example")
    with django_capture_on_commit_callbacks(execute=True):
        delete_person("sandra@verein.example")
    assert not ExampleProposal.objects.filter(pk=person.pk).exists()
    assert not any(path.exists() for path in files[person.pk])
    assert all(path.exists() for path in files[page_deleted.pk])

    with django_capture_on_commit_callbacks(execute=True):
        page_deleted.page.delete()
    assert not any(path.exists() for path in files[page_deleted.pk])


@pytest.mark.django_db
def test_a_private_file_gone_from_the_disk_does_not_stop_publishing(
    client,
    library,
    django_capture_on_commit_callbacks,
):
    proposal = _propose_with_files(client, library, django_capture_on_commit_callbacks)
    _private_path(proposal.photo.name).unlink()
    with django_capture_on_commit_callbacks(execute=True):
        proposal.page.get_latest_revision().publish()
    assert Image.objects.count() == 0
    assert Document.objects.count() == 1
    page = PracticeExamplePage.objects.get(pk=proposal.page_id)
    assert page.live and len(page.images) == 0 and len(page.materials) == 1
