"""Liveness (/healthz/) says the process runs; readiness (/healthz/ready/) says it can serve: the database
answers and the cache stores. A load balancer takes an instance out while readiness answers 503."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.django_db

DEAD_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }
}


def broken_cursor(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed")


def test_readiness_answers_ready_when_database_and_cache_answer(client):
    response = client.get("/healthz/ready/")
    assert (response.status_code, response.content) == (200, b"bereit\n")
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_readiness_answers_503_while_the_database_is_down_and_liveness_still_200(client):
    with mock.patch("cms.operations.health.connection.cursor", broken_cursor):
        ready = client.get("/healthz/ready/")
        alive = client.get("/healthz/")
    assert ready.status_code == 503
    assert ready.content.decode() == "nicht bereit: Datenbank\n"
    assert ready["Retry-After"] == "10"
    assert (alive.status_code, alive.content) == (200, b"ok")


def test_readiness_answers_503_while_the_cache_is_down(client):
    with override_settings(CACHES=DEAD_CACHE):
        response = client.get("/healthz/ready/")
    assert response.status_code == 503
    assert response.content.decode() == "nicht bereit: Cache\n"
