"""Two requests changing the same thing at once must leave one movement (PostgreSQL row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection, connections

from ledger import services
from ledger.models import ConnectsEntry, EntryKind
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _run_together(work: Callable[[], object], times: int = 2) -> list[BaseException]:
    barrier = threading.Barrier(times)
    errors: list[BaseException] = []

    def runner() -> None:
        try:
            barrier.wait(timeout=10)
            work()
        except BaseException as exc:  # collected and asserted by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return errors


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; run with DATABASE_URL=postgres://...")


def test_two_threads_setting_the_same_refunding_outcome_refund_once() -> None:
    alice = UserFactory(username="alice")
    app = services.application_submit(
        owner=alice, job_title="API integration", submitted_on=date(2026, 1, 5), connects_paid=18
    )

    def cancel() -> None:
        services.application_set_outcome(application=app, outcome="client_cancelled")

    assert _run_together(cancel, times=4) == []
    refunds = ConnectsEntry.objects.filter(application=app, kind=EntryKind.REFUND)
    assert list(refunds.values_list("connects", flat=True)) == [18]


def test_two_threads_granting_the_same_month_grant_once() -> None:
    alice = UserFactory(username="alice")

    def grant() -> None:
        services.connects_grant(
            owner=alice, connects=10, occurred_on=date(2026, 1, 1), monthly=True
        )

    assert _run_together(grant, times=4) == []
    assert ConnectsEntry.objects.filter(owner=alice, kind=EntryKind.MONTHLY_GRANT).count() == 1


def test_two_threads_importing_the_same_history_page_import_it_once() -> None:
    from datetime import UTC, datetime
    from pathlib import Path

    from ledger.importers.history_import import history_import

    alice = UserFactory(username="alice")
    page = Path(__file__).resolve().parents[1] / "fixtures/history/connects_history_sample.html"
    text = page.read_text(encoding="utf-8")
    now = datetime(2026, 1, 12, 18, 30, tzinfo=UTC)

    def run() -> None:
        history_import(owner=alice, text=text, saved_at=now)

    assert _run_together(run, times=3) == []
    assert ConnectsEntry.objects.filter(owner=alice).count() == 18
