"""A small cache-based rate limit per client for public forms.

The client is identified by a keyed hash of its IP address, so no address is stored in the cache.
Behind a reverse proxy REMOTE_ADDR is the proxy: set RATELIMIT_CLIENT_IP_HEADER (e.g.
"HTTP_X_REAL_IP") to the header the proxy sets and strips from incoming requests.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def client_key(request):
    """A stable, non-reversible key for the client's IP address."""
    header = settings.RATELIMIT_CLIENT_IP_HEADER
    address = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR", "")
    address = address.split(",")[0].strip()
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


class RateLimit:
    """At most `limit` hits per `window` seconds for one client and one purpose (fixed windows)."""

    def __init__(self, name, limit, window):
        self.name = name
        self.limit = limit
        self.window = window

    def _key(self, request):
        bucket = int(time.time() // self.window)
        return f"ratelimit:{self.name}:{client_key(request)}:{bucket}"

    def exceeded(self, request):
        """True when the client has used up its hits in the current window."""
        return (cache.get(self._key(request)) or 0) >= self.limit

    def hit(self, request):
        """Count one hit; returns the number of hits in the current window."""
        key = self._key(request)
        cache.add(key, 0, timeout=self.window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window)
            return 1
