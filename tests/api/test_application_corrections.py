"""PATCH corrects a mistyped application, DELETE removes a duplicate (issue 14, story 6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import User
from ledger.models import Application, ConnectsEntry
from ledger.selectors import balance_of
from ledger.services import application_submit, connects_purchase
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications"
DAY = date(2026, 1, 12)


def _logged(owner: User, connects: int = 16) -> Application:
    connects_purchase(
        owner=owner, connects=100, usd_paid=Decimal("15"), occurred_on=date(2026, 1, 1)
    )
    return application_submit(
        owner=owner, job_title="Django shop", submitted_on=DAY, connects_paid=connects
    )


def _entries(app: Application) -> list[tuple[str, int, date]]:
    return list(
        ConnectsEntry.objects.filter(application_id=app.pk)
        .order_by("id")
        .values_list("kind", "connects", "occurred_on")
    )


def test_patch_corrects_the_connects_with_an_entry(alice: User, alice_api: ApiClient) -> None:
    app = _logged(alice)

    response = alice_api.patch(f"{URL}/{app.pk}", {"connects": 12, "title": "Django shop v2"})

    assert response.status_code == 200
    body = response.json()
    assert (body["connects"], body["paid"], body["title"]) == (12, 12, "Django shop v2")
    assert _entries(app) == [("proposal", -16, DAY), ("proposal", 4, DAY)]
    assert balance_of(alice) == 88
    again = alice_api.patch(f"{URL}/{app.pk}", {"connects": 12, "title": "Django shop v2"})
    assert again.status_code == 200
    assert len(_entries(app)) == 2


def test_patch_moves_the_charge_to_a_new_date(alice: User, alice_api: ApiClient) -> None:
    app = _logged(alice)

    response = alice_api.patch(f"{URL}/{app.pk}", {"submitted_on": "2026-01-10"})

    assert response.status_code == 200
    assert response.json()["submitted_on"] == "2026-01-10"
    assert sorted(_entries(app), key=lambda e: (e[2], e[1])) == [
        ("proposal", -16, date(2026, 1, 10)),
        ("proposal", -16, DAY),
        ("proposal", 16, DAY),
    ]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"connects": 501}, "connects"),
        ({"boost_connects": -1}, "boost_connects"),
        ({"title": "   "}, "title"),
        ({"url": "ftp://x"}, "url"),
        ({"submitted_on": "2999-01-01"}, "submitted_on"),
        ({"connects": None}, "connects"),
    ],
)
def test_patch_names_the_wrong_field(
    alice: User, alice_api: ApiClient, payload: dict[str, object], field: str
) -> None:
    app = _logged(alice)

    response = alice_api.patch(f"{URL}/{app.pk}", payload)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert len(_entries(app)) == 1


def test_delete_removes_a_duplicate_and_gives_its_connects_back(
    alice: User, alice_api: ApiClient
) -> None:
    app = _logged(alice)

    response = alice_api.delete(f"{URL}/{app.pk}")

    assert response.status_code == 200
    assert response.json() == {"id": app.pk, "removed": True, "connects_moved": 16}
    assert balance_of(alice) == 100
    assert alice_api.get(URL).json()["count"] == 0
    assert alice_api.get(f"{URL}/{app.pk}").status_code == 404
    assert alice_api.delete(f"{URL}/{app.pk}").status_code == 404


def test_another_users_application_is_a_404(alice: User, bob_token: str) -> None:
    app = _logged(alice)
    bob = ApiClient(bob_token)

    assert bob.patch(f"{URL}/{app.pk}", {"connects": 12}).status_code == 404
    assert bob.delete(f"{URL}/{app.pk}").status_code == 404
    assert len(_entries(app)) == 1
