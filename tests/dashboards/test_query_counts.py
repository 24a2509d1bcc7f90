"""A dashboard or review page makes the same number of queries for 10 applications or 10,000."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services
from tests.factories import JobFactory, RuleResultFactory, VettingFactory

pytestmark = pytest.mark.django_db

OUTCOMES = ["", "hired", "hired_someone_else", "client_cancelled", "declined", "expired"]


def _log(owner: User, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        vetting = None
        if i % 2:
            vetting = VettingFactory(job=JobFactory(owner=owner), verdict="caution", score=50)
            RuleResultFactory(vetting=vetting, code="hire_rate", status="fail")
        app = services.application_submit(
            owner=owner,
            job_title=f"Job {i}",
            submitted_on=today - timedelta(days=i % 40),
            connects_paid=10 + i % 7,
            boost_connects=5 if i % 5 == 0 else 0,
            vetting=vetting,
        )
        if OUTCOMES[i % len(OUTCOMES)]:
            services.application_set_outcome(application=app, outcome=OUTCOMES[i % len(OUTCOMES)])


def _queries(client: Client, url: str) -> int:
    cache.clear()  # measure the uncached page both times
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/review/{date.today():%Y-%m}/",
        f"/year/{date.today().year}/",
        f"/review/{date.today():%Y-%m}/rules/hire_rate/",
    ],
)
def test_the_query_count_does_not_grow_with_the_data(
    alice: User, alice_client: Client, url: str
) -> None:
    _log(alice, 6)
    alice_client.get(url)  # the first visit creates the user's settings rows
    few = _queries(alice_client, url)
    _log(alice, 60)
    many = _queries(alice_client, url)
    assert many == few, f"{url}: {few} queries with 6 applications, {many} with 66"


def test_the_dashboard_stays_under_twenty_five_queries(alice: User, alice_client: Client) -> None:
    _log(alice, 12)
    assert _queries(alice_client, reverse("home")) <= 25


def test_the_dashboard_sums_the_ledger_once_and_the_header_shows_that_sum(
    alice: User, alice_client: Client
) -> None:
    _log(alice, 6)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = alice_client.get("/")
    entry_sums = [
        q["sql"]
        for q in ctx.captured_queries
        if 'SUM("ledger_connectsentry"."connects") AS "total" FROM "ledger_connectsentry" '
        'WHERE "ledger_connectsentry"."owner_id"' in q["sql"]
    ]
    # One: the ledger's state keys the expiry cache and is the balance, which the header reuses.
    assert len(entry_sums) == 1
    # Six proposals (15 + 11 + 12 + 13 + 14 + 20 with two boosts) = 85, and job 3's 13 back
    # (the client cancelled).
    balance = -72
    assert response.context["balance"] == balance
    assert f'data-testid="header-balance">{balance}<' in response.content.decode()


def test_another_page_reads_the_header_balance_once(alice: User, alice_client: Client) -> None:
    _log(alice, 3)
    with CaptureQueriesContext(connection) as ctx:
        response = alice_client.get(reverse("ledger:applications"))
    sums = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT SUM("ledger_connectsentry"."connects") AS "total"')
    ]
    assert len(sums) == 1  # shown in the header and the footer, read once
    assert 'id="footer-balance">-38<' in response.content.decode()
