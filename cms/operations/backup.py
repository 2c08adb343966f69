"""Backup and restore of the database and the uploaded files (``manage.py backup`` / ``restore``).

A backup is one folder ``<BACKUP_ROOT>/<UTC time stamp>/`` (only readable by its owner: it holds personal
data) with

* ``database.sqlite3`` (SQLite, written with SQLite's online backup API, consistent while the site runs)
  or ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``),
* ``media.tar`` (everything under ``MEDIA_ROOT``: images, renditions, documents, submissions),
* ``private-media.tar`` (everything under ``PRIVATE_MEDIA_ROOT``: files of proposals not yet reviewed),
* ``manifest.json``: engine, time, database name, size and SHA-256 of both files.

With ``MEDIA_STORAGE=s3`` the uploads are not on this machine: the backup then holds the database only
(manifest ``"media": "external"``) and the bucket's own versioning keeps the files.

``restore`` first checks everything (manifest readable, same database engine, both files present with
the recorded size and checksum) and refuses with a German message without touching anything when a
check fails. Only then it replaces the database (SQLite: online backup API into the live database;
PostgreSQL: ``pg_restore --clean --if-exists --no-owner --single-transaction``) and swaps ``MEDIA_ROOT``
for the unpacked copy; at the end it empties the cache so no page from before the restore is served.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
# Files of submissions not yet reviewed (PRIVATE_MEDIA_ROOT, always on the local disk).
PRIVATE_ARCHIVE = "private-media.tar"
FORMAT = 1
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is German and says why."""


def backup_root() -> Path:
    return Path(settings.BACKUP_ROOT)


def local_media() -> bool:
    """Uploads lie under MEDIA_ROOT; with MEDIA_STORAGE=s3 the bucket (and its versioning) keeps them."""
    return settings.MEDIA_STORAGE == "local"


def sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _connection(alias="default"):
    connection = connections[alias]
    if connection.vendor not in ENGINE_NAMES:
        raise BackupError(
            f"Datenbank „{connection.vendor}“ wird nicht unterstützt (nur SQLite und PostgreSQL)."
        )
    return connection


def _sqlite_connect(connection):
    if connection.is_in_memory_db():
        raise BackupError(
            "Eine SQLite-Datenbank im Arbeitsspeicher lässt sich nicht sichern oder zurückspielen."
        )
    return sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=30)


def _database_file(vendor: str) -> str:
    return "database.sqlite3" if vendor == "sqlite" else "database.dump"


def _pg_command(program: str, settings_dict: dict) -> tuple[list[str], dict]:
    binary = shutil.which(program, path=settings.POSTGRES_BIN_DIR or os.environ.get("PATH"))
    if not binary:
        raise BackupError(
            f"„{program}“ wurde nicht gefunden. Bitte das Paket postgresql-client installieren."
        )
    args = [binary, "--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(args: list[str], env: dict, what: str) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            f"{what} ist fehlgeschlagen (Code {result.returncode}):\n{result.stderr.strip()[-2000:]}"
        )


# --- backup ------------------------------------------------------------------------------------------------


def dump_database(target: Path, alias="default") -> str:
    connection = _connection(alias)
    if connection.vendor == "sqlite":
        # A connection of its own reads the committed state, whatever Django's connection is doing.
        source = _sqlite_connect(connection)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        args, env = _pg_command("pg_dump", connection.settings_dict)
        _run(args + ["--format=custom", "--file", str(target)], env, "pg_dump")
    return connection.vendor


def pack_media(target: Path, media_root: Path) -> int:
    count = 0
    with tarfile.open(target, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                count += path.is_file()
    return count


def create_backup(root: Path | None = None, alias="default") -> Path:
    """Writes a new backup folder under `root` (BACKUP_ROOT) and returns its path."""
    root = Path(root or backup_root())
    root.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    folder = root / created.strftime("%Y%m%d-%H%M%S")
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = root / f"{created.strftime('%Y%m%d-%H%M%S')}-{suffix}"
    folder.mkdir(mode=0o700)
    vendor = _connection(alias).vendor
    database_file = folder / _database_file(vendor)
    files = [database_file]
    old_umask = os.umask(0o077)
    try:
        dump_database(database_file, alias)
        media_count = None
        if local_media():
            media_count = pack_media(folder / MEDIA_ARCHIVE, Path(settings.MEDIA_ROOT))
            files.append(folder / MEDIA_ARCHIVE)
        private_count = pack_media(folder / PRIVATE_ARCHIVE, Path(settings.PRIVATE_MEDIA_ROOT))
        files.append(folder / PRIVATE_ARCHIVE)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        os.umask(old_umask)
    manifest = {
        "format": FORMAT,
        "created": created.isoformat(),
        "engine": vendor,
        "database_name": str(connections[alias].settings_dict["NAME"]),
        "media": "local" if media_count is not None else "external",
        "media_files": media_count,
        "private_media_files": private_count,
        "files": {path.name: {"size": path.stat().st_size, "sha256": sha256(path)} for path in files},
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.chmod(folder / MANIFEST, 0o600)
    return folder


# --- restore -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedBackup:
    folder: Path
    manifest: dict
    database_file: Path
    media_archive: Path | None
    private_archive: Path | None = None


def verify_backup(folder, alias="default") -> VerifiedBackup:
    """Checks a backup folder completely; raises BackupError (German) on the first problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(
            f"Die Sicherung „{folder}“ gibt es nicht (erwartet wird ein Ordner unter backups/)."
        )
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"In „{folder}“ fehlt {MANIFEST}: das ist keine vollständige Sicherung.") from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{MANIFEST} in „{folder}“ ist beschädigt und nicht lesbar.") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise BackupError(f"{MANIFEST} in „{folder}“ hat ein unbekanntes Format.")
    vendor = _connection(alias).vendor
    engine = manifest.get("engine")
    if engine != vendor:
        raise BackupError(
            f"Die Sicherung stammt aus einer {ENGINE_NAMES.get(engine, engine)}-Datenbank, diese Installation "
            f"nutzt {ENGINE_NAMES[vendor]}. Eine Sicherung lässt sich nur in dieselbe Art von Datenbank "
            "zurückspielen."
        )
    with_media = manifest.get("media", "local") == "local"
    expected = {_database_file(vendor), MEDIA_ARCHIVE} if with_media else {_database_file(vendor)}
    with_private = "private_media_files" in manifest  # backups before the private storage have none
    if with_private:
        expected.add(PRIVATE_ARCHIVE)
    if set(manifest["files"]) != expected:
        raise BackupError(f"{MANIFEST} in „{folder}“ nennt nicht die erwarteten Dateien {sorted(expected)}.")
    for name, facts in sorted(manifest["files"].items()):
        path = folder / name
        if not path.is_file():
            raise BackupError(f"Die Datei {name} fehlt in der Sicherung „{folder}“.")
        if path.stat().st_size != facts.get("size") or sha256(path) != facts.get("sha256"):
            raise BackupError(
                f"Die Datei {name} in „{folder}“ ist beschädigt oder verändert (Prüfsumme stimmt nicht)."
            )
    media_archive = folder / MEDIA_ARCHIVE if with_media else None
    private_archive = folder / PRIVATE_ARCHIVE if with_private else None
    return VerifiedBackup(folder, manifest, folder / _database_file(vendor), media_archive, private_archive)


def restore_database(backup: VerifiedBackup, alias="default") -> None:
    connection = _connection(alias)
    if connection.vendor == "sqlite":
        connection.close()
        destination = _sqlite_connect(connection)
        source = sqlite3.connect(f"file:{backup.database_file}?mode=ro", uri=True)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
    else:
        settings_dict = connection.settings_dict
        connection.close()
        args, env = _pg_command("pg_restore", settings_dict)
        _run(
            args
            + ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(backup.database_file)],
            env,
            "pg_restore",
        )


def restore_media(backup: VerifiedBackup, media_root: Path, archive: Path | None = None) -> None:
    """Replaces ``media_root`` with the content of ``archive`` (by default the backup's media archive)."""
    archive = archive or backup.media_archive
    media_root = Path(media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    try:
        with tarfile.open(archive) as packed:
            packed.extractall(unpacked, filter="data")  # refuses absolute paths, "..", devices
    except (tarfile.TarError, OSError) as error:
        shutil.rmtree(unpacked, ignore_errors=True)
        raise BackupError(f"Die hochgeladenen Dateien ließen sich nicht auspacken: {error}") from None
    unpacked.chmod(0o755)
    previous = media_root.with_name(f".{media_root.name}-vor-wiederherstellung")
    shutil.rmtree(previous, ignore_errors=True)
    try:
        if media_root.exists():
            media_root.rename(previous)
        unpacked.rename(media_root)
    except OSError:
        # MEDIA_ROOT is a mount point or a link: replace what is inside instead of the folder itself.
        if previous.exists() and not media_root.exists():
            previous.rename(media_root)
        for child in list(media_root.iterdir()):
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        for child in list(unpacked.iterdir()):
            shutil.move(str(child), str(media_root / child.name))
        shutil.rmtree(unpacked, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)


def restore_backup(folder, alias="default") -> VerifiedBackup:
    """Verifies `folder`, then replaces database and MEDIA_ROOT with its content and empties the cache."""
    backup = verify_backup(folder, alias)
    restore_database(backup, alias)
    if backup.media_archive is not None:
        restore_media(backup, Path(settings.MEDIA_ROOT))
    if backup.private_archive is not None:
        restore_media(backup, Path(settings.PRIVATE_MEDIA_ROOT), backup.private_archive)
    cache.clear()
    return backup
