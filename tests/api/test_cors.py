"""CORS: only the extension's origins (API_CORS_ALLOWED_ORIGINS) get headers, only on /api/v1/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
FIREFOX = "moz-extension://3f1c2d4e-0000-4000-8000-123456789abc"
ORIGINS = [EXTENSION, FIREFOX]
ROOT = Path(__file__).resolve().parents[2]


def _preflight(origin: str, path: str = "/api/v1/vet") -> object:
    return Client().options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


@override_settings(CORS_ALLOWED_ORIGINS=ORIGINS)
@pytest.mark.parametrize("origin", ORIGINS)
def test_the_extensions_preflight_is_answered(origin: str) -> None:
    response = _preflight(origin)

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response["Access-Control-Allow-Origin"] == origin  # type: ignore[index]
    allowed = response["Access-Control-Allow-Headers"]  # type: ignore[index]
    assert {h.strip() for h in allowed.split(",")} == {"authorization", "content-type"}
    assert "POST" in response["Access-Control-Allow-Methods"]  # type: ignore[index]
    assert "Access-Control-Allow-Credentials" not in response  # type: ignore[operator]


@override_settings(CORS_ALLOWED_ORIGINS=ORIGINS)
def test_the_extensions_call_gets_its_origin_back(alice_token: str) -> None:
    response = ApiClient(alice_token).get("/api/v1/balance", headers={"Origin": EXTENSION})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == EXTENSION


@override_settings(CORS_ALLOWED_ORIGINS=ORIGINS)
@pytest.mark.parametrize(
    "origin", ["https://www.upwork.com", "https://evil.example", "chrome-extension://other"]
)
def test_any_other_origin_gets_no_cors_headers(alice_token: str, origin: str) -> None:
    preflight = _preflight(origin)
    call = ApiClient(alice_token).get("/api/v1/balance", headers={"Origin": origin})

    assert "Access-Control-Allow-Origin" not in preflight  # type: ignore[operator]
    assert "Access-Control-Allow-Origin" not in call


@override_settings(CORS_ALLOWED_ORIGINS=ORIGINS)
def test_pages_outside_the_api_get_no_cors_headers(alice_client: Client) -> None:
    response = alice_client.get("/settings/", headers={"Origin": EXTENSION})

    assert "Access-Control-Allow-Origin" not in response


def _check(origins: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", API_CORS_ALLOWED_ORIGINS=origins)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_setting_refuses_a_web_origin() -> None:
    result = _check(f"{EXTENSION},https://www.upwork.com")

    assert result.returncode != 0
    assert "API_CORS_ALLOWED_ORIGINS lists browser extensions only" in result.stderr


def test_the_setting_takes_extension_origins() -> None:
    result = _check(f"{EXTENSION},{FIREFOX}")

    assert result.returncode == 0, result.stderr
