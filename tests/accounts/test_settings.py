"""The settings module: safe defaults, loud failures, and a clean `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "bidbook.example.com",
    "DATABASE_URL": "sqlite:////tmp/bidbook-deploy-check.sqlite3",
    # A cache every worker shares (the check does not connect to it).
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_production_has_no_shared_cache() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "accounts.W001" in output
    assert "every worker counts password-reset requests apart" in output
    assert "Set CACHE_URL to a cache all workers share" in output


def test_a_proxy_that_is_not_an_address_names_the_variable() -> None:
    result = _manage("check", BIDBOOK_TRUSTED_PROXIES="10.0.0.5,proxy.internal")
    assert result.returncode != 0
    assert (
        "BIDBOOK_TRUSTED_PROXIES has an invalid value: 'proxy.internal' is not an address"
        in result.stderr
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off() -> None:
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_a_bad_boolean_names_the_variable() -> None:
    result = _manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_a_bad_number_names_the_variable() -> None:
    result = _manage("check", LOGIN_RATE_LIMIT="five")
    assert result.returncode != 0
    assert "LOGIN_RATE_LIMIT has an invalid value" in result.stderr


def test_a_bad_database_url_names_the_variable() -> None:
    result = _manage("check", DATABASE_URL="nosuchdb://what")
    assert result.returncode != 0
    assert "DATABASE_URL has an invalid value" in result.stderr
