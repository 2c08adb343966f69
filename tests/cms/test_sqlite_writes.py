"""The embedded SQLite default takes writes from several threads at once: an autosave, a publication and a
registration that checks the free places before it writes, all at the same moment.

The tests open their own SQLite file with the project's connection options, so they check the embedded
default in the PostgreSQL pass of the suite too."""

import threading
import uuid

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

THREADS = 3
ROUNDS = 8


@pytest.fixture
def sqlite_alias(tmp_path, django_db_blocker):
    """A database alias on a fresh SQLite file, outside the test database and its isolation; `options`
    are the connection options under test."""
    aliases = []
    django_db_blocker.unblock()

    def make(options):
        alias = f"sqlite_probe_{uuid.uuid4().hex[:8]}"
        spec = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / f"{alias}.sqlite3"),
            "OPTIONS": options,
        }
        configured = connections.configure_settings({"default": connections.settings["default"], alias: spec})
        connections.settings[alias] = configured[alias]
        aliases.append(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE revision (id INTEGER PRIMARY KEY, page INTEGER, body TEXT)")
            cursor.execute("CREATE TABLE registration (id INTEGER PRIMARY KEY, run INTEGER, name TEXT)")
            cursor.execute("CREATE TABLE page (id INTEGER PRIMARY KEY, live_revision INTEGER)")
            cursor.execute("INSERT INTO page (id, live_revision) VALUES (1, NULL)")
        connections[alias].close()
        return alias

    yield make
    for alias in aliases:
        connections[alias].close()
        del connections.settings[alias]
    django_db_blocker.restore()


def project_sqlite_options():
    """The options cms/settings/base.py gives the default database when it is SQLite."""
    options = dict(settings.SQLITE_OPTIONS)
    assert options, "SQLITE_OPTIONS fehlt in den Einstellungen"
    return options


def autosave(cursor, number):
    cursor.execute("INSERT INTO revision (page, body) VALUES (1, %s)", [f"Entwurf {number}"])


def publish(cursor, number):
    cursor.execute("SELECT max(id) FROM revision WHERE page = 1")
    latest = cursor.fetchone()[0]
    cursor.execute("INSERT INTO revision (page, body) VALUES (1, %s)", [f"Veröffentlicht {number}"])
    cursor.execute("UPDATE page SET live_revision = %s WHERE id = 1", [latest])


def register(cursor, number, capacity=100):
    cursor.execute("SELECT count(*) FROM registration WHERE run = 7")
    if cursor.fetchone()[0] < capacity:
        cursor.execute("INSERT INTO registration (run, name) VALUES (7, %s)", [f"Person {number}"])


def run_writers(alias, writers, barrier=None):
    """Each writer runs ROUNDS transactions in its own thread; returns the errors they met."""
    errors = []

    def work(writer, offset):
        try:
            for round_ in range(ROUNDS):
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM page")
                    if barrier is not None and round_ == 0:
                        barrier.wait(timeout=5)
                    writer(cursor, offset * 100 + round_)
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=work, args=(writer, offset)) for offset, writer in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "ein Schreibvorgang hängt"
    return errors


def test_the_embedded_sqlite_uses_the_write_ahead_log_and_immediate_transactions(sqlite_alias):
    alias = sqlite_alias(project_sqlite_options())
    with connections[alias].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout_ms = cursor.fetchone()[0]
    assert journal_mode == "wal"
    assert busy_timeout_ms >= 5000
    assert connections[alias].transaction_mode == "IMMEDIATE"


def test_autosave_publish_and_registration_at_once_never_meet_a_locked_database(sqlite_alias):
    alias = sqlite_alias(project_sqlite_options())
    errors = run_writers(alias, [autosave, publish, register])
    assert errors == []
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM revision")
        revisions = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM registration")
        registrations = cursor.fetchone()[0]
    assert (revisions, registrations) == (2 * ROUNDS, ROUNDS)


def test_without_those_options_two_writers_that_read_first_fail_with_a_locked_database(sqlite_alias):
    """The failure the options prevent: two deferred transactions that both read before they write."""
    alias = sqlite_alias({"timeout": 1})
    errors = run_writers(alias, [publish, register], barrier=threading.Barrier(2))
    assert any("database is locked" in error for error in errors)
