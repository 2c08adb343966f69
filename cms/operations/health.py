"""Health checks for load balancers.

- ``healthz`` (liveness) answers "ok" without database, session, template or page cache: the process
  runs. It is also the baseline of ``make bench``.
- ``ready`` (readiness) answers "bereit" only when the database answers a query and the cache stores and
  returns a value; otherwise 503 with the part that failed, so a load balancer sends no visitor to an
  instance that would show the maintenance page. No cookie, never cached."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    """The bare view: "ok", no database, session, template or cache."""
    return _plain("ok")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # any driver error means: not ready
        logger.exception("Bereitschaftsprüfung: die Datenbank antwortet nicht")
        return False


def _cache_answers() -> bool:
    key, value = f"healthz:ready:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
        return found == value
    except Exception:  # a cache server that is down raises its own errors
        logger.exception("Bereitschaftsprüfung: der Cache antwortet nicht")
        return False


def ready(request):
    failed = [
        name for name, check in (("Datenbank", _database_answers), ("Cache", _cache_answers)) if not check()
    ]
    if failed:
        response = _plain("nicht bereit: " + ", ".join(failed) + "\n", status=503)
        response["Retry-After"] = "10"
        return response
    return _plain("bereit\n")
