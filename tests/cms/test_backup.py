"""Backup and restore: `manage.py backup` writes database and uploads with a manifest; `manage.py restore`
gives back identical pages, registrations and files, and refuses a damaged or foreign backup untouched."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from home.models import NewsPage
from qualifizierung import services as service
from qualifizierung.models import Registration
from tests.factories import NewsPageFactory, in_days, make_course, make_run


@pytest.fixture
def storage(settings, tmp_path):
    """A MEDIA_ROOT, PRIVATE_MEDIA_ROOT and backup folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.BACKUP_ROOT = tmp_path / "backups"
    settings.MEDIA_ROOT.mkdir()
    settings.PRIVATE_MEDIA_ROOT.mkdir()
    return tmp_path


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (32, 68, 170)).save(buffer, "PNG")
    return buffer.getvalue()


def backup():
    out = io.StringIO()
    call_command("backup", stdout=out)
    return Path(out.getvalue().strip().rsplit(": ", 1)[1])


def restore(folder):
    call_command("restore", str(folder), "--no-input", stdout=io.StringIO())


def snapshot():
    """What must come back: pages with live revision, registrations in order, the bytes of every upload."""
    return {
        "news": list(NewsPage.objects.order_by("pk").values_list("title", "live", "live_revision_id")),
        "revisions": {
            page.pk: page.live_revision.content["title"]
            for page in NewsPage.objects.select_related("live_revision")
        },
        "registrations": list(
            Registration.objects.order_by("pk").values_list("name", "email", "status", "waiting_position")
        ),
        "images": {image.title: image.file.read() for image in Image.objects.order_by("pk")},
        "documents": {document.title: document.file.read() for document in Document.objects.order_by("pk")},
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_gives_back_identical_pages_registrations_and_files(storage, news_index, programme):
    news = NewsPageFactory(parent=news_index, title="Ehrenamtskarte wird verlängert")
    news.save_revision().publish()
    run = make_run(
        make_course(programme, "Erste Hilfe im Verein"), "Ein Abend in Artern", in_days(10), capacity=2
    )
    for number, name in enumerate(["Anna Bauer", "Łukasz Wójcik", "Carla Dietz", "Doris Engel"]):
        service.register(run.pk, name=name, email=f"person{number}@verein.example")
    image = Image.objects.create(title="Vereinsfest", file=ContentFile(png_bytes(), name="vereinsfest.png"))
    Document.objects.create(title="Flyer", file=ContentFile(b"%PDF-1.4\n%\xe2\xe3 Flyer", name="flyer.pdf"))
    unreviewed = storage / "private-media" / "vorschlaege" / "5f0c2a.pdf"
    unreviewed.parent.mkdir()
    unreviewed.write_bytes(b"%PDF-1.4 noch nicht geprueft")
    before = snapshot()
    assert [row[2:] for row in before["registrations"]] == [
        ("registered", None),
        ("registered", None),
        ("waiting", 1),
        ("waiting", 2),
    ]

    folder = backup()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["media_files"] == 2
    assert manifest["private_media_files"] == 1
    assert (folder.stat().st_mode & 0o777) == 0o700

    # Things change after the backup: a new title goes live, registrations and files disappear.
    news.title = "Falscher Titel"
    news.save_revision().publish()
    Registration.objects.all().delete()
    Path(image.file.path).unlink()
    Document.objects.all().delete()
    NewsPageFactory(parent=news_index, title="Nach der Sicherung")
    (Path(storage / "media") / "neu.txt").write_text("nach der Sicherung hochgeladen")
    unreviewed.unlink()

    restore(folder)

    assert snapshot() == before
    assert NewsPage.objects.get(pk=news.pk).title == "Ehrenamtskarte wird verlängert"
    assert not (storage / "media" / "neu.txt").exists()
    assert unreviewed.read_bytes() == b"%PDF-1.4 noch nicht geprueft"


@pytest.fixture
def saved(storage, home):
    return backup()


@pytest.mark.django_db
def test_a_damaged_file_is_refused_in_german_and_nothing_is_touched(saved, storage):
    (storage / "media" / "heute.txt").write_text("bleibt")
    archive = saved / "media.tar"
    archive.write_bytes(archive.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(CommandError, match="Die Datei media.tar .* ist beschädigt oder verändert"):
        restore(saved)
    assert (storage / "media" / "heute.txt").read_text() == "bleibt"


@pytest.mark.django_db
def test_a_missing_database_file_is_refused_in_german(saved):
    next(path for path in saved.iterdir() if path.name.startswith("database.")).unlink()
    with pytest.raises(CommandError, match="Die Datei database\\.\\w+ fehlt in der Sicherung"):
        restore(saved)


@pytest.mark.django_db
def test_a_backup_of_another_database_engine_is_refused_in_german(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["engine"] = other
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="Eine Sicherung lässt sich nur in dieselbe Art von Datenbank"):
        restore(saved)


@pytest.mark.django_db
def test_a_folder_without_manifest_or_a_wrong_path_is_refused_in_german(saved, storage):
    (saved / "manifest.json").unlink()
    with pytest.raises(CommandError, match="fehlt manifest.json"):
        restore(saved)
    with pytest.raises(CommandError, match="gibt es nicht"):
        restore(storage / "backups" / "gibt-es-nicht")


@pytest.mark.django_db
def test_restore_asks_before_it_replaces_anything(saved, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "nein")
    with pytest.raises(CommandError, match="Abgebrochen; es wurde nichts verändert"):
        call_command("restore", str(saved), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_uploads_in_s3_the_backup_holds_the_database_and_the_private_files_and_leaves_media_alone(
    storage, settings, home
):
    settings.MEDIA_STORAGE = "s3"
    home.title = "Vor der Sicherung"
    home.save_revision().publish()
    folder = backup()
    assert sorted(path.name for path in folder.iterdir()) == [
        "database." + ("sqlite3" if connection.vendor == "sqlite" else "dump"),
        "manifest.json",
        "private-media.tar",  # files of unreviewed proposals stay on the local disk even with S3
    ]
    assert json.loads((folder / "manifest.json").read_text())["media"] == "external"
    (storage / "media" / "im-bucket.txt").write_text("bleibt")
    home.title = "Danach"
    home.save_revision().publish()

    restore(folder)

    assert type(home).objects.get(pk=home.pk).title == "Vor der Sicherung"
    assert (storage / "media" / "im-bucket.txt").read_text() == "bleibt"
