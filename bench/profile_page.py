"""Profile one page of the heavy user in-process, on a benchmark database already built.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bidbook_perf_bench \\
        .venv/bin/python -m bench.profile_page / [--explain] [--cprofile 25] [--requests 10]

Prints the page's p50, then every query of one request with its time (slowest first) and, with
`--explain`, PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS)` of the slowest ones; `--cprofile N`
prints the N costliest functions of one request. The caches are cleared before the profiled
request so it is the uncached page; `--warm` keeps them (the page as a reload sees it).
What `make bench` reports is the figure; this says where its time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from typing import Any

from bench.__main__ import configure


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_page")
    parser.add_argument("url", help="the page's path, e.g. / or /applications/")
    parser.add_argument("--user", default="heavy", help="whose page (default: heavy)")
    parser.add_argument("--requests", type=int, default=10, help="timed requests for the p50")
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN the N slowest queries")
    parser.add_argument("--cprofile", type=int, default=0, help="show the N costliest functions")
    parser.add_argument("--warm", action="store_true", help="keep the caches between requests")
    return parser.parse_args(argv)


def _get(client: Any, url: str, warm: bool) -> float:
    from django.core.cache import cache

    if not warm:
        cache.clear()
    started = time.perf_counter()
    response = client.get(url, secure=True)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"HTTP {response.status_code} for {url}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    if not url or "_bench" not in url:
        raise SystemExit("set DATABASE_URL to a benchmark database (its name ends in _bench...)")
    configure(url)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench import measure

    with measure.production_like():
        client = measure.client_for(User.objects.get(username=args.user))
        for _ in range(2):
            _get(client, args.url, args.warm)
        times = [_get(client, args.url, args.warm) for _ in range(args.requests)]
        print(f"{args.url}: p50 {statistics.median(times):.1f} ms over {args.requests}")

        with CaptureQueriesContext(connection) as ctx:
            _get(client, args.url, args.warm)
        queries = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
        total = sum(float(q["time"]) for q in queries) * 1000
        print(f"{len(queries)} queries, {total:.1f} ms in the database:")
        for q in queries:
            print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:160]}")
        if args.explain and connection.vendor == "postgresql":
            for q in queries[: args.explain]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                print(f"\n-- {q['sql'][:300]}\n{plan}")

        if args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            _get(client, args.url, args.warm)
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.cprofile)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
