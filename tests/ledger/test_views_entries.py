"""The connects ledger page and the purchase, grant and adjustment forms."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.models import ConnectsEntry
from ledger.selectors import balance_of

pytestmark = pytest.mark.django_db

LEDGER = reverse("ledger:entries")
PURCHASE = reverse("ledger:purchase")
GRANT = reverse("ledger:grant")
ADJUST = reverse("ledger:adjust")


def _rows(response: Any) -> int:
    return response.content.decode().split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def _known_ledger(owner: User) -> None:
    """Bought 40 on Jan 2, sent a 16-connect proposal on Jan 10, got 10 free on Feb 1."""
    services.connects_purchase(
        owner=owner, connects=40, usd_paid=Decimal("6.00"), occurred_on=date(2026, 1, 2)
    )
    services.application_submit(
        owner=owner,
        job_title="Django booking site",
        submitted_on=date(2026, 1, 10),
        connects_paid=16,
    )
    services.connects_grant(
        owner=owner, connects=10, occurred_on=date(2026, 2, 1), note="Monthly connects"
    )


class TestTheLedgerPage:
    def test_it_lists_every_entry_newest_first_with_the_running_balance(
        self, alice: User, alice_client: Client
    ) -> None:
        _known_ledger(alice)
        response = alice_client.get(LEDGER)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<title>Connects ledger · Bidbook</title>" in html
        assert 'data-testid="ledger-balance">34 connects' in html
        assert "$5.10 at $0.15 a connect" in html
        body = html.split("<tbody>")[1]
        grant, proposal, purchase = (
            body.index('<td class="nowrap">Feb 1, 2026</td>'),
            body.index('<td class="nowrap">Jan 10, 2026</td>'),
            body.index('<td class="nowrap">Jan 2, 2026</td>'),
        )
        assert grant < proposal < purchase
        assert "+10 connects" in body and "-16 connects" in body and "+40 connects" in body
        assert '<td class="num">34 connects</td>' in body
        assert '<td class="num">24 connects</td>' in body
        assert '<td class="num">40 connects</td>' in body
        assert "$6.00" in body
        assert "Django booking site" in body

    def test_it_links_to_the_connects_history_import(
        self, alice: User, alice_client: Client
    ) -> None:
        _known_ledger(alice)
        html = alice_client.get(LEDGER).content.decode()
        head = html.split('<div class="page-head">')[1].split("</div>")[0]
        assert (
            f'<a class="button" href="{reverse("history:import")}">Import Connects History</a>'
            in (head)
        )

    def test_an_imported_adjustment_shows_upworks_words_and_a_reclassify_form(
        self, alice: User, alice_client: Client
    ) -> None:
        entry, _ = services.entry_write(
            owner=alice,
            kind="adjustment",
            connects=5,
            occurred_on=date(2026, 1, 3),
            note="Not understood by the import",
            upwork_action="Refunded Connects for Connects Award",
        )
        services.entry_write(
            owner=alice,
            kind="refund",
            connects=2,
            occurred_on=date(2026, 1, 4),
            upwork_action="Refund for a cancelled job",
        )
        html = alice_client.get(LEDGER).content.decode()
        body = html.split("<tbody>")[1].split("</tbody>")[0]
        assert "Upwork: “Refunded Connects for Connects Award”" in body
        assert "Upwork: “Refund for a cancelled job”" in body
        # Only the adjustment can be reclassified, to a kind that adds connects as it does
        # (ledger.kinds: a badge only ever takes connects away).
        assert body.count("<form") == 1
        action = reverse("history:reclassify", args=[entry.pk])
        form = body.split(f'<form method="post" action="{action}"')[1].split("</form>")[0]
        assert "csrfmiddlewaretoken" in form
        options = [o.split('"')[1] for o in form.split("<option value=")[1:]]
        assert options == ["purchase", "monthly_grant", "award", "refund"]
        assert '<option value="monthly_grant">Monthly grant</option>' in form
        assert '<button type="submit" class="button small">Reclassify</button>' in form

    def test_the_reclassify_form_works_without_javascript(
        self, alice: User, alice_client: Client
    ) -> None:
        entry, _ = services.entry_write(
            owner=alice,
            kind="adjustment",
            connects=5,
            occurred_on=date(2026, 1, 3),
            upwork_action="Refunded Connects for Connects Award",
        )
        response = alice_client.post(
            reverse("history:reclassify", args=[entry.pk]), {"kind": "refund"}, follow=True
        )
        assert response.redirect_chain[-1][0] == LEDGER
        kinds = set(ConnectsEntry.objects.filter(owner=alice).values_list("kind", flat=True))
        assert "refund" in kinds

    def test_a_month_filter_keeps_the_balance_true(self, alice: User, alice_client: Client) -> None:
        _known_ledger(alice)
        response = alice_client.get(LEDGER, {"month": "2026-02"})
        assert _rows(response) == 1
        assert '<td class="num">34 connects</td>' in response.content.decode()

    def test_a_kind_filter_has_no_running_balance(self, alice: User, alice_client: Client) -> None:
        _known_ledger(alice)
        response = alice_client.get(LEDGER, {"kind": "proposal"})
        assert _rows(response) == 1
        assert "No running balance when filtering by kind" in response.content.decode()

    def test_a_bad_month_is_named(self, alice: User, alice_client: Client) -> None:
        _known_ledger(alice)
        response = alice_client.get(LEDGER, {"month": "2026-13"})
        assert response.status_code == 200
        assert "Month: Enter a month as YYYY-MM" in response.content.decode()
        assert _rows(response) == 3

    def test_an_empty_ledger_says_where_to_start(self, alice_client: Client) -> None:
        html = alice_client.get(LEDGER).content.decode()
        assert "Your ledger is empty" in html
        assert reverse("ledger:settings") in html and PURCHASE in html

    def test_it_shows_fifty_a_page(self, alice: User, alice_client: Client) -> None:
        for n in range(60):
            services.connects_grant(owner=alice, connects=1, occurred_on=date(2026, 1, 1 + n % 28))
        assert _rows(alice_client.get(LEDGER)) == 50
        assert _rows(alice_client.get(LEDGER, {"page": "2"})) == 10

    def test_its_query_count_does_not_grow_with_the_rows(
        self, alice: User, alice_client: Client
    ) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert alice_client.get(LEDGER).status_code == 200
            return len(captured)

        def add(count: int) -> None:
            for _ in range(count):
                services.application_submit(
                    owner=alice, job_title="Job", submitted_on=date(2026, 1, 10), connects_paid=2
                )

        add(5)
        alice_client.get(LEDGER)  # the first page view creates the ledger settings row
        five = queries()
        add(55)
        assert queries() == five


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (PURCHASE, "Buy connects"),
        (GRANT, "Add free connects"),
        (ADJUST, "Correct the balance"),
    ],
)
def test_each_form_page_opens_with_todays_date(alice_client: Client, url: str, title: str) -> None:
    response = alice_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>{title} · Bidbook</title>" in html
    assert f'name="occurred_on" value="{timezone.localdate():%Y-%m-%d}"' in html


class TestPurchase:
    def test_the_bundle_select_carries_the_users_prices(
        self, alice: User, alice_client: Client
    ) -> None:
        services.ledger_settings_update(owner=alice, price_per_connect=Decimal("0.15"))
        html = alice_client.get(PURCHASE).content.decode()
        prices = {"10": "1.50", "20": "3.00", "40": "6.00", "60": "9.00", "80": "12.00"}
        attribute = json.dumps(prices).replace('"', "&quot;")
        assert f'data-bundle-prices="{attribute}"' in html
        assert "80 connects ($12.00)" in html

    def test_typed_connects_and_price_are_recorded(self, alice: User, alice_client: Client) -> None:
        response = alice_client.post(
            PURCHASE,
            {"bundle": "40", "connects": "40", "usd_paid": "5.50", "occurred_on": "2026-01-02"},
        )
        assert response.status_code == 302 and response["Location"] == LEDGER
        entry = ConnectsEntry.objects.get(owner=alice)
        assert (entry.kind, entry.connects, entry.usd_paid, entry.occurred_on) == (
            "purchase",
            40,
            Decimal("5.50"),
            date(2026, 1, 2),
        )
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages == ["Added 40 connects bought for $5.50."]

    def test_without_javascript_the_bundle_alone_is_enough(
        self, alice: User, alice_client: Client
    ) -> None:
        services.ledger_settings_update(owner=alice, price_per_connect=Decimal("0.20"))
        alice_client.post(
            PURCHASE, {"bundle": "60", "connects": "", "usd_paid": "", "occurred_on": "2026-01-02"}
        )
        entry = ConnectsEntry.objects.get(owner=alice)
        assert (entry.connects, entry.usd_paid) == (60, Decimal("12.00"))

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            ({"connects": ""}, "Connects: Choose a bundle or enter the connects you bought."),
            ({"connects": "0"}, "Connects: Ensure this value is greater than or equal to 1."),
            ({"connects": "10001"}, "Connects: Ensure this value is less than or equal to 10000."),
            ({"usd_paid": "-1"}, "Paid (USD): Ensure this value is greater than or equal to 0."),
            (
                {"usd_paid": "10000.01"},
                "Paid (USD): Ensure this value is less than or equal to 10000.",
            ),
            ({"occurred_on": "2999-01-01"}, "Date: The date cannot be in the future."),
        ],
    )
    def test_bad_values_are_named_and_nothing_is_written(
        self, alice: User, alice_client: Client, data: dict[str, str], error: str
    ) -> None:
        typed = {"connects": "40", "usd_paid": "6.00", "occurred_on": "2026-01-02", **data}
        response = alice_client.post(PURCHASE, typed)
        assert response.status_code == 200
        assert error in response.content.decode()
        assert balance_of(alice) == 0


class TestGrant:
    def test_free_connects_are_added(self, alice: User, alice_client: Client) -> None:
        response = alice_client.post(
            GRANT, {"connects": "10", "occurred_on": "2026-02-01", "note": "Interview reward"}
        )
        assert response.status_code == 302
        entry = ConnectsEntry.objects.get(owner=alice)
        assert (entry.kind, entry.connects, entry.note) == ("monthly_grant", 10, "Interview reward")

    @pytest.mark.parametrize(
        ("connects", "error"),
        [
            ("0", "Connects: Ensure this value is greater than or equal to 1."),
            ("1001", "Connects: Ensure this value is less than or equal to 1000."),
            ("ten", "Connects: Enter a whole number."),
        ],
    )
    def test_bad_amounts_are_named(
        self, alice: User, alice_client: Client, connects: str, error: str
    ) -> None:
        response = alice_client.post(GRANT, {"connects": connects, "occurred_on": "2026-02-01"})
        assert response.status_code == 200
        html = response.content.decode()
        assert error in html and f'value="{connects}"' in html
        assert balance_of(alice) == 0


class TestAdjust:
    def test_a_negative_correction_with_a_note_is_written(
        self, alice: User, alice_client: Client
    ) -> None:
        response = alice_client.post(
            ADJUST,
            {"connects": "-3", "occurred_on": "2026-02-01", "note": "Upwork shows 3 fewer"},
        )
        assert response.status_code == 302
        entry = ConnectsEntry.objects.get(owner=alice)
        assert (entry.kind, entry.connects, entry.note) == (
            "adjustment",
            -3,
            "Upwork shows 3 fewer",
        )
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages == ["Balance corrected by -3 connects."]

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            ({"connects": "0"}, "Connects: An adjustment must add or remove at least one connect."),
            ({"connects": "10001"}, "Connects: Ensure this value is less than or equal to 10000."),
            (
                {"connects": "-10001"},
                "Connects: Ensure this value is greater than or equal to -10000.",
            ),
            ({"note": ""}, "Why: This field is required."),
            ({"note": "   "}, "Why: This field is required."),
        ],
    )
    def test_bad_corrections_are_refused(
        self, alice: User, alice_client: Client, data: dict[str, str], error: str
    ) -> None:
        typed = {"connects": "5", "occurred_on": "2026-02-01", "note": "Fix", **data}
        response = alice_client.post(ADJUST, typed)
        assert response.status_code == 200
        assert error in response.content.decode()
        assert balance_of(alice) == 0
