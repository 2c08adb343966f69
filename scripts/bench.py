"""Measures server time and query count per page type under production settings (`make bench`).

    .venv/bin/python scripts/bench.py [--scale 10] [--requests 50] [--warmup 5]

Builds its own database (.bench/bench.sqlite3, or the DATABASE_URL you give) and media folder
(.bench/media), migrates and seeds it with `seed_demo --scale N`, collects the static files, starts
gunicorn with cms.settings.production and SERVER_TIMING=true on a free port of 127.0.0.1, and asks
every page type in PAGES sequentially. Server time and query count come from the Server-Timing header
of cms.timing.ServerTimingMiddleware. Prints a table, writes .bench/results.json.

Exit code 0 also when targets are missed (this is a report); non-zero when a page does not answer 200
or the server cannot be started.
"""

import argparse
import http.client
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

from cms.timing import HEADER, timing_summary  # noqa: E402

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
    ("RSS Meldungen", "/aktuelles/feed/"),
    # The library with all facet counts has the issue's own target: at most 15 queries, median under 40 ms.
    ("LibraryPage", "/praxisbeispiele/", {"max_queries": 15, "max_median_ms": 40.0}),
    (
        "LibraryPage zwei Filter",
        "/praxisbeispiele/?bereich=kinder-und-jugendarbeit&gemeinde=ebeleben",
        {"max_queries": 15, "max_median_ms": 40.0},
    ),
    (
        "LibraryPage Suche, Filter, A–Z",
        "/praxisbeispiele/?suche=Verein&ebene=3&sortierung=az",
        {"max_queries": 15, "max_median_ms": 40.0},
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
    ("iCalendar Veranstaltung", "/termine/vereinsstammtisch-sondershausen/ical/"),
    ("RSS Termine", "/termine/rss/"),
]

# Kursprogramm (issue 4): 300 courses with 600 runs at --scale 10. The catalogue has the issue's
# 40 ms; the registration is a POST (row option "post": form data, "{n}" numbered per request; the
# CSRF cookie and token come from one GET of the form first) answered with 302, target 60 ms.
PAGES += [
    ("CourseProgrammePage", "/kurse/", {"max_median_ms": 40.0}),
    (
        "CourseProgrammePage Filter",
        "/kurse/?thema=sport&gemeinde=artern&plaetze=frei&kostenlos=ja",
        {"max_median_ms": 40.0},
    ),
    ("CourseProgrammePage Suche", "/kurse/?suche=Verein", {"max_median_ms": 40.0}),
    ("CoursePage", "/kurse/vereinsrecht-fuer-vorstaende/"),
    ("CourseRunPage", "/kurse/vereinsrecht-fuer-vorstaende/fruehjahr-sondershausen/"),
    ("Kursanmeldung Formular", "/kurse/kurs-0001/termin-1/anmelden/"),
    (
        "Kursanmeldung POST",
        "/kurse/kurs-0002/termin-1/anmelden/",
        {
            "max_median_ms": 60.0,
            "max_queries": 25,  # routing, rate limit, run lock, count, insert, the confirmation e-mail's data
            "post": {"name": "Messung {n}", "email": "messung-{n}@bench.example", "consent": "on"},
        },
    ),
]

# Targets per page type at --scale 10.
MAX_QUERIES = 12
MAX_MEDIAN_MS = 30.0

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

    try:
        prepare(env, args.scale)
        port = free_port()
        with gunicorn(env, port):
            rows = [
                measure(port, label, path, args.warmup, args.requests, **(targets[0] if targets else {}))
                for label, path, *targets in PAGES
            ]
    except BenchError as error:
        print(f"FEHLER: {error}", file=sys.stderr)
        return 2

    total = time.perf_counter() - started
    print_table(rows, args.scale)
    write_results(rows, args, env, total)
    print(f"\nLaufzeit gesamt: {total:.1f} s · Ergebnisse: {BENCH_DIR / 'results.json'}")
    failed = [row for row in rows if not row["ok_status"]]
    if failed:
        for row in failed:
            print(f"FEHLER: {row['path']} antwortet {row['status']} statt 200.", file=sys.stderr)
        return 1
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

    def __init__(self, env, port):
        self.env = production_environment(env)
        self.port = port
        self.log_path = BENCH_DIR / "gunicorn.log"
        self.process = None

    def __enter__(self):
        print(f"→ gunicorn auf 127.0.0.1:{self.port} (2 Worker, cms.settings.production)", flush=True)
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        command = [
            str(GUNICORN), "cms.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", "2",
            "--timeout", "120",
            "--chdir", str(BASE),
        ]  # fmt: skip
        if control_socket_option():
            command.append("--no-control-socket")  # keep off the shared ~/.gunicorn/gunicorn.ctl
        self.process = subprocess.Popen(
            command, cwd=BASE, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
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
    import re
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode

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


def measure(
    port, label, path, warmup, count, max_queries=MAX_QUERIES, max_median_ms=MAX_MEDIAN_MS, post=None
):
    print(f"→ {label:<24} {path}", flush=True)
    row = {"label": label, "path": path, "requests": 0, "status": 200, "ok_status": True}
    row.update(max_queries=max_queries, max_median_ms=max_median_ms)
    send = form_poster(port, path, post) if post else (lambda: request(port, path))
    expected = 302 if post else 200  # a form answers a successful POST with a redirect
    if post:
        row["method"] = "POST"
    for _ in range(warmup):
        status, _header, _wall = send()
        if status != expected:
            row.update(status=status, ok_status=False)
            return row
    app, db, queries, wall = [], [], [], []
    for _ in range(count):
        status, header, wall_ms = send()
        if status != expected:
            row.update(status=status, ok_status=False)
            return row
        if not header:
            raise BenchError(f"{path}: Antwort ohne {HEADER}-Kopfzeile (SERVER_TIMING wirkt nicht).")
        app_ms, db_ms, query_count = timing_summary(header)
        app.append(app_ms)
        db.append(db_ms)
        queries.append(query_count)
        wall.append(wall_ms)
    row.update(
        requests=count,
        median_ms=round(statistics.median(app), 2),
        p95_ms=round(percentile(app, 95), 2),
        db_median_ms=round(statistics.median(db), 2),
        queries=round(statistics.median(queries)),
        queries_min=min(queries),
        queries_max=max(queries),
        client_median_ms=round(statistics.median(wall), 2),
        queries_per_request=queries,
    )
    row["within_target"] = row["queries"] <= max_queries and row["median_ms"] < max_median_ms
    return row


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def print_table(rows, scale):
    headers = ["Seitentyp", "URL", "Anfr.", "Median ms", "p95 ms", "DB ms", "Abfragen", "Client ms", "Ziel"]
    lines = []
    for row in rows:
        if not row["ok_status"]:
            lines.append([row["label"], row["path"], "–", "–", "–", "–", "–", "–", f"HTTP {row['status']}"])
            continue
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
                f"{row['client_median_ms']:.1f}",
                "OK" if row["within_target"] else "ÜBER ZIEL",
            ]
        )
    numeric = {2, 3, 4, 5, 6, 7}
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(headers)]

    def fmt(cells):
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = (c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in pairs)
        return "  ".join(padded).rstrip()

    print(f"\nServerzeit (Server-Timing app) und Abfragen je Seitentyp, --scale {scale}")
    print(f"Ziel: höchstens {MAX_QUERIES} Abfragen und Median unter {MAX_MEDIAN_MS:.0f} ms (bei --scale 10).")
    print(
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


def write_results(rows, args, env, total_seconds):
    results = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "warmup": args.warmup,
        "requests": args.requests,
        "database": redact(env["DATABASE_URL"]),
        "settings": "cms.settings.production",
        "server": "gunicorn, 2 workers",
        "targets": {"max_queries": MAX_QUERIES, "max_median_ms": MAX_MEDIAN_MS, "at_scale": 10},
        "runtime_seconds": round(total_seconds, 1),
        "pages": rows,
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
