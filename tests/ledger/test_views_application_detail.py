"""One application's page: the job, its vetting, its connects in dollars, its history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from ledger import services
from ledger.models import Application
from ledger.selectors import balance_of
from tests.factories import VettingFactory

pytestmark = pytest.mark.django_db


def _submit(owner: User, *, connects: int = 16, boost: int = 0, **kwargs: object) -> Application:
    return services.application_submit(
        owner=owner,
        job_title="Django booking site",
        job_url="https://www.upwork.com/jobs/~01abc",
        submitted_on=date(2026, 1, 10),
        connects_paid=connects,
        boost_connects=boost,
        **kwargs,  # type: ignore[arg-type]
    )


def _detail(app: Application) -> str:
    return reverse("ledger:application_detail", args=[app.pk])


class TestTheDetailPage:
    def test_it_shows_the_job_the_vetting_and_the_money(
        self, alice: User, alice_client: Client
    ) -> None:
        vetting = VettingFactory(owner=alice, job__owner=alice, verdict="skip", score=35)
        app = _submit(alice, connects=16, boost=30, vetting=vetting, bid_amount=Decimal("450"))
        response = alice_client.get(_detail(app))
        assert response.status_code == 200
        html = response.content.decode()
        assert "<title>Django booking site · Bidbook</title>" in html
        assert 'href="https://www.upwork.com/jobs/~01abc"' in html
        assert 'class="badge badge-skip">Skip' in html
        assert "score 35" in html
        # 46 connects at the default $0.15.
        assert '<span class="stat-value">46</span>' in html
        assert '<span class="stat-sub">connects · $6.90 · boost 30</span>' in html
        assert 'class="badge badge-pending">Pending</span> 46</span>' in html
        assert "Your bid: $450" in html
        assert "Save status" in html and "Save outcome" in html

    def test_a_refunded_application_shows_the_refund_in_dollars(
        self, alice: User, alice_client: Client
    ) -> None:
        services.ledger_settings_update(owner=alice, price_per_connect=Decimal("0.20"))
        app = _submit(alice, connects=16)
        services.application_set_outcome(
            application=app, outcome="client_cancelled", outcome_on=date(2026, 2, 2)
        )
        html = alice_client.get(_detail(app)).content.decode()
        assert 'class="badge badge-refunded">Refunded</span> 16</span>' in html
        assert '<span class="stat-sub">connects · $3.20</span>' in html
        assert "Jan 10, 2026</strong> · Proposal" in html
        assert "Feb 2, 2026</strong> · Refund" in html
        assert "+16 connects" in html and "-16 connects" in html

    def test_the_vetting_link_appears_only_when_the_vetting_pages_exist(
        self, alice: User, alice_client: Client
    ) -> None:
        from django.urls import NoReverseMatch

        vetting = VettingFactory(owner=alice, job__owner=alice)
        app = _submit(alice, vetting=vetting)
        html = alice_client.get(_detail(app)).content.decode()
        try:
            url = reverse("vetting:vetting_detail", args=[vetting.pk])
        except NoReverseMatch:
            assert "See the vetting" not in html
        else:
            assert f'href="{url}"' in html

    def test_a_hire_shows_its_contract_value(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice)
        services.application_set_outcome(
            application=app, outcome="hired", contract_value_usd=Decimal("1200.00")
        )
        html = alice_client.get(_detail(app)).content.decode()
        assert "$1,200.00" in html
        assert 'class="badge badge-won">Won' in html

    def test_the_outcome_form_there_sends_the_user_back_to_the_page(
        self, alice: User, alice_client: Client
    ) -> None:
        app = _submit(alice)
        response = alice_client.post(
            reverse("ledger:application_outcome", args=[app.pk]),
            {
                "outcome": "hired",
                "outcome_on": "2026-02-01",
                "contract_value_usd": "800",
                "next": _detail(app),
            },
        )
        assert response["Location"] == _detail(app)
        app.refresh_from_db()
        assert (app.outcome, app.outcome_on, app.contract_value_usd) == (
            "hired",
            date(2026, 2, 1),
            Decimal("800.00"),
        )


class TestBoostReturned:
    def test_the_button_shows_only_when_a_boost_was_charged(
        self, alice: User, alice_client: Client
    ) -> None:
        plain = _submit(alice, boost=0)
        boosted = _submit(alice, boost=50)
        assert "Boost returned" not in alice_client.get(_detail(plain)).content.decode()
        assert "50 boost connects are still charged" in (
            alice_client.get(_detail(boosted)).content.decode()
        )

    def test_it_gives_the_boost_back_once(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice, connects=16, boost=50)
        url = reverse("ledger:application_boost_returned", args=[app.pk])
        response = alice_client.post(url)
        assert response.status_code == 302 and response["Location"] == _detail(app)
        assert balance_of(alice) == -16
        again = alice_client.post(url)
        assert again.status_code == 302
        assert balance_of(alice) == -16
        assert list(app.entries.order_by("id").values_list("kind", "connects")) == [
            ("proposal", -16),
            ("boost", -50),
            ("boost_returned", 50),
        ]
        assert "Boost returned?" not in alice_client.get(_detail(app)).content.decode()

    def test_part_of_a_boost_can_come_back(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice, connects=16, boost=50)
        alice_client.post(
            reverse("ledger:application_boost_returned", args=[app.pk]), {"connects": "20"}
        )
        assert balance_of(alice) == -46
        assert "30 boost connects are still charged" in (
            alice_client.get(_detail(app)).content.decode()
        )

    def test_it_is_post_only(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice, boost=50)
        url = reverse("ledger:application_boost_returned", args=[app.pk])
        assert alice_client.get(url).status_code == 405
