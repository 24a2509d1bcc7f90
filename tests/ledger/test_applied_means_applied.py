"""Issue 14, stories 4 and 5: applied means applied, and the balance never surprises."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.display import money
from accounts.models import User
from ledger import services
from ledger.models import Application
from ledger.selectors import balance_of
from tests.factories import VettingFactory
from vetting.models import Decision
from vetting.services import VettingError, decision_skip

pytestmark = pytest.mark.django_db

DAY = date(2026, 1, 12)
# Balances read before the proposals of DAY were sent: they are counted after it.
BEFORE = datetime(2026, 1, 1, tzinfo=UTC)


def _apply(alice: User, vetting: object, connects: int = 16) -> Application:
    return services.application_submit(
        owner=alice,
        job_title="Django booking site",
        submitted_on=DAY,
        connects_paid=connects,
        job=vetting.job,  # type: ignore[attr-defined]
        vetting=vetting,  # type: ignore[arg-type]
    )


def _form(vetting: object, **extra: object) -> dict[str, object]:
    return {
        "job_title": "Django booking site",
        "submitted_on": "2026-01-12",
        "connects_paid": 16,
        "boost_connects": 0,
        "vetting": vetting.pk,  # type: ignore[attr-defined]
        **extra,
    }


class TestAppliedMeansApplied:
    def test_the_vetting_page_says_when_and_for_how_much(
        self, alice: User, alice_client: Client
    ) -> None:
        vetting = VettingFactory(job__owner=alice)
        app = _apply(alice, vetting)
        page = alice_client.get(reverse("vetting:vetting_detail", args=[vetting.pk])).content
        html = page.decode()
        assert "Applied on Jan 12, 2026 for 16 connects" in html
        assert reverse("ledger:application_detail", args=[app.pk]) in html
        assert "Skip and keep" not in html
        assert ">I applied<" not in html

    def test_a_second_application_to_the_job_asks_first(
        self, alice: User, alice_client: Client
    ) -> None:
        services.starting_balance_set(owner=alice, connects=100, as_of=BEFORE)
        vetting = VettingFactory(job__owner=alice)
        _apply(alice, vetting)
        asked = alice_client.post(reverse("ledger:application_new"), _form(vetting))
        assert asked.status_code == 200
        assert "You already applied to this job on Jan 12, 2026 for 16 connects." in (
            asked.content.decode()
        )
        assert Application.objects.filter(owner=alice).count() == 1
        alice_client.post(reverse("ledger:application_new"), _form(vetting, confirm_again="on"))
        assert Application.objects.filter(owner=alice).count() == 2
        assert balance_of(alice) == 68

    def test_skip_after_applying_is_refused_with_a_sentence(
        self, alice: User, alice_client: Client
    ) -> None:
        vetting = VettingFactory(job__owner=alice)
        _apply(alice, vetting, connects=1)
        with pytest.raises(
            VettingError,
            match="You applied to this job on Jan 12, 2026 for 1 connect: those connects are spent",
        ):
            decision_skip(owner=alice, vetting=vetting, on=DAY)
        response = alice_client.post(
            reverse("vetting:vetting_skip", args=[vetting.pk]), follow=True
        )
        assert "skipping it keeps none" in response.content.decode()
        assert Decision.objects.count() == 0

    def test_one_decision_per_job_is_a_database_rule(self, alice: User) -> None:
        first = VettingFactory(job__owner=alice)
        again = VettingFactory(job=first.job)
        decision_skip(owner=alice, vetting=first, on=DAY)
        assert decision_skip(owner=alice, vetting=again, on=DAY).vetting_id == first.pk
        with pytest.raises(IntegrityError), transaction.atomic():
            Decision.objects.create(
                owner=alice, job=first.job, vetting=again, decided_on=DAY, connects_saved=16
            )
        assert Decision.objects.count() == 1


class TestTheBalanceNeverSurprises:
    def test_going_below_zero_is_said_and_a_purchase_offered(
        self, alice: User, alice_client: Client
    ) -> None:
        services.starting_balance_set(owner=alice, connects=17, as_of=BEFORE)
        vetting = VettingFactory(job__owner=alice)
        response = alice_client.post(
            reverse("ledger:application_new"), _form(vetting, connects_paid=20)
        )
        html = response.content.decode()
        assert (
            "You have 17 connects and this costs 20 connects: your balance would be -3 connects "
            "(-$0.45)."
        ) in html
        assert reverse("ledger:purchase") in html
        assert balance_of(alice) == 17
        alice_client.post(
            reverse("ledger:application_new"),
            _form(vetting, connects_paid=20, confirm_below_zero="on"),
        )
        assert balance_of(alice) == -3

    def test_money_and_connects_read_as_people_write_them(self) -> None:
        from decimal import Decimal

        from accounts.display import plural

        assert money(Decimal("-0.45"), cents=True) == "-$0.45"
        assert (plural(1, "connect"), plural(2, "connect")) == ("1 connect", "2 connects")
