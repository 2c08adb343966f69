"""Real servers for the tests that need them: gunicorn with the production settings and gunicorn.conf.py,
alone (no database listening) or as instances sharing one PostgreSQL database and one Redis, and a visitor
that talks HTTP to them.

The instances use the PostgreSQL server at 127.0.0.1:5432 (user postgres; MULTI_INSTANCE_PG overrides) and
the Redis at 127.0.0.1:6379 (MULTI_INSTANCE_REDIS), independent of the suite's own DATABASE_URL, and fail
when either is unreachable. A fresh database is a copy of a template database that holds the migrated
schema (`ehrenamt_multi_tpl_<hash of the migrations>`, made once, ~2 minutes on a busy machine; renewed when
a migration changes); `migrate` runs on the copy and the minimal SEED follows."""

import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from importlib import metadata
from pathlib import Path

import psycopg
import pytest
import redis

BASE_DIR = Path(__file__).resolve().parents[1]
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


# --- gunicorn -------------------------------------------------------------------------------------------


def production_env(secret_key: str, **overrides) -> dict:
    """The environment of one production instance on 127.0.0.1 without TLS, Redis or a reachable database
    (DATABASE_URL points at a port where nothing listens) unless ``overrides`` give them."""
    env = {
        key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nichtda",
        EMAIL_URL="console://",
    )
    env.update(overrides)
    return env


def start_gunicorn(env, log: Path, *options) -> tuple[str, subprocess.Popen]:
    """gunicorn with gunicorn.conf.py on a free port, its output in ``log``; returns its base URL and process."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "cms.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", *options]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=output, stderr=output)
    return f"http://127.0.0.1:{port}", process


def stop_gunicorn(*processes) -> None:
    """gunicorn's quick shutdown (SIGQUIT), killed after 20 seconds."""
    for process in processes:
        process.send_signal(signal.SIGQUIT)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- instances sharing PostgreSQL and Redis ----------------------------------------------------------------


def seed_instance_database(admin, database: str, env) -> dict:
    """Static files collected (in parallel) and a fresh database with the SEED; returns what the seed noted."""
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
    return seed


def remove_instance_data(admin, database: str, prefix: str | None = None) -> None:
    """Drops the instances' database and closes ``admin``; with ``prefix``, deletes their Redis keys."""
    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    admin.close()
    if prefix is not None:
        cache = redis.Redis.from_url(REDIS_URL)
        keys = list(cache.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            cache.delete(*keys)
