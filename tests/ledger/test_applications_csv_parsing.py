"""The applications CSV parser: good rows survive bad ones, and every rejection says why."""

from __future__ import annotations

import codecs
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.importers.applications_csv import (
    OUTCOME_CODES,
    REQUIRED_COLUMNS,
    CsvApplicationRow,
    CsvParseResult,
    csv_row_key,
    parse_applications_csv,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "csv"
TODAY = date(2026, 1, 15)
HEADER = (
    "submitted_at,job_title,job_url,connects,boost_connects,outcome,outcome_at,contract_value_usd"
)
JOB = "https://www.upwork.com/jobs/"


def parse_fixture(name: str) -> CsvParseResult:
    return parse_applications_csv((FIXTURES / name).read_bytes(), TODAY)


def parse_lines(*lines: str) -> CsvParseResult:
    return parse_applications_csv("\n".join(lines), TODAY)


def reason_of(line: str) -> str:
    """The reason a single data row under the full header is rejected."""
    result = parse_lines(HEADER, line)
    assert result.rows == ()
    (rejected,) = result.rejected
    return rejected.reason


class TestAGoodFile:
    def test_every_row_is_read_with_every_field(self) -> None:
        result = parse_fixture("applications_good.csv")
        assert result.error is None
        assert result.missing_columns == ()
        assert result.rejected == ()
        assert result.rows == (
            CsvApplicationRow(
                line=2,
                submitted_at=date(2026, 1, 5),
                job_title="Senior Full Stack Developer",
                job_url=JOB + "~022010355296623641619",
                connects=10,
                boost_connects=0,
                outcome="hired",
                outcome_at=date(2026, 1, 9),
                contract_value_usd=Decimal("1250.00"),
            ),
            CsvApplicationRow(
                line=3,
                submitted_at=date(2026, 1, 6),
                job_title="Android App for Dental Appointments",
                job_url=None,
                connects=16,
            ),
            CsvApplicationRow(
                line=4,
                submitted_at=date(2026, 1, 7),
                job_title="NEEDED: Long Term Developer || Discovery App",
                job_url=JOB + "~022010495778876015635",
                connects=20,
                boost_connects=13,
                outcome="client_cancelled",
                outcome_at=date(2026, 1, 10),
            ),
            CsvApplicationRow(
                line=5,
                submitted_at=date(2026, 1, 8),
                job_title="React Native Mobile App Developer",
                job_url=None,
                connects=21,
                outcome="hired_someone_else",
                outcome_at=date(2026, 1, 12),
            ),
            CsvApplicationRow(
                line=6,
                submitted_at=date(2026, 1, 9),
                job_title="Shopify theme fix, small job",
                job_url="https://example.com/jobs/42",
                connects=6,
                outcome="withdrawn",
                outcome_at=date(2026, 1, 9),
            ),
        )

    def test_only_the_three_required_columns_are_needed(self) -> None:
        result = parse_lines("submitted_at,job_title,connects", "2026-01-05,Logo,10")
        assert result.rows == (
            CsvApplicationRow(
                line=2, submitted_at=date(2026, 1, 5), job_title="Logo", job_url=None, connects=10
            ),
        )

    def test_blank_lines_and_empty_rows_are_skipped_and_lines_still_count(self) -> None:
        result = parse_lines(
            "submitted_at,job_title,connects", "", "2026-01-05,Logo,10", ",,", "2026-01-06,Site,6"
        )
        assert [(row.line, row.job_title) for row in result.rows] == [(3, "Logo"), (5, "Site")]
        assert result.rejected == ()

    def test_a_title_over_two_lines_counts_from_where_it_starts(self) -> None:
        result = parse_lines(
            "submitted_at,job_title,connects", '2026-01-05,"Logo\nand icon",10', "2026-01-06,Site,6"
        )
        assert [(row.line, row.job_title) for row in result.rows] == [
            (2, "Logo and icon"),
            (4, "Site"),
        ]


class TestAFileWithBadRows:
    def test_the_good_rows_survive_the_bad_ones(self) -> None:
        result = parse_fixture("applications_mixed.csv")
        assert result.error is None
        assert [(row.line, row.job_title) for row in result.rows] == [
            (2, "Senior Full Stack Developer"),
            (8, "Android App for Dental Appointments"),
            (14, "React Native Mobile App Developer"),
        ]

    def test_every_bad_row_is_rejected_with_its_reason(self) -> None:
        outcomes = ", ".join(OUTCOME_CODES)
        result = parse_fixture("applications_mixed.csv")
        assert [(r.line, r.reason) for r in result.rejected] == [
            (3, "connects: must be a whole number from 0 to 500"),
            (4, "submitted_at: must not be in the future"),
            (5, f"outcome: must be one of {outcomes}, or empty (pending)"),
            (6, "job_title: required"),
            (7, "connects: must be a whole number from 0 to 500"),
            (9, "submitted_at: must be a date written YYYY-MM-DD"),
            (10, "job_url: must be an http(s) link"),
            (11, "boost_connects: must be a whole number from 0 to 1000"),
            (12, "outcome_at: must not be before submitted_at"),
            (
                13,
                "job_url: must be an http(s) link; "
                "connects: must be a whole number from 0 to 500; "
                f"outcome: must be one of {outcomes}, or empty (pending)",
            ),
        ]

    def test_a_rejected_row_keeps_what_it_said(self) -> None:
        result = parse_fixture("applications_mixed.csv")
        negative = result.rejected[0]
        assert negative.raw == {
            "submitted_at": "2026-01-06",
            "job_title": "Negative connects job",
            "job_url": "",
            "connects": "-4",
            "boost_connects": "0",
            "outcome": "",
            "outcome_at": "",
            "contract_value_usd": "",
        }


class TestEachRule:
    @pytest.mark.parametrize(
        ("line", "reason"),
        [
            (",Logo,,10,,,,", "submitted_at: required"),
            ("2026-13-01,Logo,,10,,,,", "submitted_at: must be a date written YYYY-MM-DD"),
            ("2026-02-30,Logo,,10,,,,", "submitted_at: must be a date written YYYY-MM-DD"),
            ("20260105,Logo,,10,,,,", "submitted_at: must be a date written YYYY-MM-DD"),
            ("2026-01-16,Logo,,10,,,,", "submitted_at: must not be in the future"),
            ("2026-01-05,   ,,10,,,,", "job_title: required"),
            (f"2026-01-05,{'x' * 301},,10,,,,", "job_title: must be at most 300 characters"),
            ("2026-01-05,Logo,www.upwork.com/jobs/~01a,10,,,,", "job_url: must be an http(s) link"),
            ("2026-01-05,Logo,https://,10,,,,", "job_url: must be an http(s) link"),
            ("2026-01-05,Logo,https://exa mple.com,10,,,,", "job_url: must be an http(s) link"),
            (
                f"2026-01-05,Logo,https://example.com/{'x' * 500},10,,,,",
                "job_url: must be at most 500 characters",
            ),
            ("2026-01-05,Logo,,,,,,", "connects: required"),
            ("2026-01-05,Logo,,501,,,,", "connects: must be a whole number from 0 to 500"),
            ("2026-01-05,Logo,,-1,,,,", "connects: must be a whole number from 0 to 500"),
            ("2026-01-05,Logo,,2.5,,,,", "connects: must be a whole number from 0 to 500"),
            ("2026-01-05,Logo,,ten,,,,", "connects: must be a whole number from 0 to 500"),
            ("2026-01-05,Logo,,10,-3,,,", "boost_connects: must be a whole number from 0 to 1000"),
            (
                "2026-01-05,Logo,,10,1001,,,",
                "boost_connects: must be a whole number from 0 to 1000",
            ),
            ("2026-01-05,Logo,,10,,won,,", "outcome: must be one of "),
            (
                "2026-01-05,Logo,,10,,hired,2026/01/09,",
                "outcome_at: must be a date written YYYY-MM-DD",
            ),
            (
                "2026-01-05,Logo,,10,,hired,2026-01-04,",
                "outcome_at: must not be before submitted_at",
            ),
            ("2026-01-05,Logo,,10,,hired,2026-01-20,", "outcome_at: must not be in the future"),
            ("2026-01-05,Logo,,10,,,2026-01-09,", "outcome_at: given without an outcome"),
            (
                "2026-01-05,Logo,,10,,hired,,-5",
                "contract_value_usd: must be an amount in dollars, 0 or more, like 1250.00",
            ),
            (
                "2026-01-05,Logo,,10,,hired,,12.345",
                "contract_value_usd: must be an amount in dollars, 0 or more, like 1250.00",
            ),
            (
                "2026-01-05,Logo,,10,,hired,,lots",
                "contract_value_usd: must be an amount in dollars, 0 or more, like 1250.00",
            ),
        ],
    )
    def test_each_rule_names_its_field(self, line: str, reason: str) -> None:
        assert reason_of(line).startswith(reason)

    def test_today_itself_is_not_the_future(self) -> None:
        result = parse_lines(HEADER, "2026-01-15,Logo,,10,,declined,2026-01-15,")
        assert [row.submitted_at for row in result.rows] == [TODAY]

    @pytest.mark.parametrize(
        ("written", "code"),
        [
            ("hired", "hired"),
            ("Hired", "hired"),
            (" HIRED_SOMEONE_ELSE ", "hired_someone_else"),
            ("hired someone else", "hired_someone_else"),
            ("client-cancelled", "client_cancelled"),
            ("removed_by_upwork", "removed_by_upwork"),
            ("pending", None),
            ("", None),
        ],
    )
    def test_outcomes_are_read_forgivingly(self, written: str, code: str | None) -> None:
        result = parse_lines(HEADER, f"2026-01-05,Logo,,10,,{written},,")
        assert [row.outcome for row in result.rows] == [code]

    @pytest.mark.parametrize(
        ("written", "amount"),
        [
            ("1250", Decimal("1250.00")),
            ("1250.5", Decimal("1250.50")),
            ("$1,250.00", Decimal("1250.00")),
            ("0", Decimal("0.00")),
        ],
    )
    def test_a_contract_value_is_read_as_dollars(self, written: str, amount: Decimal) -> None:
        result = parse_lines(HEADER, f'2026-01-05,Logo,,10,,hired,2026-01-09,"{written}"')
        assert [row.contract_value_usd for row in result.rows] == [amount]

    def test_a_contract_value_without_a_hire_is_dropped_not_rejected(self) -> None:
        result = parse_lines(HEADER, "2026-01-05,Logo,,10,,declined,2026-01-09,300.00")
        assert [(row.outcome, row.contract_value_usd) for row in result.rows] == [
            ("declined", None)
        ]

    def test_an_empty_boost_is_zero(self) -> None:
        assert parse_lines(HEADER, "2026-01-05,Logo,,10,,,,").rows[0].boost_connects == 0

    def test_an_upwork_job_link_is_normalised(self) -> None:
        link = "https://www.upwork.com/jobs/Logo-design_~01ABC123/?referrer_url_path=find"
        result = parse_lines(HEADER, f"2026-01-05,Logo,{link},10,,,,")
        assert result.rows[0].job_url == JOB + "~01abc123"

    def test_a_date_with_a_midnight_time_from_a_spreadsheet_is_read(self) -> None:
        result = parse_lines(HEADER, "2026-01-05 00:00:00,Logo,,10,,,,")
        assert result.rows[0].submitted_at == date(2026, 1, 5)

    def test_a_cell_the_export_defused_reads_back_as_written(self) -> None:
        result = parse_lines(HEADER, "2026-01-05,'=Fix my formula,,10,,,,")
        assert result.rows[0].job_title == "=Fix my formula"


class TestHeaders:
    def test_a_bom_semicolons_and_header_variants_are_read(self) -> None:
        result = parse_fixture("applications_bom.csv")
        assert result.error is None
        assert [(r.line, r.job_title, r.connects, r.job_url) for r in result.rows] == [
            (2, "Senior Full Stack Developer", 10, JOB + "~022010355296623641619"),
            (3, "Caf\u00e9 loyalty app (iOS)", 14, None),
        ]

    def test_a_bom_in_text_is_ignored_too(self) -> None:
        result = parse_applications_csv(
            "\ufeffsubmitted_at,job_title,connects\n2026-01-05,Logo,10", TODAY
        )
        assert len(result.rows) == 1

    @pytest.mark.parametrize(
        "header",
        [
            "submitted_at,job_title,connects",
            "Submitted_At,JOB_TITLE,Connects",
            " submitted_at , job_title , connects ",
            "Submitted at,Job title,Connects",
            "submitted-at,job-title,connects",
        ],
    )
    def test_header_names_ignore_case_spaces_and_hyphens(self, header: str) -> None:
        assert len(parse_lines(header, "2026-01-05,Logo,10").rows) == 1

    def test_columns_may_come_in_any_order_and_extra_ones_are_ignored(self) -> None:
        result = parse_lines(
            "notes,connects,job_title,fate,submitted_at", "hi,10,Logo,lost,2026-01-05"
        )
        assert [(r.job_title, r.connects) for r in result.rows] == [("Logo", 10)]

    def test_the_export_reads_back(self) -> None:
        header = HEADER + ",status,paid,refunded,fate"
        row = "2026-01-05,Logo,,10,0,hired,2026-01-09,250.00,submitted,10,0,won"
        result = parse_lines(header, row)
        assert [(r.outcome, r.contract_value_usd) for r in result.rows] == [
            ("hired", Decimal("250.00"))
        ]

    def test_a_title_line_above_the_header_is_skipped(self) -> None:
        result = parse_lines(
            "My applications,,", "submitted_at,job_title,connects", "2026-01-05,Logo,10"
        )
        assert [(row.line, row.job_title) for row in result.rows] == [(3, "Logo")]

    def test_a_missing_required_column_is_named(self) -> None:
        result = parse_lines("submitted_at,title,connects", "2026-01-05,Logo,10")
        assert result.missing_columns == ("job_title",)
        assert result.error == "Missing required columns: job_title."
        assert result.rows == ()

    def test_a_file_that_is_not_a_csv_is_an_error(self) -> None:
        result = parse_applications_csv(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", TODAY)
        assert result.rows == ()
        assert result.missing_columns == REQUIRED_COLUMNS
        assert result.error is not None
        assert "not UTF-8" in result.error

    def test_an_empty_file_is_an_error(self) -> None:
        assert parse_applications_csv(b"", TODAY).error == "The file is empty."

    def test_a_non_utf8_byte_in_a_row_does_not_stop_the_file(self) -> None:
        data = b"submitted_at,job_title,connects\n2026-01-05,Caf\xe9,10\n2026-01-06,Site,6\n"
        result = parse_applications_csv(data, TODAY)
        assert [row.job_title for row in result.rows] == ["Caf\ufffd", "Site"]
        assert result.error is None

    def test_a_utf16_file_from_excel_is_read(self) -> None:
        text = "submitted_at\tjob_title\tconnects\r\n2026-01-05\tLogo\t10\r\n"
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
        assert [row.job_title for row in parse_applications_csv(data, TODAY).rows] == ["Logo"]

    def test_a_cell_too_big_for_csv_is_rejected_and_the_next_rows_still_read(self) -> None:
        result = parse_lines(
            "submitted_at,job_title,connects",
            f'2026-01-05,"{"x" * 200_000}",10',
            "2026-01-06,Site,6",
        )
        assert [row.job_title for row in result.rows] == ["Site"]
        (rejected,) = result.rejected
        assert rejected.line == 2
        assert rejected.reason.startswith("row: unreadable")


class TestKeys:
    def row(self, **changes: object) -> CsvApplicationRow:
        fields: dict[str, object] = {
            "line": 2,
            "submitted_at": date(2026, 1, 5),
            "job_title": "Logo design",
            "job_url": None,
            "connects": 10,
        }
        fields.update(changes)
        return CsvApplicationRow(**fields)  # type: ignore[arg-type]

    def test_the_key_is_the_day_the_job_link_and_the_connects(self) -> None:
        row = self.row(job_url=JOB + "~01abc")
        assert csv_row_key(row) == (date(2026, 1, 5), JOB + "~01abc", 10)

    def test_without_a_link_the_key_uses_the_title_ignoring_case_and_spacing(self) -> None:
        assert csv_row_key(self.row(job_title="  Logo   DESIGN ")) == csv_row_key(self.row())
        assert csv_row_key(self.row(job_url="")) == (date(2026, 1, 5), "logo design", 10)

    def test_two_ways_of_writing_one_upwork_job_have_one_key(self) -> None:
        stored = self.row(job_url="https://www.upwork.com/jobs/Logo_~01ABC/?referrer=x")
        assert csv_row_key(stored) == csv_row_key(self.row(job_url=JOB + "~01abc"))

    def test_other_connects_or_another_day_is_another_key(self) -> None:
        assert csv_row_key(self.row(connects=12)) != csv_row_key(self.row())
        assert csv_row_key(self.row(submitted_at=date(2026, 1, 6))) != csv_row_key(self.row())


class TestRobustness:
    @settings(max_examples=300, deadline=None)
    @given(st.binary(max_size=2000))
    def test_it_never_raises_on_any_bytes(self, data: bytes) -> None:
        result = parse_applications_csv(data, TODAY)
        assert isinstance(result, CsvParseResult)

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.lists(
                st.sampled_from(
                    [
                        "",
                        "2026-01-05",
                        "2099-01-01",
                        "Logo",
                        "10",
                        "-1",
                        "hired",
                        '"',
                        "\n",
                        "x" * 50,
                    ]
                ),
                max_size=9,
            ),
            max_size=20,
        )
    )
    def test_it_never_raises_on_any_rows_under_a_header(self, rows: list[list[str]]) -> None:
        text = "\n".join([HEADER, *(",".join(cells) for cells in rows)])
        result = parse_applications_csv(text, TODAY)
        assert len(result.rows) + len(result.rejected) <= text.count("\n")
        assert all(row.submitted_at <= TODAY for row in result.rows)


class TestCellsReadOnce:
    """The parser reads a repeated day, figure or outcome once per file: the answer is the
    same for every row that repeats it, good or bad."""

    def test_a_repeated_cell_gets_the_same_answer_on_every_row(self) -> None:
        result = parse_lines(
            "submitted_at,job_title,connects,outcome,outcome_at",
            "2026-01-10,A,8,hired,2026-01-12",
            "2026-01-10,B,8,HIRED,2026-01-12",
            "2026-01-10,C,501,hired,",
            "2026-01-10,D,501,,",
            "2026-01-10,E,8,nope,",
            "2026-01-10,F,8,nope,",
            "2026-01-16,G,8,,",
            "2026-01-16,H,8,,",
            "2026-01-12,I,8,hired,2026-01-10",
        )
        assert [(row.line, row.job_title, row.outcome, row.outcome_at) for row in result.rows] == [
            (2, "A", "hired", date(2026, 1, 12)),
            (3, "B", "hired", date(2026, 1, 12)),
        ]
        assert [(row.line, row.reason.split(":")[0]) for row in result.rejected] == [
            (4, "connects"),
            (5, "connects"),
            (6, "outcome"),
            (7, "outcome"),
            (8, "submitted_at"),
            (9, "submitted_at"),
            (10, "outcome_at"),
        ]
