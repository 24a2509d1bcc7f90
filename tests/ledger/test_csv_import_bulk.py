"""The applications CSV at size: the preview's first 200 rows and whole-file counts, ANALYZE
after a bulk import on PostgreSQL, and the parser's fast path agreeing with the full check."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from ledger.importers.applications_csv import (
    _ABSENT,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    _check_row,
    _fast_row,
    _named_cells,
)
from ledger.importers.applications_import import PREVIEW_ROWS, applications_csv_import
from ledger.models import Application, ConnectsEntry
from ledger.selectors import balance_of
from ledger.table_statistics import ANALYZE_AFTER_ROWS

TODAY = date(2026, 3, 1)
HEADER = "submitted_at,job_title,job_url,connects,boost_connects,outcome,outcome_at"


def _file(good: int, bad: int = 0) -> str:
    rows = [HEADER]
    rows += [
        f"2026-01-{1 + n % 28:02d},Job {n},,{8 + n % 10},0,declined,2026-02-01" for n in range(good)
    ]
    rows += [f"2026-01-05,Broken {n},,lots,0,," for n in range(bad)]
    return "\n".join(rows) + "\n"


def _analyzes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]


@pytest.mark.django_db
class TestPreviewOfABigFile:
    def test_it_lists_the_first_200_rows_of_each_table_and_counts_them_all(
        self, alice: User, alice_client: Client
    ) -> None:
        upload = SimpleUploadedFile("big.csv", _file(450, bad=250).encode(), "text/csv")
        html = alice_client.post(
            reverse("ledger:applications_import"), {"file": upload}
        ).content.decode()
        assert PREVIEW_ROWS == 200
        assert 'data-testid="preview-new">450<' in html
        assert 'data-testid="preview-rejected">250<' in html
        assert "New (450)" in html
        assert "The first 200 of 450 rows." in html
        assert "Rejected (250)" in html
        assert "The first 200 of 250 rows." in html
        # New rows are lines 2-451, rejected ones 452-701: the first 200 of each are shown.
        assert '<td class="num" data-label="Line">201</td>' in html
        assert '<td class="num" data-label="Line">202</td>' not in html
        assert '<td class="num" data-label="Line">651</td>' in html
        assert '<td class="num" data-label="Line">652</td>' not in html
        assert html.count("connects: must be a whole number from 0 to 500") == 200
        assert "Import 450 applications" in html

    def test_a_small_file_is_listed_whole_without_the_note(
        self, alice: User, alice_client: Client
    ) -> None:
        upload = SimpleUploadedFile("small.csv", _file(3).encode(), "text/csv")
        html = alice_client.post(
            reverse("ledger:applications_import"), {"file": upload}
        ).content.decode()
        assert "New (3)" in html
        assert "The first" not in html


@pytest.mark.django_db
class TestBulkImport:
    def test_it_writes_every_row_with_its_entries(self, alice: User) -> None:
        result = applications_csv_import(owner=alice, data=_file(1200), today=TODAY)
        assert len(result.added) == 1200
        apps = Application.objects.filter(owner=alice)
        assert apps.count() == 1200
        assert all(app.pk and app.created_at and app.updated_at for app in result.added)
        # Every row: a proposal of 8..17 connects, declined, so nothing comes back.
        paid = sum(8 + n % 10 for n in range(1200))
        assert ConnectsEntry.objects.filter(owner=alice, kind="proposal").count() == 1200
        assert balance_of(alice) == -paid
        assert sum(apps.values_list("connects_paid", flat=True)) == paid

    def test_postgresql_analyzes_the_tables_after_a_bulk_import(
        self, alice: User, requires_postgres: None
    ) -> None:
        with CaptureQueriesContext(connection) as queries:
            applications_csv_import(owner=alice, data=_file(ANALYZE_AFTER_ROWS), today=TODAY)
        assert _analyzes(queries) == [
            'ANALYZE "ledger_application" ("owner_id", "submitted_on")',
            'ANALYZE "ledger_connectsentry" ("owner_id", "application_id", "occurred_on")',
        ]

    def test_a_small_import_leaves_the_statistics_alone(
        self, alice: User, requires_postgres: None
    ) -> None:
        with CaptureQueriesContext(connection) as queries:
            applications_csv_import(owner=alice, data=_file(ANALYZE_AFTER_ROWS - 1), today=TODAY)
        assert _analyzes(queries) == []

    def test_sqlite_runs_no_analyze(self, alice: User) -> None:
        if connection.vendor != "sqlite":
            pytest.skip("SQLite only")
        with CaptureQueriesContext(connection) as queries:
            applications_csv_import(owner=alice, data=_file(ANALYZE_AFTER_ROWS), today=TODAY)
        assert _analyzes(queries) == []


# Cells a hand-kept sheet (or a hostile one) holds: valid and broken values of every column.
_CELLS = st.sampled_from(
    [
        "",
        " ",
        "2026-01-10",
        "2026-02-30",
        "2027-01-01",
        "2026-01-10 09:30",
        "10/01/2026",
        "'2026-01-10",
        "Job",
        "  Two   words ",
        "'=SUM(A1)",
        "'plain",
        "x" * 301,
        "16",
        "0",
        "501",
        "-3",
        "1.5",
        "٣",
        "https://www.upwork.com/jobs/~01abc",
        "https://www.upwork.com/jobs/Title_~01ABC/?ref=x",
        "http://example.com/job",
        "https://localhost",
        "https://nodot",
        "ftp://example.com",
        "hired",
        "Hired",
        "client-cancelled",
        "pending",
        "won",
        "1250.00",
        "$1,250",
        "12.345",
    ]
)


@given(st.lists(_CELLS, min_size=8, max_size=8))
def test_the_fast_path_accepts_only_what_the_full_check_accepts_and_reads_it_alike(
    cells: list[str],
) -> None:
    names = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    columns = {name: i for i, name in enumerate(names)}
    fast = _fast_row(7, cells, tuple(columns[name] for name in names), TODAY)
    if fast is not None:
        assert _check_row(7, _named_cells(columns, cells), TODAY) == fast


def test_the_fast_path_reads_a_missing_optional_column_as_empty() -> None:
    at = (0, 1, 2, _ABSENT, _ABSENT, _ABSENT, _ABSENT, _ABSENT)
    row = _fast_row(2, ["2026-01-10", "Logo", "8"], at, TODAY)
    assert row is not None
    assert (row.job_url, row.boost_connects, row.outcome, row.contract_value_usd) == (
        None,
        0,
        None,
        None,
    )
