from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_says_the_database_is_ok() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not() -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error"}


def test_healthz_answers_503_not_500_for_a_logged_in_probe_when_the_database_is_down(
    alice_client: Client,
) -> None:
    # The session cookie would make the session and login middlewares read the database first.
    assert "sessionid" in alice_client.cookies
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("gone")
    ):
        response = alice_client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error"}


def test_healthz_answers_503_when_the_database_refuses_connections() -> None:
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("connection refused"),
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503


def test_healthz_reports_the_broker_when_one_is_configured(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}


def test_healthz_reports_a_shared_cache_that_is_down(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


def test_healthz_refuses_a_post() -> None:
    assert Client().post("/healthz").status_code == 405
