"""Applications through the API: listed, logged, moved along, and closed with an outcome."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import User
from ledger.models import Application, ConnectsEntry
from ledger.selectors import balance_of
from ledger.services import application_set_outcome, application_submit, connects_purchase
from tests.api.conftest import ApiClient
from tests.factories import VettingFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications"
DAY = "Give a date as YYYY-MM-DD, or a moment in ISO 8601 like 2026-01-12T09:30:00Z."
FUTURE = "The date cannot be in the future."
NOT_NEGATIVE = "Input should be greater than or equal to 0"
NO_SUCH_OUTCOME = "Select a valid choice. won is not one of the available choices."
STATUSES = "Input should be 'submitted', 'viewed' or 'interviewing'"
OUTCOMES = (
    "Use one of hired, hired_someone_else, declined, expired, client_cancelled, "
    'removed_by_upwork, withdrawn, or "" for pending.'
)


def _submit(owner: User, title: str, on: date, connects: int = 16, boost: int = 0) -> Application:
    return application_submit(
        owner=owner, job_title=title, submitted_on=on, connects_paid=connects, boost_connects=boost
    )


def _entries(application_id: int) -> list[tuple[str, int]]:
    return list(
        ConnectsEntry.objects.filter(application_id=application_id)
        .order_by("id")
        .values_list("kind", "connects")
    )


# ---------------------------------------------------------------------------------------------
# POST /applications
# ---------------------------------------------------------------------------------------------
def test_logging_one_by_title_writes_its_proposal_and_boost_entries(
    alice: User, alice_api: ApiClient
) -> None:
    connects_purchase(
        owner=alice, connects=80, usd_paid=Decimal("12"), occurred_on=date(2026, 1, 2)
    )

    response = alice_api.post(
        URL,
        {
            "title": "Django  booking site",
            "url": "https://www.upwork.com/jobs/~01aaaabbbbccccdddd",
            "submitted_at": "2026-01-10",
            "connects": 16,
            "boost_connects": 30,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Django booking site"
    assert (body["connects"], body["boost_connects"], body["paid"]) == (16, 30, 46)
    assert (body["fate"], body["outcome"], body["status"]) == ("pending", "", "submitted")
    assert body["submitted_on"] == "2026-01-10"
    assert body["app_url"] == f"http://testserver/applications/{body['id']}/"
    assert response["Location"] == f"/api/v1/applications/{body['id']}"
    assert _entries(body["id"]) == [("proposal", -16), ("boost", -30)]
    assert balance_of(alice) == 34  # 80 - 16 - 30


def test_logging_one_on_a_vetting_takes_its_job(alice: User, alice_api: ApiClient) -> None:
    vetting = VettingFactory(owner=alice, job__owner=alice, job__title="Logo for a garden")

    body = alice_api.post(
        URL, {"vetting_id": vetting.pk, "submitted_at": "2026-01-10T22:30:00Z", "connects": 10}
    ).json()

    application = Application.objects.get(pk=body["id"])
    assert (application.vetting_id, application.job_id) == (vetting.pk, vetting.job_id)
    assert (body["title"], body["url"]) == ("Logo for a garden", vetting.job.url)
    assert application.source == "vetting"
    assert body["submitted_on"] == "2026-01-10"  # the moment's day in Bidbook's zone (UTC)


def test_another_users_vetting_is_a_404_and_nothing_is_written(
    bob: User, alice: User, alice_api: ApiClient
) -> None:
    bobs = VettingFactory(owner=bob, job__owner=bob)

    response = alice_api.post(
        URL, {"vetting_id": bobs.pk, "submitted_at": "2026-01-10", "connects": 10}
    )

    assert response.status_code == 404
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"submitted_at": "2026-01-10", "connects": 10},
         {"title": "Give the job's title, or the vetting_id it was sent on."}),
        ({"title": "x", "connects": 10}, {"submitted_at": "This field is required."}),
        ({"title": "x", "submitted_at": "2026-01-10", "connects": -1},
         {"connects": "Input should be greater than or equal to 0"}),
        ({"title": "x", "submitted_at": "2026-01-10", "connects": 501},
         {"connects": "Input should be less than or equal to 500"}),
        ({"title": "x", "submitted_at": "2026-01-10", "connects": 10, "boost_connects": 1001},
         {"boost_connects": "Input should be less than or equal to 1000"}),
        ({"title": "x", "submitted_at": "2026-13-45", "connects": 10},
         {"submitted_at": DAY}),
        ({"title": "x", "submitted_at": "2999-01-01", "connects": 10},
         {"submitted_at": FUTURE}),
        ({"title": "  ", "submitted_at": "2026-01-10", "connects": 10},
         {"title": "The title cannot be empty."}),
        ({"title": "x" * 301, "submitted_at": "2026-01-10", "connects": 10},
         {"title": "A title is at most 300 characters."}),
        ({"title": "x", "submitted_at": "2026-01-10", "connects": "ten", "url": "upwork"},
         {"connects": "Give a whole number.", "url": "Give the job's web address, starting with https://."}),
        ({"title": "x", "submitted_at": "2026-01-10", "connects": 1, "bid_amount_usd": "1e400"},
         {"bid_amount_usd": "Decimal input should have no more than 12 digits in total"}),
    ],
)  # fmt: skip
def test_bad_input_is_a_422_with_a_message_per_field(
    alice_api: ApiClient, payload: dict[str, object], errors: dict[str, str]
) -> None:
    response = alice_api.post(URL, payload)

    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert Application.objects.count() == 0
    assert ConnectsEntry.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# GET /applications
# ---------------------------------------------------------------------------------------------
def test_the_list_is_newest_first_with_what_each_paid(alice: User, alice_api: ApiClient) -> None:
    old = _submit(alice, "January job", date(2026, 1, 10), connects=16, boost=4)
    new = _submit(alice, "February job", date(2026, 2, 3), connects=10)

    body = alice_api.get(URL).json()

    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    assert (body["next"], body["previous"]) == (None, None)
    assert [(a["id"], a["paid"]) for a in body["items"]] == [(new.pk, 10), (old.pk, 20)]


def test_the_list_filters_by_month_and_outcome(alice: User, alice_api: ApiClient) -> None:
    hired = _submit(alice, "Hired", date(2026, 1, 10))
    cancelled = _submit(alice, "Cancelled", date(2026, 1, 12))
    pending = _submit(alice, "Pending", date(2026, 1, 14))
    _submit(alice, "Another month", date(2026, 2, 1))
    application_set_outcome(application=hired, outcome="hired", outcome_on=date(2026, 1, 20))
    application_set_outcome(
        application=cancelled, outcome="client_cancelled", outcome_on=date(2026, 1, 21)
    )

    def ids(**query: str) -> list[int]:
        return [a["id"] for a in alice_api.get(URL, **query).json()["items"]]

    assert ids(month="2026-01") == [pending.pk, cancelled.pk, hired.pk]
    assert ids(month="2026-01", outcome="pending") == [pending.pk]
    assert ids(outcome="client_cancelled") == [cancelled.pk]
    cancelled_row = alice_api.get(URL, outcome="client_cancelled").json()["items"][0]
    assert (cancelled_row["fate"], cancelled_row["paid"], cancelled_row["refunded"]) == (
        "refunded",
        16,
        16,
    )


def test_the_list_pages_by_50(alice: User, alice_api: ApiClient) -> None:
    for n in range(51):
        _submit(alice, f"Job {n}", date(2026, 1, 10))

    first = alice_api.get(URL).json()
    second = alice_api.get(URL, page="2").json()

    assert (first["count"], first["pages"], len(first["items"])) == (51, 2, 50)
    assert first["next"] == "http://testserver/api/v1/applications?page=2"
    assert (second["page"], len(second["items"]), second["next"]) == (2, 1, None)
    assert second["previous"] == "http://testserver/api/v1/applications?page=1"


def test_the_pages_keep_the_filters(alice: User, alice_api: ApiClient) -> None:
    for n in range(51):
        _submit(alice, f"Job {n}", date(2026, 1, 10))

    first = alice_api.get(URL, month="2026-01").json()

    assert first["next"] == "http://testserver/api/v1/applications?month=2026-01&page=2"


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"month": "January"}, {"month": "Enter a month as YYYY-MM, e.g. 2026-01."}),
        ({"outcome": "won"}, {"outcome": NO_SUCH_OUTCOME}),
        ({"page": "0"}, {"page": "Give a page from 1 to 1."}),
        ({"page": "x"}, {"page": "Give a whole number."}),
    ],
)  # fmt: skip
def test_a_bad_filter_is_a_422_on_its_field(
    alice_api: ApiClient, query: dict[str, str], errors: dict[str, str]
) -> None:
    response = alice_api.get(URL, **query)

    assert response.status_code == 422
    assert response.json()["errors"] == errors


def test_a_user_with_no_applications_gets_an_empty_first_page(alice_api: ApiClient) -> None:
    body = alice_api.get(URL).json()

    assert body == {
        "count": 0,
        "page": 1,
        "pages": 0,
        "next": None,
        "previous": None,
        "items": [],
    }


# ---------------------------------------------------------------------------------------------
# PATCH /applications/{id} and POST /applications/{id}/outcome
# ---------------------------------------------------------------------------------------------
def test_patch_moves_the_status_along(alice: User, alice_api: ApiClient) -> None:
    app = _submit(alice, "Job", date(2026, 1, 10))

    response = alice_api.patch(f"{URL}/{app.pk}", {"status": "interviewing"})

    assert response.status_code == 200
    assert response.json()["status"] == "interviewing"
    app.refresh_from_db()
    assert app.status == "interviewing"


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"status": "Nothing to change: send the new status or a correction."}),
        ({"status": "hired"}, {"status": STATUSES}),
    ],
)  # fmt: skip
def test_patch_refuses_bad_input_per_field(
    alice: User, alice_api: ApiClient, payload: dict[str, object], errors: dict[str, str]
) -> None:
    app = _submit(alice, "Job", date(2026, 1, 10))

    response = alice_api.patch(f"{URL}/{app.pk}", payload)

    assert response.status_code == 422
    assert response.json()["errors"] == errors


def test_a_refunding_outcome_brings_the_connects_back(alice: User, alice_api: ApiClient) -> None:
    app = _submit(alice, "Job", date(2026, 1, 10), connects=16, boost=4)

    response = alice_api.post(
        f"{URL}/{app.pk}/outcome", {"outcome": "client_cancelled", "outcome_at": "2026-01-20"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["connects_moved"] == 20
    assert (body["application"]["fate"], body["application"]["refunded"]) == ("refunded", 20)
    assert body["application"]["outcome_on"] == "2026-01-20"
    assert _entries(app.pk) == [("proposal", -16), ("boost", -4), ("refund", 20)]
    assert balance_of(alice) == 0


def test_changing_away_from_a_refund_reverses_it(alice: User, alice_api: ApiClient) -> None:
    app = _submit(alice, "Job", date(2026, 1, 10), connects=16)
    alice_api.post(f"{URL}/{app.pk}/outcome", {"outcome": "removed_by_upwork"})

    body = alice_api.post(
        f"{URL}/{app.pk}/outcome",
        {"outcome": "hired", "outcome_at": "2026-01-25", "contract_value_usd": "1500.00"},
    ).json()

    assert body["connects_moved"] == -16
    assert (body["application"]["fate"], body["application"]["contract_value_usd"]) == (
        "won",
        "1500.00",
    )
    assert balance_of(alice) == -16


def test_setting_the_same_outcome_again_moves_nothing(alice: User, alice_api: ApiClient) -> None:
    app = _submit(alice, "Job", date(2026, 1, 10), connects=16)
    alice_api.post(f"{URL}/{app.pk}/outcome", {"outcome": "client_cancelled"})

    again = alice_api.post(f"{URL}/{app.pk}/outcome", {"outcome": "client_cancelled"}).json()

    assert again["connects_moved"] == 0
    assert balance_of(alice) == 0


def test_an_empty_outcome_puts_it_back_to_pending(alice: User, alice_api: ApiClient) -> None:
    app = _submit(alice, "Job", date(2026, 1, 10), connects=16)
    alice_api.post(f"{URL}/{app.pk}/outcome", {"outcome": "expired"})

    body = alice_api.post(f"{URL}/{app.pk}/outcome", {"outcome": ""}).json()

    assert (body["application"]["fate"], body["application"]["outcome_on"]) == ("pending", None)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"outcome": "This field is required."}),
        ({"outcome": "won"}, {"outcome": OUTCOMES}),
        ({"outcome": "hired", "outcome_at": "2999-01-01"}, {"outcome_at": FUTURE}),
        ({"outcome": "hired", "contract_value_usd": "-5"}, {"contract_value_usd": NOT_NEGATIVE}),
    ],
)  # fmt: skip
def test_a_bad_outcome_is_a_422_per_field_and_moves_nothing(
    alice: User, alice_api: ApiClient, payload: dict[str, object], errors: dict[str, str]
) -> None:
    app = _submit(alice, "Job", date(2026, 1, 10), connects=16)

    response = alice_api.post(f"{URL}/{app.pk}/outcome", payload)

    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert _entries(app.pk) == [("proposal", -16)]
