"""The rate-limit counter is one atomic increment in a shared store (cms.forms.ratelimit): in the database (the
suite's own, SQLite or PostgreSQL) and in Redis. Parallel threads never get more than the limit through."""

import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import time_machine
from django.db import connection
from django.test import RequestFactory

from cms.forms.ratelimit import RateLimit
from cms.models import RateLimitCounter

REDIS_URL = os.environ.get("RATELIMIT_TEST_REDIS", "redis://127.0.0.1:6379/7")
FROZEN = "2026-05-04 10:15:00+00:00"


def client(address="192.0.2.10"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    settings.RATELIMIT_STORE = request.param
    if request.param == "redis":
        settings.REDIS_URL = REDIS_URL
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "ratelimit-test-" + secrets.token_hex(4),
            }
        }
        redis.Redis.from_url(REDIS_URL).ping()  # fails loudly when Redis is not there
    return request.param


@pytest.mark.django_db
@time_machine.travel(FROZEN, tick=False)
def test_the_sixth_request_of_an_hour_is_refused_and_another_client_still_passes(store):
    limit = RateLimit("probe-" + secrets.token_hex(3), 5, 3600)

    hits = [limit.acquire(client()) for _ in range(6)]

    assert [hit.count for hit in hits] == [1, 2, 3, 4, 5, 6]
    assert [hit.allowed for hit in hits] == [True] * 5 + [False]
    assert limit.acquire(client("192.0.2.99")).allowed


@pytest.mark.django_db
def test_a_new_window_starts_from_zero_and_a_released_hit_is_given_back(store):
    limit = RateLimit("probe-" + secrets.token_hex(3), 2, 3600)
    with time_machine.travel(FROZEN, tick=False):
        first = limit.acquire(client())
        limit.release(first)
        assert [limit.acquire(client()).allowed for _ in range(3)] == [True, True, False]
    with time_machine.travel("2026-05-04 11:00:01+00:00", tick=False):
        assert limit.acquire(client()).count == 1


@pytest.mark.django_db
def test_the_database_store_keeps_no_address_and_purges_past_windows(settings):
    settings.RATELIMIT_STORE = "database"
    limit = RateLimit("probe", 5, 3600)
    with time_machine.travel(FROZEN, tick=False):
        limit.acquire(client("192.0.2.10"))
    with time_machine.travel("2026-05-06 10:15:00+00:00", tick=False):
        limit.acquire(client("192.0.2.11"))

    rows = list(RateLimitCounter.objects.values_list("key", "count"))
    assert len(rows) == 1  # the row of two days ago is gone
    assert "192.0.2" not in rows[0][0]
    assert rows[0][1] == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the flush keeps the pages
def test_fifty_parallel_threads_get_exactly_the_limit_through(store):
    if store == "database" and connection.vendor == "sqlite":
        connection.close()  # each thread opens its own connection to the file database
    limit = RateLimit("parallel-" + secrets.token_hex(3), 20, 3600)
    start = threading.Barrier(50)

    def attempt(_number):
        start.wait(timeout=30)
        try:
            return limit.acquire(client()).allowed
        finally:
            connection.close()

    with time_machine.travel(FROZEN, tick=False), ThreadPoolExecutor(max_workers=50) as pool:
        allowed = list(pool.map(attempt, range(50)))

    assert allowed.count(True) == 20
    assert allowed.count(False) == 30
