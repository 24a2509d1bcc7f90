"""The dashboard's all-time figures and the monthly review are cached, and every write they
depend on shows on the next view: the cache is never cleared in these tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from dashboards import selectors
from dashboards.periods import Month
from ledger import services
from ledger.expiry import ledger_state
from ledger.models import ApplicationStatus, EntryKind
from tests.factories import JobFactory, VettingFactory
from vetting.services import decision_skip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _submit(owner: User, day: date, connects: int, title: str = "Job") -> object:
    return services.application_submit(
        owner=owner, job_title=title, submitted_on=day, connects_paid=connects
    )


def _dashboard(client: Client) -> dict[str, object]:
    response = client.get("/")
    assert response.status_code == 200
    overall = response.context["overall"]
    return {
        "count": overall.count,
        "hires": overall.hires,
        "spent": overall.fates.spent,
        "refunded": overall.fates.refunded,
        "viewed": overall.funnel["viewed"],
        "contract_value": overall.contract_value,
    }


def _review(client: Client, month: Month) -> object:
    response = client.get(f"/review/{month}/")
    assert response.status_code == 200
    return response.context["data"]


def test_a_reload_reads_the_all_time_figures_from_the_cache(
    alice: User, alice_client: Client
) -> None:
    today = timezone.localdate()
    for i in range(3):
        _submit(alice, today - timedelta(days=40 * i), 10 + i)
    alice_client.get("/")  # the first visit fills the caches
    with CaptureQueriesContext(connection) as ctx:
        figures = _dashboard(alice_client)
    assert figures["count"] == 3
    assert figures["spent"] == 33
    sql = [q["sql"] for q in ctx.captured_queries]
    # Neither the grouped fates nor the all-time counts run again.
    grouped = '\'month\', "ledger_application"."submitted_on"'
    assert not [s for s in sql if grouped in s]
    assert not [s for s in sql if "interviewing" in s and "'1900-01-01'" in s]
    assert [s for s in sql if "interviewing" in s]  # this month's counts are read fresh


def test_a_new_application_changes_the_all_time_figures(alice: User, alice_client: Client) -> None:
    today = timezone.localdate()
    _submit(alice, today - timedelta(days=400), 12)
    assert _dashboard(alice_client)["count"] == 1
    _submit(alice, today - timedelta(days=200), 15)
    figures = _dashboard(alice_client)
    assert (figures["count"], figures["spent"]) == (2, 27)


def test_an_outcome_a_status_and_a_refund_change_the_all_time_figures(
    alice: User, alice_client: Client
) -> None:
    today = timezone.localdate()
    hired = _submit(alice, today - timedelta(days=300), 12, "Shop")
    cancelled = _submit(alice, today - timedelta(days=100), 16, "Logo")
    assert _dashboard(alice_client) == {
        "count": 2,
        "hires": 0,
        "spent": 28,
        "refunded": 0,
        "viewed": 0,
        "contract_value": Decimal("0.00"),
    }
    services.application_set_status(application=cancelled, status=ApplicationStatus.VIEWED)
    assert _dashboard(alice_client)["viewed"] == 1
    services.application_set_outcome(
        application=hired, outcome="hired", contract_value_usd=Decimal("900.00")
    )
    figures = _dashboard(alice_client)
    assert (figures["hires"], figures["viewed"], figures["contract_value"]) == (
        1,
        2,
        Decimal("900.00"),
    )
    services.application_set_outcome(application=cancelled, outcome="client_cancelled")
    figures = _dashboard(alice_client)
    assert (figures["spent"], figures["refunded"]) == (28, 16)


def test_a_removed_duplicate_leaves_the_all_time_figures(alice: User, alice_client: Client) -> None:
    today = timezone.localdate()
    _submit(alice, today - timedelta(days=30), 10, "Same")
    twin = _submit(alice, today - timedelta(days=30), 10, "Same")
    assert _dashboard(alice_client)["count"] == 2
    services.application_remove_duplicate(application=twin)
    assert _dashboard(alice_client)["count"] == 1


def test_the_all_time_counts_follow_the_day(alice: User) -> None:
    # The counts are bounded by today: yesterday's cached figure is not today's.
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    _submit(alice, yesterday, 10)
    _submit(alice, today, 11)
    state, apps = ledger_state(alice), selectors.applications_state(alice)
    monthly = selectors.fates_by_month_cached(alice, state, apps)
    price = Decimal("0.15")
    assert selectors.all_time_summary_cached(alice, yesterday, price, monthly, apps).count == 1
    assert selectors.all_time_summary_cached(alice, today, price, monthly, apps).count == 2


def test_a_reload_of_the_review_skips_the_months_aggregates(
    alice: User, alice_client: Client
) -> None:
    month = Month.of(timezone.localdate()).shift(-1)
    for i in range(3):
        _submit(alice, month.first + timedelta(days=i), 10)
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert _review(alice_client, month).count == 3  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as again:
        assert _review(alice_client, month).count == 3  # type: ignore[attr-defined]
    assert len(again.captured_queries) <= len(first.captured_queries) - 8


def test_every_write_the_review_reads_shows_on_the_next_view(
    alice: User, alice_client: Client
) -> None:
    month = Month.of(timezone.localdate()).shift(-1)
    day = month.first + timedelta(days=3)
    app = _submit(alice, day, 12)
    data = _review(alice_client, month)
    assert (data.count, data.fates.spent, data.purchased) == (1, 12, 0)  # type: ignore[attr-defined]

    _submit(alice, day, 14)
    data = _review(alice_client, month)
    assert (data.count, data.fates.spent) == (2, 26)  # type: ignore[attr-defined]

    services.entry_write(
        owner=alice, kind=EntryKind.PURCHASE, connects=40, occurred_on=day, usd_paid=Decimal("6")
    )
    data = _review(alice_client, month)
    assert (data.purchased, data.purchases_paid) == (40, Decimal("6.00"))  # type: ignore[attr-defined]

    services.application_set_outcome(application=app, outcome="declined")
    assert _review(alice_client, month).fates.lost == 12  # type: ignore[attr-defined]

    services.ledger_settings_update(owner=alice, price_per_connect=Decimal("0.20"))
    assert _review(alice_client, month).usd["lost"] == Decimal("2.40")  # type: ignore[attr-defined]

    vetting = VettingFactory(job=JobFactory(owner=alice), owner=alice, verdict="skip", score=20)
    decision_skip(owner=alice, vetting=vetting, on=day)
    data = _review(alice_client, month)
    assert data.skipped_count == 1  # type: ignore[attr-defined]


def test_the_review_shows_the_header_balance_from_the_state_it_keys_on(
    alice: User, alice_client: Client
) -> None:
    month = Month.of(timezone.localdate()).shift(-1)
    _submit(alice, month.first, 12)
    services.entry_write(owner=alice, kind=EntryKind.PURCHASE, connects=50, occurred_on=month.first)
    with CaptureQueriesContext(connection) as ctx:
        response = alice_client.get(f"/review/{month}/")
    sums = [
        q["sql"]
        for q in ctx.captured_queries
        if 'SUM("ledger_connectsentry"."connects") AS "total" FROM "ledger_connectsentry" '
        'WHERE "ledger_connectsentry"."owner_id"' in q["sql"]
    ]
    assert len(sums) == 1  # the ledger's state: the cache key and the balance at once
    assert 'data-testid="header-balance">38<' in response.content.decode()
