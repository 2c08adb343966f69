"""Measures server time and query count per page type under production settings (`make bench`).

    .venv/bin/python scripts/bench.py [--scale 10] [--requests 50] [--warmup 5] [--wrk-seconds 8]
                                      [--no-load] [--keep-data]

Builds its own database (.bench/bench.sqlite3, or the DATABASE_URL you give) and media folder
(.bench/media), migrates and seeds it with `seed_demo --scale N`, collects the static files, starts
gunicorn with cms.settings.production and SERVER_TIMING=true on a free port of 127.0.0.1, and asks
every page type in PAGES sequentially (page cache off). Server time and query count come from the
Server-Timing header of cms.operations.timing.ServerTimingMiddleware.

The floor is measured in the same run, on the same server: a bare Wagtail page (the base class
`wagtail.models.Page`, no fields, no blocks) with the stock template `wagtailcore/page.html`, a child
of the home page that the bench adds (FLOOR_SETUP), routed and served through the same middleware
stack. Its requests are split in two halves, before and after the page types, so that a drift of the
machine's load hits both sides of the ratio. Every page type's median must stay within MAX_RATIO times the floor's median (rows
that are not pages, the full iCalendar feed and the registration POST, have an absolute target instead).
A worker's resident memory (RSS, from /proc) is read after the warm-up pass and after the last page type.

Then load on loopback (a second gunicorn, page cache on, LOAD_WORKERS workers): wrk (Debian package
`wrk`) runs against the bare view /healthz/ and every page type in LOAD_PAGES, once served from the page
cache (checked: `X-Cache: HIT`) and once past it with a session cookie (`X-Cache: BYPASS`), and reports
requests per second, p50 and p95 (from wrk's Lua `done()` hook) and the share of the bare view's
requests per second (target: at least 70 % for cached pages). Last, RACE_CLIENTS clients register at
the same moment for one course run with RACE_PLACES places (each GETs the form for its CSRF token, then
all POST together): exactly RACE_PLACES must be registered and the rest on the waiting list.

Prints tables, writes .bench/results.json.

Exit code non-zero when a row misses its target (more queries than allowed, over MAX_RATIO times the
floor, or over its absolute target), when the workers' memory grows by MAX_RSS_GROWTH_MB or more, when a
page does not answer 200, the server cannot be started, wrk is missing or the registration race does not
end with exactly RACE_PLACES registered. `--no-load` skips wrk and the race, `--keep-data` the migration,
seeding and collectstatic of an earlier run (quick runs while profiling).
"""

import argparse
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

from cms.operations.timing import HEADER, timing_summary  # noqa: E402

# Page types of the seeded site as (label, path). Later issues append their page types here.
PAGES = [
    ("HomePage", "/"),
    ("NewsIndexPage", "/aktuelles/"),
    ("NewsIndexPage Seite 2", "/aktuelles/?seite=2"),
    ("NewsPage", "/aktuelles/meldung-0001/"),
    ("BeiratPage", "/beirat/"),
    ("FundingProgrammePage", "/foerderung/ehrenamtsfoerderung-kreis/"),
    ("ContentPage", "/kontakt/"),
    ("Suche", "/suche/?q=Verein"),
    ("RSS Meldungen", "/aktuelles/rss/"),
    # The library with all facet counts has the issue's own target: at most 15 queries.
    ("LibraryPage", "/praxisbeispiele/", {"max_queries": 15}),
    (
        "LibraryPage zwei Filter",
        "/praxisbeispiele/?bereich=kinder-und-jugendarbeit&gemeinde=ebeleben",
        {"max_queries": 15},
    ),
    (
        "LibraryPage Suche, Filter, A–Z",
        "/praxisbeispiele/?suche=Verein&ebene=3&sortierung=az",
        {"max_queries": 15},
    ),
    ("PracticeExamplePage", "/praxisbeispiele/beispiel-0001/"),
    ("Praxisbeispiel vorschlagen", "/praxisbeispiele/vorschlagen/"),
]

# Netzwerkkalender (issue 3): list, month grid, day view, an event page and the feeds. A third item
# sets a row's own targets; the full iCalendar feed (every event from a month ago on, about 2,000 at
# --scale 10) has the 300 ms.
_TODAY = date.today()
PAGES += [
    ("CalendarPage Liste", "/termine/"),
    ("CalendarPage Liste gefiltert", "/termine/?gemeinde=artern&kostenlos=ja"),
    ("CalendarPage Monat", f"/termine/monat/{_TODAY.year}/{_TODAY.month:02d}/"),
    ("CalendarPage Tag", f"/termine/tag/{_TODAY.isoformat()}/"),
    ("EventPage", "/termine/vereinsstammtisch-sondershausen/"),
    ("iCalendar alle Termine", "/termine/ical/", {"max_median_ms": 300.0}),
    # The same feed right after a cache clear (a new worker, a cleared Redis): the 300 ms cold.
    ("iCalendar alle Termine kalt", "/termine/ical/", {"max_median_ms": 300.0, "cold": True}),
    ("iCalendar Veranstaltung", "/termine/vereinsstammtisch-sondershausen/ical/"),
    ("RSS Termine", "/termine/rss/"),
]

# Kursprogramm (issue 4): 300 courses with 600 runs at --scale 10. The registration is a POST (row
# option "post": form data, "{n}" numbered per request; the CSRF cookie and token come from one GET of
# the form first) answered with 302, target 60 ms. Both use demo runs, which exist at every scale.
PAGES += [
    ("CourseProgrammePage", "/kurse/"),
    ("CourseProgrammePage Filter", "/kurse/?thema=sport&gemeinde=artern&plaetze=frei&kostenlos=ja"),
    ("CourseProgrammePage Suche", "/kurse/?suche=Verein"),
    ("CoursePage", "/kurse/vereinsrecht-fuer-vorstaende/"),
    ("CourseRunPage", "/kurse/foerdermittel-beantragen/sondershausen/"),
    ("Kursanmeldung Formular", "/kurse/foerdermittel-beantragen/online/anmelden/"),
    (
        "Kursanmeldung POST",
        "/kurse/datenschutz-im-verein/online/anmelden/",
        {
            "max_median_ms": 60.0,
            "max_queries": 25,  # routing, rate limit, run lock, count, insert, the confirmation e-mail's data
            "post": {"name": "Messung {n}", "email": "messung-{n}@bench.example", "consent": "on"},
        },
    ),
]

# Targets per page type, at every scale: queries, and the median against the floor's median.
MAX_QUERIES = 12
MAX_RATIO = 2.5
# The floor: a bare Wagtail page below the home page, created by the bench (FLOOR_SETUP).
FLOOR = ("Boden: leere Wagtail-Seite", "/bench-boden/")
# Memory: a worker's RSS may grow by less than this between the warm-up and the last page type.
MAX_RSS_GROWTH_MB = 50.0

# Load (issue 7): the bare view and the page types wrk runs against, cached and uncached.
BARE = ("Bare Django view", "/healthz/")
LOAD_PAGES = [
    ("HomePage", "/"),
    ("NewsIndexPage", "/aktuelles/"),
    ("CalendarPage Liste", "/termine/"),
    ("CourseProgrammePage", "/kurse/"),
    ("LibraryPage", "/praxisbeispiele/"),
    ("EventPage", "/termine/vereinsstammtisch-sondershausen/"),
]
MIN_SHARE_OF_BARE = 0.70  # cached pages: at least 70 % of the bare view's requests per second
LOAD_WORKERS = 4
WRK_THREADS = 2
# A session cookie takes a request past the page cache (cms.operations.pagecache), as for a logged-in editor.
BYPASS_COOKIE = "sessionid=bench-ohne-seitencache"
RACE_CLIENTS = 200
RACE_PLACES = 20

BENCH_DIR = BASE / ".bench"
VENV_BIN = BASE / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
GUNICORN = VENV_BIN / "gunicorn"
STARTUP_TIMEOUT = 60
REQUEST_TIMEOUT = 60


class BenchError(Exception):
    pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="seed_demo --scale (Standard 10)")
    parser.add_argument("--requests", type=int, default=50, help="gemessene Anfragen je Seitentyp (mind. 50)")
    parser.add_argument("--warmup", type=int, default=5, help="Aufwärm-Anfragen je Seitentyp")
    parser.add_argument("--wrk-seconds", type=int, default=8, help="Dauer eines wrk-Laufs in Sekunden")
    parser.add_argument(
        "--wrk-connections", type=int, default=16, help="gleichzeitige Verbindungen je wrk-Lauf"
    )
    parser.add_argument(
        "--no-load", action="store_true", help="ohne wrk und Anmelde-Wettlauf (nur Serverzeit je Seitentyp)"
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="Datenbank und Medien eines früheren Laufs so nutzen, wie sie sind",
    )
    args = parser.parse_args(argv)
    if args.requests < 50:
        parser.error("--requests muss mindestens 50 sein.")

    # SIGTERM (e.g. from make being stopped) unwinds like Ctrl-C, so gunicorn is stopped too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    started = time.perf_counter()
    BENCH_DIR.mkdir(exist_ok=True)
    (BENCH_DIR / "media").mkdir(exist_ok=True)
    env = bench_environment()
    print(f"Datenbank: {redact(env['DATABASE_URL'])}")
    print(f"Medien:    {env['MEDIA_ROOT']}")

    load, race = [], None
    try:
        wrk = shutil.which("wrk")
        if not wrk and not args.no_load:
            raise BenchError("wrk fehlt (Debian-Paket „wrk“; `make bench` installiert es).")
        if not args.keep_data:
            prepare(env, args.scale)
        prepare_floor(env)
        race_path = None if args.no_load else prepare_race_run(env)
        port = free_port()
        with gunicorn(env, port, extra={"PAGE_CACHE_SECONDS": "0"}) as server:
            floor, rows, memory = measure_pages(server, port, args)
        if not args.no_load:
            port = free_port()
            cached = {"PAGE_CACHE_SECONDS": os.environ.get("PAGE_CACHE_SECONDS") or "300"}
            with gunicorn(env, port, workers=LOAD_WORKERS, extra=cached):
                load = load_rows(wrk, port, args.wrk_seconds, args.wrk_connections)
                race = registration_race(port, race_path)
            race.update(count_registrations(env, race_path))
    except BenchError as error:
        print(f"FEHLER: {error}", file=sys.stderr)
        return 2

    total = time.perf_counter() - started
    print_table(rows, args.scale, floor)
    print_memory(memory)
    if not args.no_load:
        print_load_table(load, args)
        print_race(race)
    write_results(rows, args, env, total, load=load, race=race, floor=floor, memory=memory)
    print(f"\nLaufzeit gesamt: {total:.1f} s · Ergebnisse: {BENCH_DIR / 'results.json'}")
    failed = [row for row in [floor, *rows] if not row["ok_status"]]
    for row in failed:
        print(f"FEHLER: {row['path']} antwortet {row['status']} statt {row['expected']}.", file=sys.stderr)
    for row in load:
        if row["non_2xx"]:
            print(f"FEHLER: {row['path']} ({row['mode']}): {row['non_2xx']} Antworten ohne 2xx, "
                  f"{row['socket_errors']} Verbindungsfehler unter Last.", file=sys.stderr)  # fmt: skip
    missed = [row for row in rows if row["ok_status"] and not row["within_target"]]
    for row in missed:
        print(f"FEHLER: {row['label']} {row['path']} über Ziel ({target_text(row)}).", file=sys.stderr)
    if not memory["ok"]:
        print(
            f"FEHLER: Speicher der Worker wächst um {memory['growth_mb']:.1f} MB "
            f"(Ziel unter {MAX_RSS_GROWTH_MB:.0f} MB).",
            file=sys.stderr,
        )
    if race is not None and not race["ok"]:
        print(
            f"FEHLER: Anmelde-Wettlauf: {race['registered']} angemeldet / {race['waiting']} auf der Warteliste, "
            f"erwartet {RACE_PLACES} / {RACE_CLIENTS - RACE_PLACES}; Status der POSTs: {race['statuses']}.",
            file=sys.stderr,
        )
    if failed or (race is not None and not race["ok"]) or any(row["non_2xx"] for row in load):
        return 1
    if missed or not memory["ok"]:
        return 3
    return 0


def bench_environment():
    """The environment of every child process: own database and media folder, production secrets."""
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
    env["MEDIA_ROOT"] = str(BENCH_DIR / "media")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def production_environment(env):
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DEBUG": "false",
        "SECRET_KEY": "bench-nur-fuer-messungen-auf-127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SERVE_MEDIA": "true",
        "SERVER_TIMING": "true",
        "COURSE_REGISTRATIONS_PER_HOUR": "1000000",  # the POST row registers many times from one address
    }


def prepare(env, scale):
    dev = {**env, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    manage(dev, "migrate", "--no-input", "--verbosity", "0")
    manage(dev, "seed_demo", "--scale", str(scale), "--verbosity", "0")
    manage(production_environment(env), "collectstatic", "--no-input", "--verbosity", "0")


def manage(env, *command):
    print(f"→ manage.py {' '.join(command)} ({env['DJANGO_SETTINGS_MODULE']})", flush=True)
    step = time.perf_counter()
    result = subprocess.run([str(PYTHON), "manage.py", *command], cwd=BASE, env=env)
    if result.returncode != 0:
        raise BenchError(f"manage.py {command[0]} endete mit Code {result.returncode}.")
    print(f"  {time.perf_counter() - step:.1f} s", flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class gunicorn:
    """Context manager: gunicorn with production settings on 127.0.0.1:port, stopped on exit."""

    def __init__(self, env, port, workers=2, extra=None):
        self.env = {**production_environment(env), **(extra or {})}
        self.port = port
        self.workers = workers
        self.log_path = BENCH_DIR / "gunicorn.log"
        self.process = None

    def __enter__(self):
        settings = ", ".join(
            f"{key}={value}" for key, value in {"workers": self.workers, **self.extra()}.items()
        )
        print(f"→ gunicorn auf 127.0.0.1:{self.port} ({settings}, cms.settings.production)", flush=True)
        self.log = open(self.log_path, "a")  # noqa: SIM115 (closed in __exit__)
        command = [
            str(GUNICORN), "cms.wsgi:application",
            "--config", str(BASE / "gunicorn.conf.py"),  # masked logs
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--timeout", "120",
            "--chdir", str(BASE),
        ]  # fmt: skip
        if control_socket_option():
            command.append("--no-control-socket")  # keep off the shared ~/.gunicorn/gunicorn.ctl
        self.process = subprocess.Popen(
            command,
            cwd=BASE,
            env={"GUNICORN_ACCESS_LOG": "", **self.env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self.wait_until_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def wait_until_ready(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn endete mit Code {self.process.returncode}.\n{self.log_tail()}")
            try:
                request(self.port, "/", timeout=5)
                return
            except OSError:
                time.sleep(0.2)
        raise BenchError(f"gunicorn antwortet nach {STARTUP_TIMEOUT} s nicht.\n{self.log_tail()}")

    def extra(self):
        return {key: self.env[key] for key in ("PAGE_CACHE_SECONDS",) if key in self.env}

    def worker_rss_mb(self):
        """{worker pid: resident memory in MB} of the master's children (Linux /proc)."""
        sizes = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) != self.process.pid:  # the parent pid
                    continue
                status = (stat.parent / "status").read_text()
            except (OSError, IndexError, ValueError):
                continue  # the process ended meanwhile
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if found:
                sizes[int(stat.parent.name)] = round(int(found.group(1)) / 1024, 1)
        return sizes

    def log_tail(self, lines=30):
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # gunicorn stops its workers gracefully on SIGTERM
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        return False


def control_socket_option():
    """Whether this gunicorn has a control socket (and so the --no-control-socket option)."""
    result = subprocess.run([str(GUNICORN), "--help"], capture_output=True, text=True)
    return "--no-control-socket" in result.stdout


def request(port, path, timeout=REQUEST_TIMEOUT, method="GET", body=None, headers=None, full=False):
    """One request on a fresh connection: (status, Server-Timing header, client wall time in ms)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        start = time.perf_counter()
        sent = {"Host": f"127.0.0.1:{port}", "Accept-Encoding": "identity", **(headers or {})}
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        wall_ms = (time.perf_counter() - start) * 1000
        if full:
            return response, content
        return response.status, response.getheader(HEADER), wall_ms
    finally:
        connection.close()


def form_poster(port, path, data):
    """A function that POSTs ``data`` to the form at ``path`` ("{n}" numbered per call), with the CSRF
    cookie and token of one GET of the form."""

    response, content = request(port, path, full=True)
    cookie = SimpleCookie(response.getheader("Set-Cookie") or "")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if "csrftoken" not in cookie or token is None:
        raise BenchError(f"{path}: kein CSRF-Cookie oder -Token im Formular.")
    headers = {
        "Cookie": f"csrftoken={cookie['csrftoken'].value}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    counter = iter(range(10**9))
    stamp = int(time.time())  # numbers differ from an earlier run on the same database

    def post():
        number = f"{stamp}-{next(counter)}"
        fields = {key: value.replace("{n}", number) for key, value in data.items()}
        fields["csrfmiddlewaretoken"] = token.group(1).decode()
        return request(port, path, method="POST", body=urlencode(fields), headers=headers)

    return post


class Row:
    """One line of PAGES: how to ask for it and what it must meet."""

    def __init__(
        self,
        port,
        label,
        path,
        max_queries=MAX_QUERIES,
        max_median_ms=None,
        post=None,
        cold=False,
        clear=None,
    ):
        self.label, self.path = label, path
        self.clear = clear if cold else None  # called before each request: the cache is empty
        self.max_queries, self.max_median_ms = max_queries, max_median_ms
        self.expected = 302 if post else 200  # a form answers a successful POST with a redirect
        self.method = "POST" if post else "GET"
        self.send = form_poster(port, path, post) if post else (lambda: request(port, path))
        self.samples = {"app": [], "db": [], "queries": [], "wall": []}
        self.status = self.expected  # until a request answers otherwise

    def warm(self, count):
        for _ in range(count):
            status, _header, _wall = self.send()
            if status != self.expected:
                self.status = status
                return False
        return True

    def run(self, count):
        """``count`` measured requests; False if one does not answer as expected."""
        print(f"→ {self.label:<24} {self.path}", flush=True)
        if self.clear:
            count = min(count, COLD_REQUESTS)  # each one starts a manage.py to clear the cache
        for _ in range(count):
            if self.clear:
                self.clear()
            status, header, wall_ms = self.send()
            if status != self.expected:
                self.status = status
                return False
            if not header:
                raise BenchError(f"{self.path}: Antwort ohne {HEADER}-Kopfzeile (SERVER_TIMING wirkt nicht).")
            app_ms, db_ms, query_count = timing_summary(header)
            for key, value in zip(self.samples, (app_ms, db_ms, query_count, wall_ms), strict=True):
                self.samples[key].append(value)
        return True

    def result(self, floor_median=None):
        row = {
            "label": self.label,
            "path": self.path,
            "status": self.status,
            "ok_status": self.status == self.expected,
            "expected": self.expected,
        }
        row.update(max_queries=self.max_queries, max_median_ms=self.max_median_ms, requests=0)
        if self.method == "POST":
            row["method"] = "POST"
        if not row["ok_status"] or not self.samples["app"]:
            row["ok_status"] = False
            return row
        row.update(summary(**self.samples))
        row["ratio"] = round(row["median_ms"] / floor_median, 2) if floor_median else None
        if self.max_median_ms is not None:
            fast = row["median_ms"] < self.max_median_ms
        else:
            fast = row["ratio"] is not None and row["ratio"] <= MAX_RATIO
        row["within_target"] = row["queries"] <= self.max_queries and fast
        return row


def summary(app, db, queries, wall):
    return {
        "requests": len(app),
        "median_ms": round(statistics.median(app), 2),
        "p95_ms": round(percentile(app, 95), 2),
        "db_median_ms": round(statistics.median(db), 2),
        "queries": round(statistics.median(queries)),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "client_median_ms": round(statistics.median(wall), 2),
        "queries_per_request": queries,
    }


def measure_pages(server, port, args):
    """The floor (first half), every row of PAGES, the floor again (second half); RSS around the rows.

    Returns (floor row, page rows, memory)."""
    floor = Row(port, *FLOOR)
    clear = cache_clearer(server.env)
    rows = [
        Row(port, label, path, **(targets[0] if targets else {}), clear=clear)
        for label, path, *targets in PAGES
    ]
    print(f"→ Aufwärmen: {args.warmup} Anfragen je Seitentyp", flush=True)
    for row in [floor, *rows]:
        row.warm(args.warmup)
    memory = {"after_warmup_mb": server.worker_rss_mb()}
    first_half = args.requests // 2
    floor.run(first_half)
    for row in rows:
        if row.status == row.expected:
            row.run(args.requests)
    floor.run(args.requests - first_half)
    memory["after_last_mb"] = server.worker_rss_mb()
    before, after = memory["after_warmup_mb"], memory["after_last_mb"]
    memory["growth_mb"] = (
        round(max(after.get(pid, 0) - rss for pid, rss in before.items()), 1) if before else 0.0
    )
    memory["ok"] = memory["growth_mb"] < MAX_RSS_GROWTH_MB
    floor_row = floor.result()
    floor_row["within_target"] = True
    floor_median = floor_row.get("median_ms")
    return floor_row, [row.result(floor_median) for row in rows], memory


COLD_REQUESTS = 10


def cache_clearer(server_env):
    """Empties the cache the workers share (database or Redis) from outside, as a restart or a flush would."""

    def clear():
        result = subprocess.run(
            [str(PYTHON), "manage.py", "shell", "-c", "from django.core.cache import cache; cache.clear()"],
            cwd=BASE, env=server_env, capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise BenchError(f"Cache leeren: {result.stderr[-2000:]}")

    return clear


def target_text(row):
    if row["max_median_ms"] is not None:
        speed = f"Median {row['median_ms']:.1f} ms, Ziel unter {row['max_median_ms']:.0f} ms"
    else:
        speed = f"{row['ratio']:.2f} × Boden, Ziel höchstens {MAX_RATIO}"
    return f"{speed}; {row['queries']} Abfragen, Ziel höchstens {row['max_queries']}"


# --- load: wrk against the bare view and cached / uncached pages -----------------------------------

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  local out = io.open("%(result)s", "w")
  out:write(string.format(
    '{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "non_2xx": %%d, "socket_errors": %%d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
  out:close()
end
"""


def wrk_run(wrk, port, path, seconds, connections, headers=None):
    """One wrk run on loopback: requests per second, p50/p95/p99 in ms, non-2xx and socket errors."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        result = Path(folder) / "result.json"
        script = Path(folder) / "report.lua"
        script.write_text(WRK_SCRIPT % {"result": result})
        command = [
            wrk, "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
            "-s", str(script),
        ]  # fmt: skip
        for name, value in {"Accept-Encoding": "identity", **(headers or {})}.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://127.0.0.1:{port}{path}")
        finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
        if finished.returncode != 0 or not result.exists():
            raise BenchError(f"wrk {path}: Code {finished.returncode}\n{finished.stderr or finished.stdout}")
        data = json.loads(result.read_text())
    return {
        "rps": round(data["requests"] / (data["duration_us"] / 1e6), 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p95_ms": round(data["p95_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "requests": data["requests"],
        "non_2xx": data["non_2xx"],
        "socket_errors": data["socket_errors"],
    }


def cache_states(port, path, headers=None, count=10):
    """The X-Cache header of ``count`` sequential requests, e.g. {"HIT": 10}."""
    states = {}
    for _ in range(count):
        response, _content = request(port, path, headers=headers, full=True)
        if response.status != 200:
            raise BenchError(f"{path} antwortet {response.status} statt 200.")
        state = response.getheader("X-Cache") or "–"
        states[state] = states.get(state, 0) + 1
    return states


def load_rows(wrk, port, seconds, connections):
    """wrk against each page type from the page cache and past it, and against the bare view.

    On a shared machine the throughput drifts with the load of other processes, so the bare view runs
    right before every page type and each share is taken against that neighbouring run; the bare row of
    the table shows the median of these runs.
    """
    rows, bare_runs = [], []
    runs = [(label, path, "cached", None) for label, path in LOAD_PAGES]
    runs += [(label, path, "uncached", {"Cookie": BYPASS_COOKIE}) for label, path in LOAD_PAGES]
    for label, path, mode, headers in runs:
        # Rendered pages take tens of milliseconds: one connection per worker measures their time rather
        # than the queue in front of the workers.
        width = LOAD_WORKERS if mode == "uncached" else connections
        print(f"→ wrk {mode:<8} {label:<20} {path} ({width} Verbindungen)", flush=True)
        wrk_run(wrk, port, path, 2, width, headers)  # warm every worker (and its page cache)
        bare = wrk_run(wrk, port, BARE[1], seconds, width)
        bare_runs.append({**bare, "connections": width})
        row = {"label": label, "path": path, "mode": mode, "connections": width, "bare_rps": bare["rps"]}
        row.update(wrk_run(wrk, port, path, seconds, width, headers))
        row["x_cache"] = cache_states(port, path, headers)
        row["share_of_bare"] = round(row["rps"] / bare["rps"], 3) if bare["rps"] else None
        if mode == "cached":
            row["hit"] = row["x_cache"].get("HIT", 0) == sum(row["x_cache"].values())
            row["within_target"] = row["hit"] and row["share_of_bare"] >= MIN_SHARE_OF_BARE
        else:
            row["bypass"] = row["x_cache"].get("BYPASS", 0) == sum(row["x_cache"].values())
        rows.append(row)
    wide = [run for run in bare_runs if run["connections"] == connections]
    summary = {key: statistics.median(run[key] for run in wide) for key in ("rps", "p50_ms", "p95_ms")}
    bare_row = {
        "label": BARE[0], "path": BARE[1], "mode": "bare", "connections": connections, "bare_rps": summary["rps"],
        "share_of_bare": 1.0, "runs": bare_runs, "requests": sum(run["requests"] for run in bare_runs),
        "non_2xx": sum(run["non_2xx"] for run in bare_runs),
        "socket_errors": sum(run["socket_errors"] for run in bare_runs), **summary,
    }  # fmt: skip
    return [bare_row, *rows]


def print_load_table(rows, args):
    headers = [
        "Seite",
        "Modus",
        "Verb.",
        "X-Cache",
        "Anfr./s",
        "Bare",
        "Anteil",
        "p50 ms",
        "p95 ms",
        "Fehler",
        "Ziel",
    ]
    names = {"bare": "ohne DB/Template", "cached": "Seitencache", "uncached": "ohne Cache"}
    lines = []
    for row in rows:
        states = "–"
        if "x_cache" in row:
            total = sum(row["x_cache"].values())
            states = ", ".join(f"{key} {value}/{total}" for key, value in row["x_cache"].items())
        target = "–"
        if row["mode"] == "cached":
            target = "OK" if row["within_target"] else ("KEIN HIT" if not row["hit"] else "UNTER ZIEL")
        lines.append(
            [
                f"{row['label']} {row['path']}",
                names[row["mode"]],
                str(row["connections"]),
                states,
                f"{row['rps']:.0f}",
                f"{row['bare_rps']:.0f}",
                f"{row['share_of_bare'] * 100:.0f} %",
                f"{row['p50_ms']:.1f}",
                f"{row['p95_ms']:.1f}",
                str(row["non_2xx"] + row["socket_errors"]),
                target,
            ]
        )
    numeric = {2, 4, 5, 6, 7, 8, 9}
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(headers)]

    def fmt(cells):
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in pairs).rstrip()

    print(
        f"\nDurchsatz mit wrk auf 127.0.0.1: {args.wrk_seconds} s je Lauf, {WRK_THREADS} Threads, gunicorn mit "
        f"{LOAD_WORKERS} Workern; Verb.: gleichzeitige Verbindungen"
    )
    print(
        "Bare: Anfragen/s der Bare-View /healthz/ im Lauf direkt davor (in ihrer Zeile: Median); Anteil: "
        "Anfragen/s im Verhältnis dazu;\nZiel für Seiten aus dem Cache mindestens "
        f"{MIN_SHARE_OF_BARE:.0%}. Fehler: Antworten ohne 2xx und Verbindungsfehler (Zeitüberschreitung).\n"
    )
    print(fmt(headers))
    print(fmt(["-" * w for w in widths]))
    for line in lines:
        print(fmt(line))


# --- 200 registrations at once for 20 places ----------------------------------------------------------

FLOOR_SETUP = """
import json
from wagtail.models import Page, Site
home = Site.objects.get(is_default_site=True).root_page
floor = home.get_children().filter(slug=%(slug)r).first()
if floor is None:
    floor = home.add_child(instance=Page(title="Leere Wagtail-Seite", slug=%(slug)r))
print("BENCH " + json.dumps({"pk": floor.pk, "type": floor.specific_class.__name__, "path": floor.url}))
"""


def prepare_floor(env):
    """The bare Wagtail page of the floor: a child of the home page, routed like every page type."""
    floor = shell(env, FLOOR_SETUP % {"slug": FLOOR[1].strip("/")})
    if floor["type"] != "Page" or floor["path"] != FLOOR[1]:
        raise BenchError(f"Der Boden ist {floor}, keine leere Wagtail-Seite unter {FLOOR[1]}.")
    print(f"→ Boden: leere Wagtail-Seite {floor['pk']} unter {FLOOR[1]}", flush=True)


RACE_SETUP = """
import json
from qualifizierung.models import CourseRunPage, Registration
# A generated run where there are some (--scale 2 and more), else a demo run that no row of PAGES uses.
runs = sorted(CourseRunPage.objects.live(), key=lambda run: (run.slug.startswith("termin-"), run.path), reverse=True)
used = %(used)r
run = next(
    run for run in runs
    if not run.closed_reason() and run.registration_deadline is None
    and not any(path.startswith(run.url) for path in used)
)
Registration.objects.filter(run=run).delete()
run.capacity = %(places)d
run.save_revision().publish()
print("BENCH " + json.dumps({"path": run.url}))
"""

RACE_COUNT = """
import json
from qualifizierung.models import CourseRunPage, Registration
run = [r for r in CourseRunPage.objects.live() if r.url == %(path)r][0]
mine = Registration.objects.filter(run=run, email__endswith="@wettlauf.bench.example")
print("BENCH " + json.dumps({status: mine.filter(status=status).count() for status in ("registered", "waiting", "cancelled")}))
"""


def shell(env, code):
    """Runs ``code`` with manage.py shell under the bench's production settings; returns its BENCH line."""
    result = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", code], cwd=BASE, env=production_environment(env),
        capture_output=True, text=True,
    )  # fmt: skip
    found = re.search(r"^BENCH (.*)$", result.stdout, re.M)
    if result.returncode != 0 or not found:
        raise BenchError(f"manage.py shell: Code {result.returncode}\n{result.stderr[-2000:]}")
    return json.loads(found.group(1))


def prepare_race_run(env):
    """A course run open for registration with RACE_PLACES places and nobody registered; its path."""
    used = [path for _label, path, *_targets in PAGES]
    path = shell(env, RACE_SETUP % {"places": RACE_PLACES, "used": used})["path"]
    print(f"→ Anmelde-Wettlauf: {path} mit {RACE_PLACES} Plätzen", flush=True)
    return path


def registration_race(port, path):
    """RACE_CLIENTS clients GET the form (own CSRF cookie and token each), then all POST at once."""

    form_path = f"{path}anmelden/"
    barrier = threading.Barrier(RACE_CLIENTS)

    def client(number):
        response, content = request(port, form_path, full=True)
        cookie = SimpleCookie(response.getheader("Set-Cookie") or "")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        barrier.wait(timeout=300)
        if "csrftoken" not in cookie or token is None:
            return "kein CSRF-Token", 0.0
        fields = {
            "name": f"Wettlauf {number}", "email": f"person-{number}@wettlauf.bench.example", "consent": "on",
            "homepage": "", "csrfmiddlewaretoken": token.group(1).decode(),
        }  # fmt: skip
        headers = {
            "Cookie": f"csrftoken={cookie['csrftoken'].value}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        status, _header, wall_ms = request(
            port, form_path, method="POST", body=urlencode(fields), headers=headers
        )
        return status, wall_ms

    print(f"→ {RACE_CLIENTS} gleichzeitige Anmeldungen an {form_path}", flush=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=RACE_CLIENTS) as pool:
        results = list(pool.map(client, range(RACE_CLIENTS)))
    statuses = {}
    for status, _ms in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    walls = [ms for status, ms in results if status == 302]
    return {
        "path": form_path,
        "clients": RACE_CLIENTS,
        "places": RACE_PLACES,
        "statuses": statuses,
        "post_p50_ms": round(percentile(walls, 50), 1) if walls else None,
        "post_p95_ms": round(percentile(walls, 95), 1) if walls else None,
        "seconds": round(time.perf_counter() - started, 1),
    }


def count_registrations(env, path):
    counts = shell(env, RACE_COUNT % {"path": path})
    ok = counts["registered"] == RACE_PLACES and counts["waiting"] == RACE_CLIENTS - RACE_PLACES
    return {**counts, "ok": ok}


def print_race(race):
    print(
        f"\nAnmelde-Wettlauf: {race['clients']} gleichzeitige Anmeldungen für {race['places']} Plätze "
        f"({race['path']}, {race['seconds']} s)\n"
        f"  angemeldet: {race['registered']} · Warteliste: {race['waiting']} · Status der POSTs: {race['statuses']}\n"
        f"  POST p50 {race['post_p50_ms']} ms · p95 {race['post_p95_ms']} ms (Client, alle gleichzeitig) · "
        f"{'OK' if race['ok'] else 'FALSCH'}"
    )


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def print_table(rows, scale, floor):
    headers = [
        "Seitentyp",
        "URL",
        "Anfr.",
        "Median ms",
        "p95 ms",
        "DB ms",
        "Abfragen",
        "× Boden",
        "Client ms",
        "Ziel",
    ]
    lines = []
    for row in [floor, *rows]:
        if not row["ok_status"]:
            lines.append(
                [row["label"], row["path"], "–", "–", "–", "–", "–", "–", "–", f"HTTP {row['status']}"]
            )
            continue
        ratio = "1,00" if row is floor else (f"{row['ratio']:.2f}".replace(".", ",") if row["ratio"] else "–")
        target = "–" if row is floor else ("OK" if row["within_target"] else "ÜBER ZIEL")
        if row is not floor and row["max_median_ms"] is not None:
            target += f" (< {row['max_median_ms']:.0f} ms)"
        queries = str(row["queries"])
        if row["queries_min"] != row["queries_max"]:
            queries += f" ({row['queries_min']}–{row['queries_max']})"
        lines.append(
            [
                row["label"],
                row["path"],
                str(row["requests"]),
                f"{row['median_ms']:.1f}",
                f"{row['p95_ms']:.1f}",
                f"{row['db_median_ms']:.1f}",
                queries,
                ratio,
                f"{row['client_median_ms']:.1f}",
                target,
            ]
        )
    numeric = {2, 3, 4, 5, 6, 7, 8}
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(headers)]

    def fmt(cells):
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = (c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in pairs)
        return "  ".join(padded).rstrip()

    print(f"\nServerzeit (Server-Timing app) und Abfragen je Seitentyp, --scale {scale}, Seitencache aus")
    print(
        f"Boden: leere Wagtail-Seite (wagtail.models.Page, Vorlage wagtailcore/page.html) unter {FLOOR[1]},\n"
        "derselbe Server und Middleware-Stapel, je zur Hälfte vor und nach den Seitentypen gemessen.\n"
        f"Ziel: höchstens {MAX_QUERIES} Abfragen (wo nicht anders genannt) und Median höchstens {MAX_RATIO} × Boden;\n"
        "Zeilen mit „< … ms“ (Feed, POST) haben stattdessen ein festes Ziel.\n"
        "Abfragen: Median je Anfrage; in Klammern die Spanne, wenn einzelne Anfragen abweichen\n"
        "(z. B. wenn ein Worker einen Cache neu füllt).\n"
    )
    print(fmt(headers))
    print(fmt(["-" * w for w in widths]))
    for line in lines:
        print(fmt(line))
    missed = [row["label"] for row in rows if row["ok_status"] and not row["within_target"]]
    summary = f"\n{len(missed)} von {len(rows)} Seitentypen über Ziel"
    print(summary + (f": {', '.join(missed)}" if missed else ""))


def print_memory(memory):
    def fmt(sizes):
        return ", ".join(f"{rss:.1f} MB (pid {pid})" for pid, rss in sorted(sizes.items())) or "–"

    print(f"\nSpeicher der Worker (RSS) nach dem Aufwärmen: {fmt(memory['after_warmup_mb'])}")
    print(f"Speicher der Worker (RSS) nach dem letzten Seitentyp: {fmt(memory['after_last_mb'])}")
    verdict = "OK" if memory["ok"] else "ÜBER ZIEL"
    print(
        f"Zuwachs (größter je Worker): {memory['growth_mb']:.1f} MB, Ziel unter {MAX_RSS_GROWTH_MB:.0f} MB: {verdict}"
    )


def write_results(rows, args, env, total_seconds, load=(), race=None, floor=None, memory=None):
    results = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "warmup": args.warmup,
        "requests": args.requests,
        "database": redact(env["DATABASE_URL"]),
        "settings": "cms.settings.production",
        "server": "gunicorn, 2 workers",
        "targets": {
            "max_queries": MAX_QUERIES,
            "max_ratio": MAX_RATIO,
            "max_rss_growth_mb": MAX_RSS_GROWTH_MB,
        },
        "runtime_seconds": round(total_seconds, 1),
        "floor": floor,
        "pages": rows,
        "memory": memory,
        "load": {
            "tool": "wrk",
            "seconds": args.wrk_seconds,
            "threads": WRK_THREADS,
            "connections": args.wrk_connections,
            "server": f"gunicorn, {LOAD_WORKERS} workers, page cache on",
            "min_share_of_bare": MIN_SHARE_OF_BARE,
            "rows": list(load),
        },
        "registration_race": race,
    }
    (BENCH_DIR / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")


def redact(url):
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


if __name__ == "__main__":
    sys.exit(main())
