"""Rate limits per client for public forms and password resets, shared by all worker processes.

The client is identified by a keyed hash of its IP address, so no address is stored anywhere.
Behind a reverse proxy REMOTE_ADDR is the proxy: set RATELIMIT_CLIENT_IP_HEADER (e.g.
"HTTP_X_REAL_IP") to the header the proxy sets and strips from incoming requests.

Counting is one atomic step in a store every worker and every instance sees (setting RATELIMIT_STORE):

- ``redis`` (default when REDIS_URL is set): a Lua script runs INCR and, for a new key, EXPIRE in one
  step on the Redis server;
- ``database`` (default without Redis): one ``INSERT … ON CONFLICT DO UPDATE SET count = count + 1
  RETURNING count`` on ``cms.RateLimitCounter`` (SQLite ≥ 3.35 and PostgreSQL); rows of past windows are
  deleted when a client starts a new window.

The check *is* the increment: a request is allowed iff the count after its own increment is at most the
limit, so parallel requests can never slip in between a check and a count. A caller that does not want
an attempt to count (an invalid form) gives it back with ``release``.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from cms.models import RateLimitCounter

# INCRBY, then an expiry for a key that has none yet (a new window): one step on the server. Giving
# back on a key that has expired meanwhile does nothing.
REDIS_SCRIPT = """
if tonumber(ARGV[1]) < 0 and redis.call('EXISTS', KEYS[1]) == 0 then
    return 0
end
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('TTL', KEYS[1]) < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return count
"""


def client_key(request):
    """A stable, non-reversible key for the client's IP address."""
    header = settings.RATELIMIT_CLIENT_IP_HEADER
    address = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR", "")
    address = address.split(",")[0].strip()
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Hit:
    """One counted request: allowed iff the count after its increment is at most the limit."""

    key: str
    window_start: int
    count: int
    allowed: bool


class RateLimit:
    """At most `limit` hits per `window` seconds for one client and one purpose (fixed windows)."""

    def __init__(self, name, limit, window):
        self.name = name
        self.limit = limit
        self.window = window

    def acquire(self, request) -> Hit:
        """Count this request (one atomic increment) and say whether it is within the limit."""
        key = f"{self.name}:{client_key(request)}"
        window_start = int(time.time() // self.window) * self.window
        count = store().increment(key, window_start, self.window, 1)
        return Hit(key, window_start, count, count <= self.limit)

    def release(self, hit: Hit) -> None:
        """Give back a counted request that should not use up the client's allowance."""
        store().increment(hit.key, hit.window_start, self.window, -1)

    def hit(self, request) -> int:
        """Count one hit; returns the number of hits in the current window."""
        return self.acquire(request).count


def store():
    """The configured counter store (RATELIMIT_STORE)."""
    if settings.RATELIMIT_STORE == "redis":
        return RedisStore(settings.REDIS_URL)
    return DatabaseStore()


class RedisStore:
    """Counters as Redis keys with an expiry; the key carries the cache's prefix."""

    def __init__(self, url):
        self.url = url

    def increment(self, key, window_start, window, delta):
        redis_key = cache.make_key(f"ratelimit:{key}:{window_start}")
        return int(_redis_script(self.url)(keys=[redis_key], args=[delta, window]))


@lru_cache
def _redis_script(url):
    # Imported here: the redis client is needed only when RATELIMIT_STORE is "redis" (REDIS_URL set).
    import redis

    return redis.Redis.from_url(url).register_script(REDIS_SCRIPT)


class DatabaseStore:
    """Counters as rows of cms.RateLimitCounter, changed by one upsert statement each."""

    def increment(self, key, window_start, window, delta):

        table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
        key_col, start_col, count_col = (
            connection.ops.quote_name(c) for c in ("key", "window_start", "count")
        )
        start = datetime.fromtimestamp(window_start, UTC)
        sql = (
            f"INSERT INTO {table} ({key_col}, {start_col}, {count_col}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({key_col}, {start_col}) DO UPDATE SET {count_col} = {table}.{count_col} + %s "
            f"RETURNING {count_col}"
        )
        params = [key, connection.ops.adapt_datetimefield_value(start), max(delta, 0), delta]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            count = cursor.fetchone()[0]
        if count == 1 and delta > 0:  # this client's first request of a window: past windows go
            horizon = start - timedelta(seconds=max(window, 24 * 60 * 60))
            RateLimitCounter.objects.filter(window_start__lt=horizon).delete()
        return count
