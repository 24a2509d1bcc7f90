"""Logging an application by hand or from a vetting: pre-filled, validated, never a 500."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger.models import Application
from ledger.selectors import balance_of
from tests.factories import JobFactory, VettingFactory

pytestmark = pytest.mark.django_db

NEW = reverse("ledger:application_new")

VALID = {
    "job_title": "Django booking site",
    "job_url": "https://www.upwork.com/jobs/~01abc",
    "submitted_on": "2026-01-10",
    "connects_paid": "16",
    "boost_connects": "30",
    "bid_amount": "450.00",
    "notes": "Sent the portfolio link.",
}


def _post(client: Client, **changes: str) -> Any:
    return client.post(NEW, {**VALID, **changes})


class TestTheForm:
    def test_it_opens_with_todays_date(self, alice_client: Client) -> None:
        response = alice_client.get(NEW)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
        assert "<title>Log an application · Bidbook</title>" in html

    def test_it_logs_the_application_and_its_connects(
        self, alice: User, alice_client: Client
    ) -> None:
        response = alice_client.post(NEW, VALID)
        assert response.status_code == 302
        assert response["Location"] == reverse("ledger:applications")
        app = Application.objects.get(owner=alice)
        assert (app.job_title, app.connects_paid, app.boost_connects) == (
            "Django booking site",
            16,
            30,
        )
        assert app.submitted_on == date(2026, 1, 10)
        assert app.bid_amount == Decimal("450.00")
        assert app.source == Application.Source.MANUAL
        assert list(app.entries.order_by("id").values_list("kind", "connects")) == [
            ("proposal", -16),
            ("boost", -30),
        ]
        assert balance_of(alice) == -46
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages == ["Logged “Django booking site”: 46 connects spent."]

    def test_the_optional_fields_may_stay_empty(self, alice: User, alice_client: Client) -> None:
        response = _post(alice_client, job_url="", boost_connects="", bid_amount="", notes="")
        assert response.status_code == 302
        app = Application.objects.get(owner=alice)
        assert (app.job_url, app.boost_connects, app.bid_amount) == ("", 0, None)


class TestPrefill:
    def test_the_i_applied_button_prefills_from_the_vetting(
        self, alice: User, alice_client: Client
    ) -> None:
        job = JobFactory(
            owner=alice, title="Fix my Shopify store", url="https://www.upwork.com/jobs/~01f"
        )
        vetting = VettingFactory(owner=alice, job=job, facts={"connects_required": 18})
        html = alice_client.get(NEW, {"vetting": vetting.pk}).content.decode()
        assert 'value="Fix my Shopify store"' in html
        assert 'value="https://www.upwork.com/jobs/~01f"' in html
        assert 'value="18"' in html
        assert f'name="vetting" value="{vetting.pk}"' in html
        assert f'name="job" value="{job.pk}"' in html

    def test_an_application_from_a_vetting_is_linked_to_it(
        self, alice: User, alice_client: Client
    ) -> None:
        vetting = VettingFactory(owner=alice, job__owner=alice)
        response = _post(alice_client, vetting=str(vetting.pk))
        assert response.status_code == 302
        app = Application.objects.get(owner=alice)
        assert (app.vetting, app.job, app.source) == (vetting, vetting.job, "vetting")

    def test_a_job_or_plain_values_prefill_too(self, alice: User, alice_client: Client) -> None:
        job = JobFactory(owner=alice, title="Data scraping", connects_required=12)
        html = alice_client.get(NEW, {"job": job.pk}).content.decode()
        assert 'value="Data scraping"' in html and 'value="12"' in html
        html = alice_client.get(
            NEW,
            {"title": "Logo design", "url": "https://www.upwork.com/jobs/~01x", "connects": "8"},
        ).content.decode()
        assert 'value="Logo design"' in html
        assert 'value="https://www.upwork.com/jobs/~01x"' in html
        assert 'value="8"' in html

    def test_someone_elses_vetting_or_a_bad_id_is_not_found(
        self, bob: User, alice_client: Client
    ) -> None:
        vetting = VettingFactory(owner=bob, job__owner=bob)
        assert alice_client.get(NEW, {"vetting": vetting.pk}).status_code == 404
        assert alice_client.get(NEW, {"job": vetting.job.pk}).status_code == 404
        assert alice_client.get(NEW, {"vetting": "abc"}).status_code == 404

    def test_someone_elses_vetting_cannot_be_attached_by_post(
        self, alice: User, bob: User, alice_client: Client
    ) -> None:
        vetting = VettingFactory(owner=bob, job__owner=bob)
        response = _post(alice_client, vetting=str(vetting.pk))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not Application.objects.exists()


class TestValidation:
    @pytest.mark.parametrize(
        ("changes", "error"),
        [
            ({"job_title": ""}, "Job title: This field is required."),
            ({"connects_paid": ""}, "Connects: This field is required."),
            ({"connects_paid": "-1"}, "Connects: Ensure this value is greater than or equal to 0."),
            ({"connects_paid": "501"}, "Connects: Ensure this value is less than or equal to 500."),
            ({"connects_paid": "sixteen"}, "Connects: Enter a whole number."),
            (
                {"boost_connects": "1001"},
                "Boost connects: Ensure this value is less than or equal to 1000.",
            ),
            (
                {"boost_connects": "-5"},
                "Boost connects: Ensure this value is greater than or equal to 0.",
            ),
            (
                {"bid_amount": "-1"},
                "Your bid (USD): Ensure this value is greater than or equal to 0.",
            ),
            ({"bid_amount": "lots"}, "Your bid (USD): Enter a number."),
            ({"submitted_on": "2999-01-01"}, "Date sent: The date cannot be in the future."),
            ({"submitted_on": "yesterday"}, "Date sent: Enter a valid date."),
            ({"job_url": "not a url at all"}, "Job URL: Enter a valid URL."),
        ],
    )
    def test_a_bad_value_is_named_and_everything_typed_is_kept(
        self, alice_client: Client, changes: dict[str, str], error: str
    ) -> None:
        response = _post(alice_client, **changes)
        assert response.status_code == 200
        html = response.content.decode()
        assert error in html
        typed = {**VALID, **changes}
        for name in ("job_title", "connects_paid", "boost_connects", "bid_amount"):
            if typed[name]:
                assert f'value="{typed[name]}"' in html
        assert "Sent the portfolio link." in html
        assert not Application.objects.exists()

    def test_tomorrow_is_refused_and_today_is_fine(self, alice_client: Client) -> None:
        today = timezone.localdate()
        tomorrow = _post(alice_client, submitted_on=f"{today + timedelta(days=1):%Y-%m-%d}")
        assert tomorrow.status_code == 200
        assert _post(alice_client, submitted_on=f"{today:%Y-%m-%d}").status_code == 302
