"""GET /api/v1/whatif and GET /api/v1/vettings/{id}/worth."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.api.conftest import ApiClient
from tests.dashboards import whatif_scenario

pytestmark = pytest.mark.django_db


def test_it_is_the_whatif_command_json(alice: User, alice_api: ApiClient) -> None:
    whatif_scenario.build(alice)
    out = StringIO()
    call_command(
        "whatif",
        "--user",
        "alice",
        "--set",
        "hire_rate_min=40",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--json",
        stdout=out,
    )

    response = alice_api.get(
        "/api/v1/whatif", hire_rate_min="40", **{"from": "2026-01-01", "to": "2026-01-31"}
    )

    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())
    assert response.json()["combined"]["net_usd"] == "2.40"


def test_bob_sees_his_own_empty_history(alice: User, bob: User, bob_api: ApiClient) -> None:
    whatif_scenario.build(alice)
    assert bob_api.get("/api/v1/whatif").json()["combined"]["applications"] == 0


def test_a_value_out_of_range_is_a_422_on_its_field(alice_api: ApiClient) -> None:
    response = alice_api.get("/api/v1/whatif", hire_rate_min="700")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "hire_rate_min": "Ensure this value is less than or equal to 100."
    }


def test_an_unknown_threshold_is_a_422(alice_api: ApiClient) -> None:
    response = alice_api.get("/api/v1/whatif", hire_rate="40")
    assert response.status_code == 422
    assert response.json()["errors"] == {"hire_rate": "Not a threshold of Settings."}


def test_the_worth_of_a_vetting_says_why_it_is_hidden(alice: User, alice_api: ApiClient) -> None:
    apps = whatif_scenario.build(alice)
    body = alice_api.get(f"/api/v1/vettings/{apps['A4'].vetting_id}/worth").json()
    assert body["shown"] is False
    assert body["reason"].startswith("Not enough history to estimate yet")
    assert (body["connects"], body["cost_usd"]) == (14, "2.10")


def test_another_users_vetting_is_a_404(alice: User, bob_api: ApiClient) -> None:
    apps = whatif_scenario.build(alice)
    assert bob_api.get(f"/api/v1/vettings/{apps['A4'].vetting_id}/worth").status_code == 404


def test_it_needs_a_token(db: None) -> None:
    assert ApiClient(None).get("/api/v1/whatif").status_code == 401
