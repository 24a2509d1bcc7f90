""" "Download everything": one zip of all a user's data, each table as CSV and as JSON.

The columns are the models' own fields (a field added later is exported without a change here),
plus, where a figure is derived, the derived figure beside it. Times are ISO 8601 in UTC, as
stored; dates are the user's own calendar dates. A README inside says what each file holds.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet

from accounts.models import SentEmail, User
from ledger.csv_export import safe_cell
from ledger.models import Application, ConnectsEntry, ImportBatch
from ledger.policy import fate_of
from ledger.selectors import ledger_settings_for, paid_by_application
from vetting.models import Decision, Job, RuleResult, Vetting
from vetting.rules import RULES_BY_CODE
from vetting.selectors import thresholds_for

# Never exported: who owns the row is the user downloading it; an import's payload is the raw
# text of a page already turned into the entries and applications exported beside it.
_SKIPPED_FIELDS = {"owner", "user", "payload"}


@dataclass(frozen=True)
class Table:
    name: str
    about: str
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]


def _value(value: Any) -> Any:
    """A JSON-safe value: times and dates as ISO 8601, money as a decimal string."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in _SKIPPED_FIELDS]


def _table(
    name: str,
    about: str,
    rows: QuerySet[Any] | Iterable[Model],
    model: type[Model],
    extra: dict[str, Callable[[Any], Any]] | None = None,
) -> Table:
    fields = _fields(model)
    extra = extra or {}
    objects = list(rows)
    return Table(
        name=name,
        about=about,
        columns=(*fields, *extra),
        rows=[
            {
                **{f: _value(getattr(obj, f)) for f in fields},
                **{column: _value(derive(obj)) for column, derive in extra.items()},
            }
            for obj in objects
        ],
    )


def export_tables(owner: User) -> list[Table]:
    """Every table of the user's data, one query each (two for applications)."""
    applications = list(Application.objects.filter(owner=owner).order_by("submitted_on", "id"))
    money = paid_by_application(applications)
    return [
        _table(
            "jobs",
            "Every Upwork job you vetted or logged, as last seen.",
            Job.objects.filter(owner=owner).order_by("id"),
            Job,
        ),
        _table(
            "vettings",
            "Every vetting: the facts read from the page (facts, as JSON), the score, the "
            "verdict, the rules version and the thresholds used, and the text you pasted.",
            Vetting.objects.filter(owner=owner).order_by("id"),
            Vetting,
        ),
        _table(
            "rule_results",
            "What each rule said in each vetting (vetting_id is the vetting's id).",
            RuleResult.objects.filter(vetting__owner=owner).order_by("vetting_id", "id"),
            RuleResult,
            {"rule": lambda r: RULES_BY_CODE[r.code].title if r.code in RULES_BY_CODE else ""},
        ),
        _table(
            "decisions",
            "The vetted jobs you skipped and the connects that kept.",
            Decision.objects.filter(owner=owner).order_by("id"),
            Decision,
        ),
        _table(
            "applications",
            "Every proposal you sent, its outcome and, derived from the entries, the connects it "
            "paid, got back and its fate (pending, refunded, lost or won).",
            applications,
            Application,
            {
                "paid": lambda a: money[a.pk].paid,
                "refunded": lambda a: money[a.pk].refunded,
                "fate": lambda a: fate_of(a.outcome).value,
            },
        ),
        _table(
            "entries",
            "The connects ledger: every movement, signed (+ in, - out); the balance is their sum.",
            ConnectsEntry.objects.filter(owner=owner).order_by("occurred_on", "id"),
            ConnectsEntry,
        ),
        _table(
            "imports",
            "Your imports of Connects History pages and applications CSV files, with their "
            "summaries (the pasted text itself is not kept here).",
            ImportBatch.objects.filter(owner=owner).order_by("id"),
            ImportBatch,
        ),
        _table(
            "sent_emails",
            "The weekly digests and monthly reports e-mailed to you, one per week or month "
            "(period); a row without sent_at closed a week that had nothing to send.",
            SentEmail.objects.filter(user=owner).order_by("claimed_at", "id"),
            SentEmail,
        ),
    ]


def export_settings(owner: User) -> dict[str, Any]:
    ledger = ledger_settings_for(owner)
    return {
        "account": {
            "username": owner.username,
            "email": owner.email,
            "date_joined": _value(owner.date_joined),
            "time_zone": owner.time_zone,
        },
        "ledger": {f: _value(getattr(ledger, f)) for f in _fields(type(ledger)) if f != "id"},
        "vetting": thresholds_for(owner).to_dict(),
    }


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            [
                safe_cell(json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
                for v in (row[c] for c in table.columns)
            ]
        )
    return out.getvalue()


def _readme(owner: User, tables: list[Table], now: datetime) -> str:
    lines = [
        f"Bidbook: everything of {owner.username}, downloaded {now.isoformat(timespec='seconds')}",
        "",
        "Each table is here twice: NAME.csv (opens in any spreadsheet) and NAME.json (a list of",
        "objects with the same keys). Times are ISO 8601 in UTC; dates (submitted_on,",
        "occurred_on, decided_on, outcome_on) are calendar dates, days as they were in your time",
        f"zone ({owner.time_zone}, in settings.json). Money is in US dollars, connects",
        "are whole numbers. In the CSV files, JSON columns (facts, thresholds, summary) hold JSON",
        "text, and a cell a spreadsheet would run as a formula starts with an apostrophe.",
        "",
    ]
    for table in tables:
        lines += [
            f"{table.name}.csv / {table.name}.json: {len(table.rows)} row(s)",
            f"  {table.about}",
            f"  Columns: {', '.join(table.columns)}",
            "",
        ]
    lines += [
        "settings.json: your account (with its time zone), ledger settings (price per connect,",
        "  plan, grant day, reminders) and vetting thresholds (every bar the rules use, and the",
        "  decisive rules).",
        "",
        "How the rules decide, and what each fate means: the help page How Bidbook decides.",
    ]
    return "\n".join(lines) + "\n"


def export_zip(owner: User, *, now: datetime) -> bytes:
    """The zip "Download everything" sends: README.txt, settings.json, each table twice."""
    tables = export_tables(owner)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(owner, tables, now))
        archive.writestr(
            "settings.json", json.dumps(export_settings(owner), indent=2, ensure_ascii=False)
        )
        for table in tables:
            archive.writestr(f"{table.name}.csv", _csv(table))
            archive.writestr(
                f"{table.name}.json", json.dumps(table.rows, indent=2, ensure_ascii=False)
            )
    return buffer.getvalue()
