"""Two instances behind one address: two gunicorn processes (production settings) on different ports share
one PostgreSQL database and one Redis. A change an editor publishes through A is visible through B on
the very next request, and 30 parallel registrations through both for a run with 5 places give exactly
5 places and 25 on the waiting list, with "ausgebucht" shown by both at once.

Always uses the PostgreSQL server at 127.0.0.1:5432 (user postgres; MULTI_INSTANCE_PG overrides) and the
Redis at 127.0.0.1:6379 (MULTI_INSTANCE_REDIS), independent of the suite's own DATABASE_URL; fails when
either is unreachable. The fresh database is a copy of a template database that holds the migrated
schema (`ehrenamt_multi_tpl_<hash of the migrations>`, made once, ~2 minutes on a busy machine; renewed
when a migration changes), then `migrate` runs on the copy and a minimal seed follows.
"""

import html
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import redis

from tests.servers import (
    PASSWORD,
    REDIS_URL,
    Browser,
    instance_env,
    pg_admin,
    pg_url,
    remove_instance_data,
    seed_instance_database,
    start_gunicorn,
    stop_gunicorn,
    wait_until_up,
)


@pytest.fixture
def two_instances(tmp_path):
    """Database, Redis prefix, two gunicorn processes; everything removed again at the end."""
    admin = pg_admin()
    cache = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        cache.ping()
    except redis.RedisError as error:
        admin.close()
        pytest.fail(f"Redis at {REDIS_URL} is not reachable (MULTI_INSTANCE_REDIS): {error}")
    label = secrets.token_hex(4)
    database, prefix = f"ehrenamt_multi_{label}", f"multi-{label}"
    env = instance_env(database, prefix)
    processes = []
    try:
        seed = seed_instance_database(admin, database, env)
        bases = []
        for name in ("a", "b"):
            log = tmp_path / f"gunicorn-{name}.log"
            base, process = start_gunicorn(
                env, log, "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--preload"
            )
            processes.append(process)
            bases.append((base, process, log))
        for base, process, log in bases:
            wait_until_up(base, process, log)
        yield {"a": bases[0][0], "b": bases[1][0], "seed": seed, "database": database}
    finally:
        stop_gunicorn(*processes)
        remove_instance_data(admin, database, prefix)


def test_a_change_published_through_one_instance_shows_at_once_on_the_other_and_parallel_registrations_never_overbook(
    two_instances,
):
    a, b, seed = Browser(two_instances["a"]), Browser(two_instances["b"]), two_instances["seed"]

    # (a) B has the news item and the list in its cache …
    for path in (seed["news_url"], seed["index_url"]):
        assert b.get(path)[0] == 200
        status, headers, page = b.get(path)
        assert headers["X-Cache"] == "HIT", path
        assert "Beirat tagt im Mai" in page
    # … an editor logs in to A and publishes the new title there (bulk action "Veröffentlichen") …
    status, headers, _page = a.post_form(
        "/admin/login/", {"username": "redaktion", "password": PASSWORD, "next": "/admin/"}
    )
    assert status == 302 and headers["Location"].endswith("/admin/"), status
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={seed['news']}&next=/admin/"
    status, _headers, _page = a.post_form(publish, {})
    assert status == 302, status
    # … and B shows it on its very next request.
    for path in (seed["news_url"], seed["index_url"]):
        status, headers, page = b.get(path)
        assert status == 200
        assert "Beirat tagt schon im April" in page, path
        assert "Beirat tagt im Mai" not in page, path

    # (b) Both instances have the run with five free places in their cache (A seen by a visitor now) …
    a = Browser(two_instances["a"])
    for visitor in (a, b):
        visitor.get(seed["run_url"])
        status, headers, page = visitor.get(seed["run_url"])
        assert headers["X-Cache"] == "HIT"
        assert "noch 5 Plätze" in page
    # … 30 people register at the same moment, alternately through A and B.
    forms = []
    for number in range(30):
        visitor = Browser(two_instances["a"] if number % 2 else two_instances["b"])
        status, _headers, page = visitor.get(seed["register_url"])
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        forms.append((visitor, token, number))
    start = threading.Barrier(len(forms))

    def register(item):
        visitor, token, number = item
        start.wait(timeout=60)
        data = {
            "name": f"Person {number}",
            "email": f"person{number}@verein.example",
            "consent": "on",
            "csrfmiddlewaretoken": token,
        }
        return visitor.request(seed["register_url"], data)[0]

    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        statuses = list(pool.map(register, forms))
    assert statuses == [302] * 30

    with psycopg.connect(pg_url(two_instances["database"])) as connection:
        rows = connection.execute(
            "SELECT status, waiting_position FROM qualifizierung_registration WHERE run_id = %s",
            [seed["run"]],
        ).fetchall()
    assert sorted(status for status, _position in rows).count("registered") == 5
    assert sorted(position for status, position in rows if status == "waiting") == list(range(1, 26))
    for visitor in (a, b):
        status, _headers, page = visitor.get(seed["run_url"])
        assert status == 200
        assert "ausgebucht – Warteliste" in html.unescape(page)
        assert "noch 5 Plätze" not in page
