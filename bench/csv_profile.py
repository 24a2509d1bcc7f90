"""The CSV preview for a user with a long history, alone: time it, and profile it.

    python -m bench.csv_profile [--db sqlite:///bench/csv_profile.sqlite3] [--rows 100000]
                                [--requests 3] [--profile]
    python -m bench.csv_profile --db postgres://postgres@127.0.0.1:5432/bidbook_csv

Builds (once; reused after) a database holding one user with 20,000 applications over the
last two years (~27 a day, the bench's sample titles, a link on 60% of them, as bench.build
makes them), then runs bench.csv_import.measure_csv_preview for that user and for a fresh
one, so the figure of `make bench` (csv_preview_existing) can be reproduced and profiled in a
minute without building the whole benchmark. Never opens the bidbook_bench* databases.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from bench.__main__ import configure
from bench.build import BENCH_DIR, database_exists, progress, reset_database

HEAVY_NAME = "csv-profile-heavy"
HEAVY_APPLICATIONS = 20_000
DAYS = 730


def _heavy_user() -> Any:
    """The user with the long history, built in the database the first time."""
    from django.utils import timezone

    from accounts.models import User
    from bench.build import load_samples
    from ledger.models import Application, LedgerSettings

    found = User.objects.filter(username=HEAVY_NAME).first()
    if found is not None:
        return found
    user = User.objects.create(username=HEAVY_NAME, password="!")
    LedgerSettings.objects.create(user=user)
    titles = [(s.get("title") or "Upwork job")[:300] for s in load_samples()]
    rng = random.Random("bidbook-csv-profile")
    today = timezone.localdate()
    apps = [
        Application(
            owner=user,
            job_title=rng.choice(titles),
            job_url=f"https://www.upwork.com/jobs/~01{n:018d}" if rng.random() < 0.6 else "",
            submitted_on=today - timedelta(days=rng.randrange(DAYS)),
            connects_paid=rng.randint(8, 26),
            source=Application.Source.MANUAL,
        )
        for n in range(HEAVY_APPLICATIONS)
    ]
    Application.objects.bulk_create(apps, batch_size=2000)
    return user


def _create_database(url: str) -> None:
    """An empty database of the script's own (bench.build.reset_database only makes *_bench)."""
    if url.startswith("sqlite"):
        reset_database(url)
        return
    import psycopg
    from psycopg import sql

    from bench.build import _pg_params

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(**_pg_params(url), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.csv_profile")
    parser.add_argument("--db", default=f"sqlite:///{BENCH_DIR / 'csv_profile.sqlite3'}")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the heavy user's run")
    args = parser.parse_args(argv)
    if "bidbook_bench" in args.db:
        sys.exit("not the benchmark's database")
    fresh_db = not database_exists(args.db)
    if fresh_db:
        _create_database(args.db)
    configure(args.db)
    from bench.build import migrate
    from bench.csv_import import measure_csv_preview
    from bench.measure import production_like

    if fresh_db:
        migrate()
    heavy = _heavy_user()
    with production_like():
        out = _measure(args, heavy, measure_csv_preview)
    progress(json.dumps(out))
    print(json.dumps(out))


def _measure(args: argparse.Namespace, heavy: Any, measure_csv_preview: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        out["heavy"] = measure_csv_preview(rows=args.rows, requests=1, owner=heavy)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(25)
    else:
        out["heavy"] = measure_csv_preview(rows=args.rows, requests=args.requests, owner=heavy)
        out["fresh"] = measure_csv_preview(rows=args.rows, requests=args.requests)
    return out


if __name__ == "__main__":
    main()
