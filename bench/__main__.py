"""`make bench` (`python -m bench`): build the benchmark database, measure, print one JSON object.

    python -m bench [--scale 1.0] [--skip-build] [--requests 30] [--warmup 3]

PostgreSQL when DATABASE_URL is set (the database `<name>_bench`, and `<name>_bench_solo` for the
isolation figure), else SQLite files in bench/. The developer's own database is never opened.
Progress goes to stderr; the JSON goes to stdout and bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.build import BENCH_DIR, bench_database_url, database_exists, progress, reset_database


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data size (1.0 = 200,000 apps)")
    parser.add_argument(
        "--skip-build", action="store_true", help="reuse the benchmark database if it exists"
    )
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "results.json")
    parser.add_argument(
        "--load-seconds", type=int, default=60, help="length of the HTTP load run (0: skip it)"
    )
    # Internal: the child processes that build and measure the heavy user's data alone, and
    # with a tenth of the other users (the scaling figure).
    parser.add_argument("--solo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tenth", action="store_true", help=argparse.SUPPRESS)
    # Internal: the heavy user's dashboard on the full database, in a fresh process like the
    # solo one, so the isolation figure compares two processes in the same state.
    parser.add_argument("--full-dashboard", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def companion_suffix(args: argparse.Namespace) -> str:
    return "_solo" if args.solo else "_tenth" if args.tenth else ""


def configure(url: str) -> None:
    """Point Django at the benchmark database, DEBUG off, before django.setup()."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    import django

    django.setup()


def prepare(args: argparse.Namespace, url: str) -> dict[str, Any]:
    """Build the database (or find the users of the existing one); returns what was built."""
    from bench import build

    plan = (
        build.Plan.tenth(args.scale)
        if args.tenth
        else build.Plan.scaled(args.scale, heavy_only=args.solo)
    )
    if args.skip_build and database_exists(url):
        progress(f"reusing {url}")
        return existing_build()
    started = time.perf_counter()
    reset_database(url)
    configure(url)
    build.migrate()
    progress(f"created and migrated {url} in {time.perf_counter() - started:.1f} s")
    result = build.build(plan)
    progress(f"built in {result.seconds:.1f} s")
    return {
        "heavy_user_id": result.heavy_user_id,
        "small_user_id": result.small_user_id,
        "counts": result.counts,
        "build_seconds": round(result.seconds, 1),
        "build_phases": result.phases,
    }


def existing_build() -> dict[str, Any]:
    from django.db.models import Count

    from accounts.models import User
    from ledger.models import Application, ConnectsEntry
    from vetting.models import Decision, RuleResult, Vetting

    heavy = User.objects.get(username="heavy")
    per_user = list(
        User.objects.exclude(pk=heavy.pk)
        .filter(username__startswith="bench")
        .annotate(n=Count("applications"))
        .order_by("n", "pk")
        .values_list("pk", "n")
    )
    small_id, small_n = per_user[len(per_user) // 2] if per_user else (heavy.pk, 0)
    return {
        "heavy_user_id": heavy.pk,
        "small_user_id": small_id,
        "counts": {
            "users": User.objects.count(),
            "applications": Application.objects.count(),
            "entries": ConnectsEntry.objects.count(),
            "vettings": Vetting.objects.count(),
            "rule_results": RuleResult.objects.count(),
            "decisions": Decision.objects.count(),
            "heavy_user_applications": Application.objects.filter(owner=heavy).count(),
            "small_user_applications": small_n,
        },
        "build_seconds": None,
    }


def run_solo(
    args: argparse.Namespace, original_url: str | None, flag: str = "--solo"
) -> dict[str, Any]:
    """The heavy user's dashboard in a database holding only that user's rows (`--solo`), or
    the heavy user's pages with a tenth of the others (`--tenth`): a child process, so it has
    its own Django set up on its own database."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if original_url:
        env["DATABASE_URL"] = original_url
    command = [
        sys.executable,
        "-m",
        "bench",
        flag,
        f"--scale={args.scale}",
        f"--requests={args.requests}",
        f"--warmup={args.warmup}",
        *(["--skip-build"] if args.skip_build else []),
    ]
    if flag == "--full-dashboard" and "--skip-build" not in command:
        command.append("--skip-build")  # the parent built the full database already
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        return {"error": f"the isolation run exited with {done.returncode}"}
    return json.loads(done.stdout)


def database_name() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"sqlite {sqlite3.sqlite_version}"
    connection.ensure_connection()
    version = connection.pg_version  # type: ignore[attr-defined]
    return f"postgresql {version // 10000}.{version % 10000}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    original_url = os.environ.get("DATABASE_URL") or None
    url = bench_database_url(original_url, companion_suffix(args))
    if args.skip_build and database_exists(url):
        configure(url)
    built = prepare(args, url)

    from django.utils import timezone

    from accounts.models import User
    from bench import measure

    heavy = User.objects.get(pk=built["heavy_user_id"])
    small = User.objects.get(pk=built["small_user_id"])
    today = timezone.localdate()

    settings = measure.Settings(
        requests=args.requests, warmup=args.warmup, load_seconds=args.load_seconds
    )
    with measure.production_like():
        if args.solo or args.full_dashboard:
            dashboard = measure.dashboard_p50_ms(
                heavy, today=today, requests=args.requests, warmup=args.warmup
            )
            progress(f"{'solo' if args.solo else 'full'} dashboard: {dashboard}")
            print(json.dumps({**dashboard, "build_seconds": built["build_seconds"]}))
            return 0
        if args.tenth:
            pages = measure.measure_pages(
                heavy, small, today=today, requests=args.requests, warmup=args.warmup
            )
            print(
                json.dumps(
                    {
                        "pages": pages,
                        "data": built["counts"],
                        "build_seconds": built["build_seconds"],
                    }
                )
            )
            return 0
        result: dict[str, Any] = {
            "database": database_name(),
            "scale": args.scale,
            "requests": args.requests,
            "measured_at": measure.now_iso(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "data": built["counts"],
            "build_seconds": built["build_seconds"],
            "build_phases": built.get("build_phases"),
        }
        result |= measure.measure_all(
            heavy,
            small,
            today=today,
            settings=settings,
            solo_dashboard=lambda: run_solo(args, original_url),
            full_dashboard=lambda: run_solo(args, original_url, "--full-dashboard"),
            tenth_pages=lambda: run_solo(args, original_url, "--tenth"),
        )

    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(result, indent=2, default=str)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(text)
    progress(f"done in {result['total_seconds']} s; written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
