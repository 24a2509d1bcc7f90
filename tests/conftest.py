"""Shared fixtures: the named personas every test can ask for, and the service markers."""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connection
from django.test import Client
from hypothesis import settings as hypothesis_settings

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"

# Hypothesis' per-example deadline is a timing assertion: it fails on a loaded CI machine or
# under -n 8 while proving nothing about correctness. Speed is `make bench`'s job.
hypothesis_settings.register_profile("bidbook", deadline=None)
hypothesis_settings.load_profile("bidbook")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    live = os.environ.get("BIDBOOK_LIVE_SERVICES") == "1"
    have_chromium = bool(shutil.which("chromium") or os.path.exists("/usr/bin/chromium"))
    skip_live = pytest.mark.skip(
        reason="needs a real Celery worker, Redis and PostgreSQL: run by .ci/run "
        "(BIDBOOK_LIVE_SERVICES=1)"
    )
    skip_e2e = pytest.mark.skip(
        reason="browser tests skipped: Chromium is not installed (apt-get install -y chromium)"
    )
    for item in items:
        if "celery_live" in item.keywords and not live:
            item.add_marker(skip_live)
        if "e2e" in item.keywords and not have_chromium:
            item.add_marker(skip_e2e)


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    skipped = terminalreporter.stats.get("skipped", [])
    e2e = [r for r in skipped if "browser tests skipped" in str(r.longrepr)]
    if e2e:
        terminalreporter.write_line(
            f"NOTE: {len(e2e)} browser tests were SKIPPED because Chromium is not installed "
            "(apt-get install -y chromium). .ci/run installs it.",
            yellow=True,
        )


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: cached answers must not leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def alice(db: None) -> User:
    """A freelancer with an account; most tests act as her."""
    return UserFactory(username="alice", email="alice@example.com", password=PASSWORD)


@pytest.fixture
def bob(db: None) -> User:
    """Another freelancer: he must never see or touch anything of alice's."""
    return UserFactory(username="bob", email="bob@example.com", password=PASSWORD)


@pytest.fixture
def alice_client(alice: User) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob: User) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def requires_postgres(db: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); run with DATABASE_URL=postgres://...")
