"""CSV exports: exact content for a small known ledger, periods, bad dates, formula injection."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.csv_export import safe_cell
from ledger.importers.applications_import import applications_csv_import
from ledger.models import Application

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("ledger:applications_export")
ENTRIES = reverse("ledger:entries_export")
FORMULA_TITLE = "=SUM(A1:A9) logo work"


@pytest.fixture
def known_ledger(alice: User) -> None:
    services.connects_purchase(
        owner=alice, connects=40, usd_paid=Decimal("6.00"), occurred_on=date(2026, 1, 2)
    )
    django = services.application_submit(
        owner=alice,
        job_title="Django booking site",
        job_url="https://www.upwork.com/jobs/~01abc",
        submitted_on=date(2026, 1, 10),
        connects_paid=16,
        boost_connects=30,
    )
    services.application_set_status(application=django, status="interviewing")
    services.application_set_outcome(
        application=django,
        outcome="hired",
        outcome_on=date(2026, 1, 25),
        contract_value_usd=Decimal("1500"),
    )
    logo = services.application_submit(
        owner=alice, job_title=FORMULA_TITLE, submitted_on=date(2026, 1, 20), connects_paid=10
    )
    services.connects_grant(
        owner=alice, connects=10, occurred_on=date(2026, 2, 1), note="Monthly connects"
    )
    services.application_set_outcome(
        application=logo, outcome="client_cancelled", outcome_on=date(2026, 2, 2)
    )
    services.connects_adjust(
        owner=alice, connects=-2, note="-2 per Upwork", occurred_on=date(2026, 2, 3)
    )


def _lines(response: object) -> list[str]:
    return response.content.decode().split("\r\n")  # type: ignore[attr-defined]


class TestApplicationsCsv:
    def test_it_has_the_import_columns_then_the_figures(
        self, alice_client: Client, known_ledger: None
    ) -> None:
        response = alice_client.get(APPLICATIONS)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="bidbook-applications.csv"'
        assert _lines(response) == [
            "submitted_at,job_title,job_url,connects,boost_connects,outcome,outcome_at,"
            "contract_value_usd,status,paid,refunded,fate",
            "2026-01-10,Django booking site,https://www.upwork.com/jobs/~01abc,16,30,hired,"
            "2026-01-25,1500.00,interviewing,46,0,won",
            "2026-01-20,'=SUM(A1:A9) logo work,,10,0,client_cancelled,2026-02-02,,submitted,"
            "10,10,refunded",
            "",
        ]

    def test_a_period_keeps_the_applications_sent_in_it(
        self, alice_client: Client, known_ledger: None
    ) -> None:
        response = alice_client.get(APPLICATIONS, {"from": "2026-01-15", "to": "2026-01-31"})
        lines = _lines(response)
        assert len(lines) == 3
        assert lines[1].startswith("2026-01-20,'=SUM")
        assert response["Content-Disposition"] == (
            'attachment; filename="bidbook-applications-2026-01-15-2026-01-31.csv"'
        )

    def test_it_imports_back_as_the_same_applications(
        self, alice_client: Client, bob: User, known_ledger: None
    ) -> None:
        exported = alice_client.get(APPLICATIONS).content
        result = applications_csv_import(owner=bob, data=exported, today=timezone.localdate())
        assert (len(result.added), len(result.rejected)) == (2, 0)
        fields = (
            "submitted_on",
            "job_title",
            "job_url",
            "connects_paid",
            "boost_connects",
            "outcome",
            "outcome_on",
            "contract_value_usd",
        )
        alices = list(Application.objects.filter(owner__username="alice").values_list(*fields))
        bobs = list(Application.objects.filter(owner=bob).values_list(*fields))
        assert bobs == alices
        assert FORMULA_TITLE in [row[1] for row in bobs]  # the apostrophe does not stick
        again = applications_csv_import(owner=bob, data=exported, today=timezone.localdate())
        assert (len(again.added), len(again.skipped)) == (0, 2)


class TestEntriesCsv:
    def test_it_lists_every_entry_oldest_first_with_the_balance(
        self, alice_client: Client, known_ledger: None
    ) -> None:
        response = alice_client.get(ENTRIES)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="bidbook-ledger.csv"'
        assert _lines(response) == [
            "date,kind,connects,usd_paid,application,note,upwork_action,running_balance",
            "2026-01-02,purchase,40,6.00,,,,40",
            "2026-01-10,proposal,-16,,Django booking site,,,24",
            "2026-01-10,boost,-30,,Django booking site,,,-6",
            "2026-01-20,proposal,-10,,'=SUM(A1:A9) logo work,,,-16",
            "2026-02-01,monthly_grant,10,,,Monthly connects,,-6",
            "2026-02-02,refund,10,,'=SUM(A1:A9) logo work,"
            "Refund: Client closed it without hiring,,4",
            "2026-02-03,adjustment,-2,,,'-2 per Upwork,,2",
            "",
        ]

    def test_a_period_starts_from_the_balance_before_it(
        self, alice_client: Client, known_ledger: None
    ) -> None:
        response = alice_client.get(ENTRIES, {"from": "2026-02-01", "to": "2026-02-02"})
        assert _lines(response) == [
            "date,kind,connects,usd_paid,application,note,upwork_action,running_balance",
            "2026-02-01,monthly_grant,10,,,Monthly connects,,-6",
            "2026-02-02,refund,10,,'=SUM(A1:A9) logo work,"
            "Refund: Client closed it without hiring,,4",
            "",
        ]


class TestBadDates:
    @pytest.mark.parametrize("url", [APPLICATIONS, ENTRIES])
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"from": "2026-13-01"}, "From: Enter the start date as YYYY-MM-DD"),
            ({"to": "last week"}, "To: Enter the end date as YYYY-MM-DD"),
            ({"from": "2026-02-01", "to": "2026-01-01"}, "The start date is after the end date."),
        ],
    )
    def test_a_bad_period_is_explained_not_a_500(
        self, alice_client: Client, url: str, params: dict[str, str], message: str
    ) -> None:
        response = alice_client.get(url, params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert message in response.content.decode()


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946", "'+44 20 7946"),
        ("-drop tables", "'-drop tables"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("-16", "-16"),
        ("+10", "+10"),
        ("-1.50", "-1.50"),
        ("Plain title", "Plain title"),
        (None, ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(value: str | None, cell: str) -> None:
    assert safe_cell(value) == cell
