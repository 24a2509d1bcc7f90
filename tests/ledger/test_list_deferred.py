"""List pages do not read the pasted page, facts, thresholds or description they never show."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from ledger import services
from tests.factories import JobFactory, VettingFactory

pytestmark = pytest.mark.django_db


def _vetted_application(owner: User) -> None:
    job = JobFactory(owner=owner, title="Shopify fix", description="LONG DESCRIPTION " * 50)
    vetting = VettingFactory(
        job=job, owner=owner, verdict="caution", score=55, raw_text="PASTED PAGE " * 200
    )
    services.application_submit(
        owner=owner,
        job_title="Shopify fix",
        submitted_on=date(2026, 3, 2),
        connects_paid=12,
        vetting=vetting,
        job=job,
    )


def _selects(client: Client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    selects = [q["sql"] for q in ctx.captured_queries if "vetting_vetting" in q["sql"]]
    return response.content.decode(), selects


@pytest.mark.parametrize("url", ["/applications/", "/review/2026-03/"])
def test_the_list_shows_the_verdict_without_reading_the_heavy_columns(
    alice: User, alice_client: Client, url: str
) -> None:
    _vetted_application(alice)
    html, selects = _selects(alice_client, url)
    assert "Shopify fix" in html
    assert "badge-caution" in html
    assert selects, "the list reads the vettings it shows"
    for sql in selects:
        assert '"vetting_vetting"."raw_text"' not in sql
        assert '"vetting_vetting"."facts"' not in sql
        assert '"vetting_vetting"."thresholds"' not in sql
        assert '"vetting_job"."description"' not in sql
