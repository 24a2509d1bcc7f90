"""Bob's token never reaches alice's objects: a 404 for every API route that names one.

The routes are walked, so a new route that takes an id fails here until it is in ROUTES.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from ledger.importers.history_import import history_upload
from ledger.models import Application, ConnectsEntry, ImportBatch
from ledger.services import application_submit
from tests.api.conftest import ApiClient
from tests.factories import VettingFactory
from tests.security import walk_patterns
from vetting.models import Vetting

pytestmark = pytest.mark.django_db

HISTORY = Path(__file__).resolve().parents[1] / "fixtures" / "history"

# route name -> (model of the id, [(method, body)])
ROUTES: dict[str, tuple[type, list[tuple[str, dict[str, object] | None]]]] = {
    "api:vetting_detail": (Vetting, [("get", None)]),
    "api:vetting_worth": (Vetting, [("get", None)]),
    "api:application_detail": (Application, [("get", None)]),
    "api:application_update": (
        Application,
        [("patch", {"status": "viewed"}), ("patch", {"connects": 1, "title": "Bob's"})],
    ),
    "api:application_remove": (Application, [("delete", None)]),
    "api:application_outcome": (Application, [("post", {"outcome": "client_cancelled"})]),
    "api:history_import_status": (ImportBatch, [("get", None)]),
    "api:history_import_preview": (ImportBatch, [("get", None)]),
    "api:history_import_confirm": (ImportBatch, [("post", {})]),
}


def _id_routes() -> dict[str, str]:
    """API routes with an object's id in the path (ninja's "{x_id}", validated as an int)."""
    found = {}
    for name, route, pattern in walk_patterns():
        converters = getattr(pattern.pattern, "converters", {})
        if name.startswith("api:") and any(p.endswith("_id") for p in converters):
            found[name] = route
    return found


def _alices_world(alice: User) -> dict[type, int]:
    vetting = VettingFactory(owner=alice, job__owner=alice)
    application = application_submit(
        owner=alice, job_title="Alice's job", submitted_on=date(2026, 1, 10), connects_paid=16
    )
    batch = history_upload(
        owner=alice,
        text=(HISTORY / "connects_history_sample.txt").read_text(encoding="utf-8"),
        file_name="",
        saved_at=timezone.now(),
    )
    return {Vetting: vetting.pk, Application: application.pk, ImportBatch: batch.pk}


def _url(name: str, pk: int) -> str:
    pattern = next(p for n, _, p in walk_patterns() if n == name)
    assert isinstance(pattern, URLPattern)
    (param,) = pattern.pattern.converters  # type: ignore[attr-defined]
    return reverse(name, kwargs={param: pk})


def test_every_api_route_with_an_id_is_walked() -> None:
    assert set(_id_routes()) == set(ROUTES), "Add the new route to ROUTES"
    assert get_resolver()  # the walk read the real URLconf


def test_bob_gets_a_404_everywhere_and_nothing_of_alices_changes(
    alice: User, bob: User, bob_api: ApiClient, alice_api: ApiClient
) -> None:
    ids = _alices_world(alice)
    before = (
        list(Application.objects.values()),
        list(ConnectsEntry.objects.values()),
        list(ImportBatch.objects.values("id", "state")),
    )
    answers = []
    for name, (model, calls) in ROUTES.items():
        url = _url(name, ids[model])
        for method, body in calls:
            if method == "get":
                response = bob_api.get(url)
            elif body is None:
                response = getattr(bob_api, method)(url)
            else:
                response = getattr(bob_api, method)(url, body)
            answers.append((name, method, response.status_code, response.json()))

    assert [a for a in answers if a[2:] != (404, {"detail": "Not found."})] == []
    after = (
        list(Application.objects.values()),
        list(ConnectsEntry.objects.values()),
        list(ImportBatch.objects.values("id", "state")),
    )
    assert after == before
    # Alice herself reaches each of them, so bob's 404s are about ownership.
    for name, (model, _) in ROUTES.items():
        if name.endswith(("confirm", "outcome", "update")):
            continue
        assert alice_api.get(_url(name, ids[model])).status_code == 200, name


def test_bob_cannot_log_an_application_on_alices_vetting(
    alice: User, bob: User, bob_api: ApiClient
) -> None:
    ids = _alices_world(alice)

    response = bob_api.post(
        "/api/v1/applications",
        {"vetting_id": ids[Vetting], "submitted_at": "2026-01-10", "connects": 10},
    )

    assert response.status_code == 404
    assert not Application.objects.filter(owner=bob).exists()


def test_bobs_lists_show_nothing_of_alices(alice: User, bob: User, bob_api: ApiClient) -> None:
    _alices_world(alice)

    assert bob_api.get("/api/v1/applications").json()["count"] == 0
    assert bob_api.get("/api/v1/balance").json()["connects"] == 0
