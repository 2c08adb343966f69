"""The seeded demo site, built once per test session and copied back for every later test that needs it.

`manage.py seed_demo` takes seconds (pages, revisions, images, the search index); copying its tables back
takes a fraction of that. The first call seeds and keeps a copy of every table in memory; later calls
empty the tables and load that copy inside one transaction, then reset the sequences and the cache.

* SQLite: the whole database file through sqlite3's online backup API (tables, full-text index and
  sequences in one go).
* PostgreSQL: every table of the schema with COPY … TO/FROM STDOUT in PostgreSQL's own text format, so
  every column type (JSON, tsvector, arrays) travels unchanged; foreign keys are deferred, so the
  order of the tables does not matter, and the sequences are set to the largest id afterwards.

Only for tests that run with committed data (the live server of the browser tests): the copy needs a
connection outside a test transaction.
"""

import sqlite3

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

_snapshots = {}


def seed_demo_once():
    """Leaves the database as `seed_demo` leaves it: seeded on the first call, copied back afterwards."""
    key = (connection.vendor, connection.settings_dict["NAME"])
    snapshot = _snapshots.get(key)
    if snapshot is None:
        call_command("seed_demo", verbosity=0)
        _snapshots[key] = _take()
    else:
        _restore(snapshot)
    cache.clear()


def _tables(cursor):
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
        return [row[0] for row in cursor.fetchall()]
    raise NotImplementedError(connection.vendor)


def _take():
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(memory)
        return memory
    if connection.vendor == "postgresql":
        copies = {}
        with connection.cursor() as cursor:
            for table in _tables(cursor):
                with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                    copies[table] = b"".join(bytes(chunk) for chunk in copy)
        return copies
    raise NotImplementedError(f"Kein Schnappschuss für {connection.vendor}")


def _restore(snapshot):
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        snapshot.backup(connection.connection)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        tables = _tables(cursor)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:  # DELETE, not TRUNCATE: milliseconds instead of seconds for small tables
            cursor.execute(f'DELETE FROM "{table}"')
        for table in tables:
            data = snapshot.get(table)
            if data:
                with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(data)
        cursor.execute(
            """
            SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            WHERE c.table_schema = current_schema()
              AND (c.is_identity = 'YES' OR c.column_default LIKE 'nextval(%%')
            """
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX("{column}"), 1), '
                f'MAX("{column}") IS NOT NULL) FROM "{table}"',
                [f'"{table}"', column],
            )
