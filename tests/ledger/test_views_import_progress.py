"""A finished import's page: its summary in words, the links onward, the header's balance."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from ledger.import_progress import summary_items
from ledger.models import ImportBatch
from ledger.services import connects_purchase
from tests.factories import ImportBatchFactory

pytestmark = pytest.mark.django_db

State = ImportBatch.State
HTMX = {"HTTP_HX_REQUEST": "true"}

# What the sample Connects History page (tests/fixtures/history) leaves after its import.
HISTORY_SUMMARY = {
    "rows": 18,
    "new": 18,
    "already": 0,
    "matched_to_applications": 0,
    "new_applications": 9,
    "not_understood": 1,
    "new_by_kind": {
        "adjustment": 1,
        "availability_badge": 4,
        "boost": 1,
        "boost_returned": 1,
        "proposal": 9,
        "refund": 2,
    },
    "connects_added": -56,
    "upwork_balance": 451,
    "balance_after": -56,
    "difference": 507,
    "written": 18,
}


class TestSummaryInWords:
    def test_a_history_import_reads_as_sentences(self) -> None:
        assert summary_items(HISTORY_SUMMARY, ImportBatch.Kind.HISTORY) == [
            "18 rows read",
            "18 entries added: 9 proposals, 4 availability badges, 2 refunds, 1 boost, "
            "1 boost returned, 1 adjustment",
            "9 new applications",
            "1 row not understood (kept as an adjustment to reclassify)",
            "Upwork's balance 451, Bidbook's -56: a difference of +507",
        ]

    def test_rows_already_there_and_matched_are_said_and_a_matching_balance_too(self) -> None:
        summary = {
            **HISTORY_SUMMARY,
            "already": 3,
            "matched_to_applications": 1,
            "new_applications": 1,
            "not_understood": 2,
            "new_by_kind": {"boost_returned": 2, "monthly_grant": 1},
            "written": 3,
            "difference": 0,
            "balance_after": 451,
        }
        assert summary_items(summary, ImportBatch.Kind.HISTORY) == [
            "18 rows read",
            "3 entries added: 2 boosts returned, 1 monthly grant",
            "3 rows already in the ledger, left as they were",
            "1 row matched to applications you had logged",
            "1 new application",
            "2 rows not understood (kept as adjustments to reclassify)",
            "Bidbook and Upwork agree: 451",
        ]

    def test_a_page_without_a_balance_says_bidbooks(self) -> None:
        summary = {**HISTORY_SUMMARY, "upwork_balance": None, "difference": None}
        assert summary_items(summary, ImportBatch.Kind.HISTORY)[-1] == (
            "Bidbook's balance after the import: -56"
        )

    def test_a_csv_import_reads_as_sentences(self) -> None:
        summary = {"added": 12, "skipped": 1, "rejected": 2}
        assert summary_items(summary, ImportBatch.Kind.CSV) == [
            "12 applications added",
            "1 row already logged, skipped",
            "2 rows refused",
        ]
        # Told apart by its keys when the kind is not given.
        assert summary_items(summary) == summary_items(summary, ImportBatch.Kind.CSV)

    def test_unknown_keys_still_show_in_words_never_as_python(self) -> None:
        items = summary_items(
            {"written": 2, "extra_rows": {"late_fee": 1}, "notes": ["a", "b"], "empty": None}
        )
        assert items == ["2 entries added", "Extra rows: late fee 1", "Notes: a, b"]
        assert not any("{" in item or "[" in item or "_" in item for item in items)

    def test_anything_but_a_dict_is_no_summary(self) -> None:
        assert summary_items(None) == []
        assert summary_items(["rows", 3]) == []


class TestFinishedImportPage:
    def _done(self, alice: User, kind: str = ImportBatch.Kind.HISTORY) -> ImportBatch:
        return ImportBatchFactory(
            owner=alice,
            kind=kind,
            state=State.DONE,
            rows_total=18,
            rows_done=18,
            summary=HISTORY_SUMMARY,
        )

    def test_it_links_to_the_ledger_and_to_record_the_difference(
        self, alice: User, alice_client: Client
    ) -> None:
        batch = self._done(alice)
        html = alice_client.get(reverse("imports:progress", args=[batch.pk]), **HTMX)
        content = html.content.decode()
        assert "<li>18 rows read</li>" in content
        assert "{" not in content.split('data-testid="import-summary"')[1].split("</ul>")[0]
        assert f'href="{reverse("ledger:entries")}">See the ledger →</a>' in content
        adjust = reverse("ledger:adjust")
        assert (
            f'href="{adjust}?connects=507&amp;note=Reconcile+with+Upwork%27s+balance">'
            "Record the difference as an adjustment</a>"
        ) in content

    def test_no_difference_no_link_to_record_it(self, alice: User, alice_client: Client) -> None:
        batch = ImportBatchFactory(
            owner=alice,
            state=State.DONE,
            summary={**HISTORY_SUMMARY, "difference": 0, "balance_after": 451},
        )
        content = alice_client.get(reverse("imports:progress", args=[batch.pk])).content.decode()
        assert "See the ledger →" in content
        assert "Record the difference" not in content

    def test_the_finished_import_tells_the_header_its_new_balance(
        self, alice: User, alice_client: Client
    ) -> None:
        connects_purchase(
            owner=alice, connects=40, usd_paid=Decimal("6.00"), occurred_on=date(2026, 1, 2)
        )
        batch = self._done(alice)
        response = alice_client.get(reverse("imports:progress", args=[batch.pk]), **HTMX)
        assert json.loads(response["HX-Trigger"]) == {"balanceChanged": {"value": 40}}

    def test_a_running_import_does_not(self, alice: User, alice_client: Client) -> None:
        batch = ImportBatchFactory(owner=alice, state=State.RUNNING, rows_total=8, rows_done=2)
        response = alice_client.get(reverse("imports:progress", args=[batch.pk]), **HTMX)
        assert "HX-Trigger" not in response
        assert "See the ledger" not in response.content.decode()

    def test_a_csv_import_links_to_the_applications(
        self, alice: User, alice_client: Client
    ) -> None:
        batch = ImportBatchFactory(
            owner=alice,
            kind=ImportBatch.Kind.CSV,
            state=State.DONE,
            summary={"added": 3, "skipped": 0, "rejected": 0},
        )
        content = alice_client.get(reverse("imports:progress", args=[batch.pk])).content.decode()
        assert "<li>3 applications added</li>" in content
        assert "See the applications →" in content

    def test_the_start_reads_month_day_year(self, alice: User, alice_client: Client) -> None:
        batch = self._done(alice)
        ImportBatch.objects.filter(pk=batch.pk).update(created_at="2026-03-05T14:07:00Z")
        content = alice_client.get(reverse("imports:progress", args=[batch.pk])).content.decode()
        assert "Started Mar 5, 2026 14:07." in content
