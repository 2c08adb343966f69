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

import hashlib
import html
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from importlib import metadata
from pathlib import Path

import psycopg
import pytest
import redis

BASE_DIR = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("MULTI_INSTANCE_PG", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("MULTI_INSTANCE_REDIS", "redis://127.0.0.1:6379/0")
STATIC_ROOT = Path(os.environ.get("MULTI_INSTANCE_STATIC", "/tmp/ehrenamt-multi-instance-static"))
PASSWORD = "Redaktion-" + secrets.token_urlsafe(12)
TEMPLATE_PREFIX = "ehrenamt_multi_tpl_"

SEED = """
import json
from datetime import time, timedelta

from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from cms.models import SiteConfiguration, Venue
from home.models import HomePage, NewsIndexPage, NewsPage
from termine.models import DateRule
from qualifizierung.models import CoursePage, CourseProgrammePage, CourseRunPage

call_command("migrate", "--no-input", verbosity=0)  # on the copy of the migrated template: checks, adds new


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


root = Page.get_first_root_node()
home = publish(root, HomePage(title="Ehrenamt im Kyffhäuserkreis", slug="start"))
site = Site.objects.get(is_default_site=True)
old_root = site.root_page
site.root_page = home
site.save()
old_root.delete()
SiteConfiguration.for_site(site)
index = publish(home, NewsIndexPage(title="Aktuelles", slug="aktuelles"))
news = publish(index, NewsPage(title="Beirat tagt im Mai", slug="beirat-tagt", teaser="Die nächste Sitzung."))
news.title = "Beirat tagt schon im April"
news.save_revision()  # a draft the editor publishes through instance A
programme = publish(home, CourseProgrammePage(title="Kursprogramm", slug="kurse"))
course = publish(
    programme,
    CoursePage(title="Vereinsrecht", slug="vereinsrecht", teaser="Grundlagen.", goals="Sie kennen es.", is_free=True),
)
venue = Venue.objects.create(name="Bürgerhaus Artern", town="Artern")
run = CourseRunPage(title="Abend in Artern", slug="abend-artern", capacity=5, venue=venue)
first_day = timezone.localdate() + timedelta(days=14)
run.date_rules.add(DateRule(sort_order=0, start_date=first_day, start_time=time(18), end_time=time(20)))
publish(course, run)
get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", "{password}")
print("SEED" + json.dumps({{"news": news.pk, "news_url": news.url, "index_url": index.url,
    "run": run.pk, "run_url": run.url, "register_url": run.url + run.reverse_subpage("register")}}))
"""


# --- PostgreSQL, Redis, processes --------------------------------------------------------------------


def pg_url(database: str) -> str:
    parts = urllib.parse.urlsplit(PG_URL)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def pg_admin():
    try:
        return psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {PG_URL} is not reachable (MULTI_INSTANCE_PG): {error}")


def schema_hash() -> str:
    """Changes with any migration of the project or any installed package version."""
    digest = hashlib.sha256()
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()):
        digest.update(dist.encode())
    return digest.hexdigest()[:12]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_manage(env, *args, timeout=600):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def instance_env(database: str, prefix: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TEST_DB"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DATABASE_URL=pg_url(database),
        SECRET_KEY="mehrere-instanzen-" + secrets.token_urlsafe(16),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        PAGE_CACHE_SECONDS="300",
        COURSE_REGISTRATIONS_PER_HOUR="10000",
        STATIC_ROOT=str(STATIC_ROOT),
        EMAIL_URL="console://",
        LOG_LEVEL="ERROR",
    )
    return env


def prepare_database(admin, database: str, env) -> None:
    """A copy of the migrated template (made first if missing); the seed runs `migrate` on the copy."""
    template = TEMPLATE_PREFIX + schema_hash()
    rows = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [TEMPLATE_PREFIX + "%"])
    existing = {row[0] for row in rows}
    for stale in existing - {template}:
        admin.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
    if template not in existing:
        building = template + "_neu"
        admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{building}"')
        run_manage({**env, "DATABASE_URL": pg_url(building)}, "migrate", "--no-input", "-v0", timeout=1200)
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
    admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')


# --- HTTP ------------------------------------------------------------------------------------------


class Browser:
    """A visitor with cookies, talking HTTP to one instance; no redirects followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), self.NoRedirect
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def get(self, path):
        return self.request(path)

    def post_form(self, path, data):
        """GET the form for its CSRF token (and cookie), then POST it."""
        status, _headers, page = self.get(path)
        assert status == 200, f"GET {path}: {status}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(path, {**data, "csrfmiddlewaretoken": token})


def wait_until_up(base: str, process, log: Path, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn at {base} ended:\n{log.read_text()[-3000:]}"
        try:
            with urllib.request.urlopen(base + "/healthz/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"gunicorn at {base} did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


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
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        prepare_database(admin, database, env)
        seed = json.loads(run_manage(env, "shell", "-c", SEED.format(password=PASSWORD)).split("SEED", 1)[1])
        assert static.wait(timeout=300) == 0, static.stderr.read().decode()
        bases = []
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"gunicorn-{name}.log"
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "gunicorn.conf.py",
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
            ]
            command += ["--workers", "2", "--threads", "4", "--worker-class", "gthread", "--preload"]
            with log.open("w") as output:
                process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=output, stderr=output)
            processes.append(process)
            bases.append((f"http://127.0.0.1:{port}", process, log))
        for base, process, log in bases:
            wait_until_up(base, process, log)
        yield {"a": bases[0][0], "b": bases[1][0], "seed": seed, "database": database}
    finally:
        for process in processes:
            process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()
        keys = list(cache.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            cache.delete(*keys)


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
