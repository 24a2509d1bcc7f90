"""GET /api/v1/vettings/{id}: one of the user's vettings, in the shape POST /vet returns."""

from __future__ import annotations

import pytest

from accounts.models import User
from tests.api.conftest import ApiClient
from tests.api.helpers import CAPTURED_AT, page
from tests.factories import RuleResultFactory, VettingFactory

pytestmark = pytest.mark.django_db


def test_it_returns_what_the_vet_call_returned(alice_api: ApiClient) -> None:
    created = alice_api.post(
        "/api/v1/vet", {"text": page("job_page_fixed_intermediate.txt"), "captured_at": CAPTURED_AT}
    ).json()

    response = alice_api.get(f"/api/v1/vettings/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created


def test_it_shows_a_stored_vetting_with_its_rule_rows(alice: User, alice_api: ApiClient) -> None:
    vetting = VettingFactory(
        owner=alice,
        job__owner=alice,
        verdict="caution",
        score=72,
        facts={"title": "Logo", "connects_required": 20},
    )
    RuleResultFactory(vetting=vetting, code="hire_rate", status="pass", reason="Hire rate 80%")
    RuleResultFactory(vetting=vetting, code="competition", status="warn", reason="20 to 50")

    body = alice_api.get(f"/api/v1/vettings/{vetting.pk}").json()

    assert (body["id"], body["verdict"], body["score"]) == (vetting.pk, "caution", 72)
    assert [(r["code"], r["status"], r["reason"]) for r in body["rules"]] == [
        ("competition", "warn", "20 to 50"),
        ("hire_rate", "pass", "Hire rate 80%"),
    ]
    assert [r["weight"] for r in body["rules"]] == [6, 0]  # competition warns cost 6
    assert (body["connects_required"], body["connects_usd"]) == (20, "3.00")
    assert body["app_url"] == f"http://testserver/vet/{vetting.pk}/"


def test_another_users_vetting_is_a_404(bob: User, alice_api: ApiClient) -> None:
    bobs = VettingFactory(owner=bob, job__owner=bob)

    response = alice_api.get(f"/api/v1/vettings/{bobs.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_vetting_that_does_not_exist_is_the_same_404(alice_api: ApiClient) -> None:
    response = alice_api.get("/api/v1/vettings/987654")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_id_that_is_not_a_number_is_a_422_on_the_id(alice_api: ApiClient) -> None:
    response = alice_api.get("/api/v1/vettings/abc")

    assert response.status_code == 422
    assert response.json()["errors"] == {"vetting_id": "Give a whole number."}
