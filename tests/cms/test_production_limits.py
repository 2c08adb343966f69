"""Rate limits hold in the production set-up: gunicorn with 3 worker processes, cms.settings.production
and gunicorn.conf.py, once without Redis (counters in the PostgreSQL database) and once with Redis. 50
parallel POSTs from one client to the password reset (limit 5 per hour) and to a course registration
(limit 20) let exactly the limit through; all others get 429 with the German page.

Uses the PostgreSQL and Redis of tests/servers.py (its migrated template database and helpers).
"""

import html
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from tests import servers

PARALLEL = 50


@pytest.fixture(params=["database", "redis"])
def production(request, tmp_path):
    """One database copy, one gunicorn with 3 workers; RATELIMIT_STORE follows from REDIS_URL."""
    admin = servers.pg_admin()
    label = secrets.token_hex(4)
    database, prefix = f"ehrenamt_limits_{label}", f"limits-{label}"
    env = servers.instance_env(database, prefix)
    env.update(PAGE_CACHE_SECONDS="0", COURSE_REGISTRATIONS_PER_HOUR="20", PASSWORD_RESETS_PER_HOUR="5")
    if request.param == "database":
        del env["REDIS_URL"]
    else:
        redis.Redis.from_url(servers.REDIS_URL, socket_connect_timeout=5).ping()
    process = None
    try:
        seed = servers.seed_instance_database(admin, database, env)
        base, process = servers.start_gunicorn(
            env, tmp_path / "gunicorn.log", "--workers", "3", "--no-control-socket"
        )
        servers.wait_until_up(base, process, tmp_path / "gunicorn.log")
        yield {"base": base, "seed": seed, "store": request.param}
    finally:
        if process is not None:
            servers.stop_gunicorn(process)
        servers.remove_instance_data(admin, database, prefix if request.param == "redis" else None)


def parallel_posts(base, path, data_of):
    """PARALLEL visitors (own cookies and CSRF token) post at the same moment; returns (status, page)s."""
    prepared = []
    for number in range(PARALLEL):
        visitor = servers.Browser(base)
        status, _headers, page = visitor.get(path)
        assert status == 200, f"GET {path}: {status}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        prepared.append((visitor, {**data_of(number), "csrfmiddlewaretoken": token}))
    start = threading.Barrier(PARALLEL)

    def post(item):
        visitor, data = item
        start.wait(timeout=60)
        status, _headers, page = visitor.request(path, data)
        return status, page

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(post, prepared))


def assert_exactly(results, limit, passed_status=302):
    statuses = [status for status, _page in results]
    assert statuses.count(passed_status) == limit, statuses
    assert statuses.count(429) == PARALLEL - limit, statuses
    for status, page in results:
        if status == 429:
            assert '<html lang="de"' in page
            assert "Von Ihrem Anschluss" in html.unescape(page)


def test_fifty_parallel_posts_from_one_client_get_exactly_the_limit_through(production):
    base, seed = production["base"], production["seed"]

    resets = parallel_posts(base, "/admin/password_reset/", lambda n: {"email": f"person{n}@verein.example"})
    assert_exactly(resets, 5)

    registrations = parallel_posts(
        base,
        seed["register_url"],
        lambda n: {"name": f"Person {n}", "email": f"person{n}@verein.example", "consent": "on"},
    )
    assert_exactly(registrations, 20)
