"""The applications CSV: import speed, preview speed, and the dashboard right after an import.

Each measurement writes for a fresh user inside a transaction it rolls back, so the benchmark
database is left as it was.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

from bench.build import progress
from bench.measure import JOB_TITLES

Result = dict[str, Any]

_TITLES = (
    *JOB_TITLES,
    "Data scraping from public listings, Python",
    "WordPress speed optimisation",
)
# The outcomes of bench.build's mix, as the export writes them ("" = pending).
_OUTCOMES = (
    ("hired_someone_else", 30),
    ("declined", 20),
    ("expired", 10),
    ("client_cancelled", 8),
    ("removed_by_upwork", 2),
    ("hired", 8),
    ("withdrawn", 5),
    ("", 17),
)


def compact_applications_csv(rows: int, *, today: date, seed: int = 13) -> str:
    """`rows` applications in the four columns a hand-kept sheet has (day, title, connects,
    outcome): 100,000 of them fit the 5 MB upload limit."""
    rng = random.Random(seed)
    codes = [code for code, _ in _OUTCOMES]
    weights = [weight for _, weight in _OUTCOMES]
    lines = ["submitted_at,job_title,connects,outcome"]
    for n in range(rows):
        sent = today - timedelta(days=rng.randrange(730))
        lines.append(f"{sent},Job {n},{rng.randint(8, 26)},{rng.choices(codes, weights)[0]}")
    return "\n".join(lines) + "\n"


def applications_csv(rows: int, *, today: date, seed: int = 11) -> str:
    """A file in the export's layout (`ledger.csv_export`): `rows` applications over two years,
    a job link on 80% of them, a boost on 10%, outcomes in bench.build's mix."""
    from ledger.csv_export import APPLICATION_COLUMNS
    from ledger.policy import OUTCOME_CODES

    rng = random.Random(seed)
    assert all(code in OUTCOME_CODES for code, _ in _OUTCOMES if code)
    outcomes = [code for code, _ in _OUTCOMES]
    weights = [weight for _, weight in _OUTCOMES]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(APPLICATION_COLUMNS)
    for n in range(rows):
        sent = today - timedelta(days=rng.randrange(730))
        outcome = rng.choices(outcomes, weights)[0]
        outcome_on = min(today, sent + timedelta(days=rng.randrange(1, 30))) if outcome else None
        job_id = f"{rng.getrandbits(60):018x}"
        writer.writerow(
            (
                sent.isoformat(),
                f"{rng.choice(_TITLES)} #{n}",
                f"https://www.upwork.com/jobs/~01{job_id}" if rng.random() < 0.8 else "",
                rng.randint(8, 26),
                rng.randint(5, 60) if rng.random() < 0.1 else 0,
                outcome,
                outcome_on.isoformat() if outcome_on else "",
                f"{rng.randint(150, 15000)}.00" if outcome == "hired" else "",
                # The export's read-only columns, ignored on import.
                "submitted",
                "",
                "",
                "",
            )
        )
    return out.getvalue()


def _fresh_user(name: str) -> Any:
    from accounts.models import User
    from ledger.models import LedgerSettings

    user = User.objects.create(username=name, password="!")
    LedgerSettings.objects.create(user=user)
    return user


def measure_csv_import(*, rows: int = 20_000) -> Result:
    """`applications_csv_import` of a `rows`-row file for a fresh user, end to end (decoding,
    parsing, the duplicate check, the bulk writer, the ANALYZE after it): rows per second."""
    from django.db import transaction
    from django.utils import timezone

    from ledger.importers.applications_import import applications_csv_import

    today = timezone.localdate()
    data = applications_csv(rows, today=today).encode("utf-8")
    out: Result = {"rows": rows, "file_bytes": len(data)}
    with transaction.atomic():
        user = _fresh_user("bench-csv-import")
        started = time.perf_counter()
        result = applications_csv_import(owner=user, data=data, today=today)
        elapsed = time.perf_counter() - started
        out["added"] = len(result.added)
        out["rejected"] = len(result.rejected)
        out["seconds"] = round(elapsed, 3)
        out["csv_import_rows_per_second"] = round(rows / elapsed)
        transaction.set_rollback(True)
    return out


def measure_csv_preview(*, rows: int = 100_000, requests: int = 3, owner: Any = None) -> Result:
    """The import page's preview of a `rows`-row upload, through the whole stack (multipart
    POST, parse, duplicate check, the stored batch, the template): p50 seconds and the HTML's
    size. The page lists the first rows only; its counts cover the whole file.

    For a fresh user by default; with `owner` (the heavy user, 20,000 applications over the
    same two years), every row of the file (none has a link) is compared with that day's
    applications by title, the duplicate check's costly path."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    data = compact_applications_csv(rows, today=today).encode("utf-8")
    url = reverse("ledger:applications_import")
    times: list[float] = []
    size = 0
    with transaction.atomic():
        user = owner or _fresh_user("bench-csv-preview")
        client = Client()
        client.force_login(user)
        for _ in range(requests):
            upload = SimpleUploadedFile("applications.csv", data, content_type="text/csv")
            started = time.perf_counter()
            response = client.post(url, {"file": upload}, secure=True)
            times.append(time.perf_counter() - started)
            shown = f'data-testid="preview-new">{rows:,}<'.replace(",", "")
            if response.status_code != 200 or shown not in response.content.decode():
                return {"error": f"HTTP {response.status_code}: the preview does not count {rows}"}
            size = len(response.content)
        transaction.set_rollback(True)
    return {
        "rows": rows,
        "file_bytes": len(data),
        "existing_applications": user.applications.count() if owner else 0,
        "html_bytes": size,
        "seconds": round(statistics.median(times), 3),
        "requests": requests,
    }


def measure_stale_stats(*, rows: int = 20_000, requests: int = 10, warmup: int = 2) -> Result:
    """The dashboard of a fresh user right after a bulk import of `rows` applications, before
    autovacuum or anyone else analyses the tables: only the import's own ANALYZE has run.

    The import is committed (a rolled-back one would leave the statistics as they were) and
    the user deleted afterwards; autovacuum is switched off for the two tables meanwhile, so
    it cannot tidy up behind the figure's back.
    """
    from django.db import connection, transaction
    from django.urls import reverse
    from django.utils import timezone

    from bench.measure import client_for, summary_ms
    from ledger.importers.applications_import import applications_csv_import

    tables = ("ledger_application", "ledger_connectsentry")
    postgres = connection.vendor == "postgresql"
    if postgres and connection.in_atomic_block:
        return {"skipped": "needs a committed import (not inside a transaction)"}
    today = timezone.localdate()
    data = applications_csv(rows, today=today, seed=23).encode("utf-8")
    if postgres:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
    user = None
    try:
        with transaction.atomic():
            user = _fresh_user("bench-stale-stats")
        started = time.perf_counter()
        with transaction.atomic():
            applications_csv_import(owner=user, data=data, today=today)
        imported = time.perf_counter() - started
        client = client_for(user)
        url = reverse("home")
        times = []
        for i in range(warmup + requests):
            started = time.perf_counter()
            client.get(url, secure=True)
            if i >= warmup:
                times.append(time.perf_counter() - started)
        figures = summary_ms(times)
        progress(f"stale statistics: dashboard {figures} after a {imported:.1f} s import")
        return {
            "rows": rows,
            "import_seconds": round(imported, 2),
            "dashboard_p50_ms": figures["p50_ms"],
            "dashboard_p95_ms": figures["p95_ms"],
        }
    finally:
        if user is not None:
            _delete_user(user)
        if postgres:
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")


def _delete_user(user: Any) -> None:
    """Remove the measurement's user and its rows (entries first: they protect applications)."""
    from django.db import transaction

    from ledger.models import Application, ConnectsEntry

    with transaction.atomic():
        ConnectsEntry.objects.filter(owner=user)._raw_delete(ConnectsEntry.objects.db)
        Application.objects.filter(owner=user)._raw_delete(Application.objects.db)
        user.delete()
