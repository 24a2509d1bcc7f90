"""However a call fails, the answer is JSON with a sentence, and a failed call writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from accounts.models import User
from tests.api.conftest import ApiClient
from tests.api.helpers import page
from vetting.models import Job, Vetting

pytestmark = pytest.mark.django_db


def test_a_bug_is_a_json_500_and_what_it_wrote_is_rolled_back(
    alice: User, alice_api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.endpoints.vetting

    def half_done(**kwargs: Any) -> None:
        Job.objects.create(owner=kwargs["owner"], title="Half-written")
        raise RuntimeError("a bug")

    monkeypatch.setattr(api.endpoints.vetting, "vetting_create", half_done)

    response = alice_api.post("/api/v1/vet", {"text": page("job_page_fixed_intermediate.txt")})

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "detail": "Something went wrong on Bidbook's side; it was logged. Try again."
    }
    assert Job.objects.count() == 0
    assert Vetting.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_a_body_over_the_servers_limit_is_a_413_in_words(alice_api: ApiClient) -> None:
    response = alice_api.post("/api/v1/vet", {"html": "<p>" + "x" * (1024 * 1024) + "</p>"})

    assert response.status_code == 413
    assert response.json() == {"detail": "The request is over 1 MB, the most Bidbook reads."}


def test_an_unknown_path_under_the_api_is_a_json_404(alice_api: ApiClient) -> None:
    response = alice_api.get("/api/v1/nothing-here/1")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_method_the_route_does_not_take_is_a_405(alice_api: ApiClient) -> None:
    response = alice_api.get("/api/v1/vet")

    assert response.status_code == 405
