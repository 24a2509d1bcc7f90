"""The monthly figures of the hand-computed scenario, in `report` and on the pages."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from dashboards.selectors import monthly_report
from tests.dashboards.scenario import build_scenario
from vetting.models import RuleResult
from vetting.rules import RULES_BY_CODE

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(alice: User) -> User:
    build_scenario(alice)
    return alice


def _failing(rules: list[dict]) -> list[dict]:
    return [r for r in rules if r["failed_applications"]]


def test_january_adds_up_to_the_hand_computed_figures(scenario: User) -> None:
    report = monthly_report(scenario, 2026, 1)
    assert report["connects"] == {
        "spent": 136,
        "refunded": 58,
        "lost": 40,
        "won": 20,
        "pending": 18,
        "purchased": 80,
        "granted": 10,
        "balance_end": 62,
    }
    assert report["usd"] == {
        "spent": "20.40",
        "refunded": "8.70",
        "lost": "6.00",
        "won": "3.00",
        "pending": "2.70",
        "purchases_paid": "12.00",
    }
    assert report["applications"] == {"count": 7, "hired": 1, "win_rate": None}
    assert _failing(report["rules"]) == [
        {
            "code": "hire_rate",
            "failed_applications": 3,
            "connects_lost": 26,
            "usd_lost": "3.90",
            "hires_missed": 0,
            "revenue_missed": "0.00",
        },
        {
            "code": "idle_job",
            "failed_applications": 1,
            "connects_lost": 10,
            "usd_lost": "1.50",
            "hires_missed": 0,
            "revenue_missed": "0.00",
        },
    ]
    assert report["skipped"] == {"count": 2, "connects_avoided": 36}


def test_february_counts_a_hire_the_rule_would_have_missed(scenario: User) -> None:
    report = monthly_report(scenario, 2026, 2)
    assert report["connects"] == {
        "spent": 122,
        "refunded": 0,
        "lost": 44,
        "won": 16,
        "pending": 62,
        "purchased": 60,
        "granted": 10,
        "balance_end": 10,
    }
    assert report["usd"] == {
        "spent": "18.30",
        "refunded": "0.00",
        "lost": "6.60",
        "won": "2.40",
        "pending": "9.30",
        "purchases_paid": "9.00",
    }
    assert report["applications"] == {"count": 5, "hired": 1, "win_rate": None}
    # idle_job saves $1.50 and misses nothing; hire_rate saves $1.50 but missed a $300 hire.
    assert _failing(report["rules"]) == [
        {
            "code": "idle_job",
            "failed_applications": 1,
            "connects_lost": 10,
            "usd_lost": "1.50",
            "hires_missed": 0,
            "revenue_missed": "0.00",
        },
        {
            "code": "hire_rate",
            "failed_applications": 2,
            "connects_lost": 10,
            "usd_lost": "1.50",
            "hires_missed": 1,
            "revenue_missed": "300.00",
        },
    ]
    assert report["skipped"] == {"count": 1, "connects_avoided": 18}


def test_the_report_command_prints_exactly_that_json(scenario: User) -> None:
    out = StringIO()
    call_command("report", "--user", "alice", "--month", "2026-01", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == monthly_report(scenario, 2026, 1)
    assert set(printed) == {"month", "connects", "usd", "applications", "rules", "skipped"}
    assert printed["month"] == "2026-01"


def test_the_report_command_prints_a_readable_summary(scenario: User) -> None:
    out = StringIO()
    call_command("report", "--user", "alice", "--month", "2026-01", stdout=out)
    text = out.getvalue()
    assert "Spent        136 connects  $20.40" in text
    assert "Won           20 connects  $3.00" in text
    assert "Pending       18 connects  $2.70" in text
    # Rules by the name the pages give them, not their code.
    assert "Client hire rate: 3 sent, 26 connects ($3.90) lost, 0 hires ($0.00) missed" in text
    assert "Idle job: 1 sent, 10 connects ($1.50) lost" in text
    assert "hire_rate" not in text and "idle_job" not in text


def test_the_report_command_names_a_bad_month_and_an_unknown_user(scenario: User) -> None:
    with pytest.raises(CommandError, match="--month"):
        call_command("report", "--user", "alice", "--month", "January")
    with pytest.raises(CommandError, match="No user"):
        call_command("report", "--user", "nobody", "--month", "2026-01")


def test_the_review_page_shows_the_same_figures(scenario: User, alice_client: Client) -> None:
    response = alice_client.get(reverse("dashboards:review", kwargs={"month": "2026-01"}))
    assert response.status_code == 200
    data = response.context["data"]
    assert (data.fates.spent, data.fates.refunded, data.fates.lost) == (136, 58, 40)
    html = response.content.decode()
    assert "$20.40" in html and "$8.70" in html
    assert "sample too small" in html
    assert (
        reverse("dashboards:rule_detail", kwargs={"month": "2026-01", "code": "hire_rate"}) in html
    )


def test_a_rule_row_leads_to_the_applications_behind_it(
    scenario: User, alice_client: Client
) -> None:
    url = reverse("dashboards:rule_detail", kwargs={"month": "2026-01", "code": "hire_rate"})
    response = alice_client.get(url + "?status=fail")
    assert response.status_code == 200
    assert len(response.context["applications"]) == 3
    title = RULES_BY_CODE["hire_rate"].title
    assert response.context["rule_title"] == title
    assert f"Sent although “{title}” said" in response.content.decode()


def test_an_unknown_rule_is_a_404(scenario: User, alice_client: Client) -> None:
    url = reverse("dashboards:rule_detail", kwargs={"month": "2026-01", "code": "no_such_rule"})
    assert alice_client.get(url).status_code == 404


def test_a_retired_rule_still_shows_its_applications_by_code(
    scenario: User, alice_client: Client
) -> None:
    RuleResult.objects.filter(code="hire_rate").update(code="old_rule")
    url = reverse("dashboards:rule_detail", kwargs={"month": "2026-01", "code": "old_rule"})
    response = alice_client.get(url + "?status=fail")
    assert response.status_code == 200
    assert response.context["rule_title"] == "old_rule"
    assert len(response.context["applications"]) == 3


def test_the_year_view_has_each_month(scenario: User, alice_client: Client) -> None:
    response = alice_client.get(reverse("dashboards:year", kwargs={"year": 2026}))
    rows = response.context["rows"]
    assert [(r.count, r.bar.spent, r.bar.lost, r.skipped) for r in rows[:2]] == [
        (7, 136, 40, 2),
        (5, 122, 44, 1),
    ]
    assert response.context["total"].fates.spent == 258


def test_bob_sees_none_of_it(scenario: User, bob: User, bob_client: Client) -> None:
    response = bob_client.get(reverse("dashboards:review", kwargs={"month": "2026-01"}))
    assert response.context["data"].count == 0
    assert monthly_report(bob, 2026, 1)["connects"]["spent"] == 0


def test_a_malformed_month_is_a_404(alice_client: Client) -> None:
    assert alice_client.get("/review/2026-13/").status_code == 404
    assert alice_client.get("/review/nonsense/").status_code == 404
