"""Server-Timing header with the request's duration and its database queries (setting SERVER_TIMING).

With SERVER_TIMING on, every response carries a standard header such as

    Server-Timing: app;dur=12.34, db;dur=3.21, queries;desc="7"

`app` is the time spent in Django (the whole middleware stack, view and template rendering) in
milliseconds, `db` the part of it spent executing SQL, `queries` the number of SQL statements on the
default database. `scripts/bench.py` reads it; browsers show it in their developer tools.
With the setting off the middleware passes every request through untouched.
"""

import re
import time

from django.conf import settings
from django.db import connection

HEADER = "Server-Timing"


class QueryCounter:
    """An execute wrapper (see `connection.execute_wrapper`) that counts and times SQL statements."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=…, db;dur=…, queries;desc="…"` when SERVER_TIMING is true."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = bool(settings.SERVER_TIMING)

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        counter = QueryCounter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed = time.perf_counter() - start
        response[HEADER] = format_server_timing(elapsed * 1000, counter.seconds * 1000, counter.count)
        return response


def format_server_timing(app_ms, db_ms, queries):
    return f'app;dur={app_ms:.2f}, db;dur={db_ms:.2f}, queries;desc="{queries}"'


_METRIC_PARAM = re.compile(r'\s*([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*)\s*')


def parse_server_timing(value):
    """Parses a Server-Timing header into {name: {param: value}}; `dur` becomes a float.

    >>> parse_server_timing('app;dur=12.5, queries;desc="7"')
    {'app': {'dur': 12.5}, 'queries': {'desc': '7'}}
    """
    metrics = {}
    for part in value.split(","):
        name, *params = part.split(";")
        name = name.strip()
        if not name:
            continue
        parsed = {}
        for param in params:
            match = _METRIC_PARAM.fullmatch(param)
            if not match:
                continue
            key, raw = match.group(1).lower(), match.group(2)
            if raw.startswith('"'):
                raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
            parsed[key] = float(raw) if key == "dur" else raw
        metrics[name] = parsed
    return metrics


def timing_summary(value):
    """(app milliseconds, db milliseconds, number of queries) from our Server-Timing header."""
    metrics = parse_server_timing(value)
    return metrics["app"]["dur"], metrics["db"]["dur"], int(metrics["queries"]["desc"])
