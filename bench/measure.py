"""The measurements. Each is a small function returning a dict of figures, or
``{"skipped": "reason"}`` when the code it measures is not there yet.

Pages go through django.test.Client (the whole middleware stack, ATOMIC_REQUESTS, templates) with
DEBUG off, so no query log slows them down; queries are counted on one extra request under
CaptureQueriesContext. Times are server times in milliseconds (perf_counter around client.get).
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.build import BASE_DIR, progress

Result = dict[str, Any]

# "Every page p50 under 100 ms and p95 under 250 ms", and the rest of the targets.
TARGETS: dict[str, float] = {
    "page_p50_ms": 100,
    "page_p95_ms": 250,
    "dashboard_isolation_ratio": 1.3,
    "vet_per_second": 5000,
    "saved_page_1mb_seconds": 0.1,
    "history_import_rows_per_second": 5000,
    "report_vs_sql_ratio": 3,
    "whatif_seconds": 2,
    "hostile_input_seconds": 1.0,
    "csv_import_rows_per_second": 5000,
    "csv_preview_seconds": 2.0,
    "stale_stats_dashboard_p50_ms": 250,
    "http_p95_ms": 250,
    "http_ratio_to_cpu_limit": 0.8,
    "scaling_worst_page_ratio": 1.3,
}


def skipped(reason: str) -> Result:
    return {"skipped": reason}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary_ms(seconds: list[float]) -> Result:
    return {
        "p50_ms": round(statistics.median(seconds) * 1000, 2),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 2),
    }


@contextmanager
def production_like() -> Iterator[None]:
    """DEBUG is off as in production; only the static files storage is the plain one, because
    the manifest storage needs `collectstatic` first (a lookup in a dict either way)."""
    from django.test.utils import override_settings

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


def client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def time_get(client: Any, url: str, *, requests: int, warmup: int) -> Result:
    """p50/p95 of `requests` timed GETs after `warmup` untimed ones, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url, secure=True)
        if response.status_code != 200:
            return {"error": f"HTTP {response.status_code} for {url}"}
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url, secure=True)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, secure=True)
    return {"url": url, **summary_ms(times), "queries": len(ctx.captured_queries)}


def review_month(today: date) -> Any:
    """Last month: a whole month of data, the one a user reviews."""
    from dashboards.periods import Month

    return Month.of(today).shift(-1)


PAGES = ("dashboard", "monthly_review", "applications", "ledger")


def page_urls(today: date) -> dict[str, str | Result]:
    """The four pages of the issue, or why one cannot be measured yet."""
    from django.urls import NoReverseMatch, reverse

    def url(name: str, **kwargs: str) -> str | Result:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return skipped(f"no URL named {name!r} yet")

    try:
        reverse("home")
    except Exception as exc:  # the URLconf of a tree being written may not import yet
        reason = skipped(f"the URLconf does not load: {type(exc).__name__}: {exc}"[:300])
        return dict.fromkeys(PAGES, reason)

    try:
        month = str(review_month(today))
    except ImportError:
        review: str | Result = skipped("dashboards.periods is missing")
    else:
        review = url("dashboards:review", month=month)
    return {
        "dashboard": url("home"),
        "monthly_review": review,
        "applications": url("ledger:applications"),
        "ledger": url("ledger:entries"),
    }


def measure_pages(
    heavy: Any, small: Any, *, today: date, requests: int, warmup: int
) -> dict[str, Result]:
    """The heavy user's four pages; queries also for a median user, to show they are constant."""
    heavy_client, small_client = client_for(heavy), client_for(small)
    out: dict[str, Result] = {}
    for name, url in page_urls(today).items():
        if isinstance(url, dict):
            out[name] = url
            continue
        try:
            result = time_get(heavy_client, url, requests=requests, warmup=warmup)
            if "error" not in result:
                small_result = time_get(small_client, url, requests=1, warmup=1)
                result["queries_small_user"] = small_result.get("queries")
        except Exception as exc:  # a page still being written may raise: report, go on
            result = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        out[name] = result
        progress(f"page {name}: {_brief(result)}")
    return out


def _brief(result: Result) -> str:
    if "p50_ms" in result:
        return f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, {result['queries']} queries"
    return str(result)


def dashboard_p50_ms(user: Any, *, today: date, requests: int, warmup: int) -> Result:
    """The dashboard alone: what the isolation measurement compares across databases."""
    url = page_urls(today)["dashboard"]
    if isinstance(url, dict):
        return url
    try:
        return time_get(client_for(user), url, requests=requests, warmup=warmup)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


# ---------------------------------------------------------------------------------------------
# The monthly review against the bare SQL it needs
# ---------------------------------------------------------------------------------------------


def _captured(call: Callable[[], Any]) -> list[tuple[str, Any]]:
    """(sql, params) of every query `call` runs, as sent to the driver."""
    from django.db import connection

    seen: list[tuple[str, Any]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        call()
    return seen


def _time_sql(statements: list[tuple[str, Any]], *, requests: int, warmup: int) -> list[float]:
    """Run the statements through the DB-API cursor, fetching every row; seconds per round."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's own cursor: no Django in the loop
        for i in range(warmup + requests):
            started = time.perf_counter()
            for sql, params in statements:
                raw.execute(sql, params)
                raw.fetchall()
            if i >= warmup:
                times.append(time.perf_counter() - started)
    return times


def measure_review_vs_sql(
    user: Any, *, today: date, review_p50_ms: float | None, requests: int, warmup: int
) -> Result:
    """How much the framework adds to the SQL the monthly review needs.

    report_vs_sql_ratio: the review page's p50 over the p50 of every SELECT that page runs,
    replayed bare through the driver's cursor (the same statements and parameters; no ORM, no
    middleware, no template), the two timed in alternation. Also, for reference:
    - selector_vs_sql_ratio: dashboards.selectors.monthly_review alone (the report that
      `manage.py report` and the monthly e-mail use) over its own SQL replayed bare;
    - page_vs_fate_query_ratio: the page over its single main aggregate (the month's connects by
      fate). That one rises as the query gets faster, so it is not the target figure.

    The page is timed uncached (the cache is cleared, untimed, before each request): a reload
    of the review reads it from the cache (`dashboards.selectors.monthly_review_cached`) and
    runs only the queries that key it, which would make this a figure of the cache, not of
    what the framework adds to the SQL the review needs.
    """
    if not review_p50_ms:
        return skipped("the monthly review page was not measured")
    from django.core.cache import cache

    from dashboards import selectors

    month = review_month(today)
    url = page_urls(today)["monthly_review"]
    assert isinstance(url, str)
    client = client_for(user)

    def get_uncached() -> Any:
        cache.clear()
        return client.get(url, secure=True)

    page = _selects(_captured(get_uncached))
    report = _selects(_captured(lambda: selectors.monthly_review(user, month)))

    def timed(call: Callable[[], Any]) -> float:
        started = time.perf_counter()
        call()
        return time.perf_counter() - started

    # Interleaved rounds, so a machine getting busier or quieter moves both sides alike.
    rounds: dict[str, list[float]] = {"page": [], "page_sql": [], "report": [], "report_sql": []}
    for i in range(warmup + requests):
        cache.clear()
        sample = {
            "page": timed(lambda: client.get(url, secure=True)),
            "page_sql": _time_sql(page, requests=1, warmup=0)[0],
            "report": timed(lambda: selectors.monthly_review(user, month)),
            "report_sql": _time_sql(report, requests=1, warmup=0)[0],
        }
        if i >= warmup:
            for key, value in sample.items():
                rounds[key].append(value)
    p50 = {key: statistics.median(values) * 1000 for key, values in rounds.items()}
    page_p50, page_sql, report_p50, report_sql = (
        p50["page"],
        p50["page_sql"],
        p50["report"],
        p50["report_sql"],
    )

    out: Result = {
        "report_vs_sql_ratio": round(page_p50 / page_sql, 2),
        "review_page_p50_ms": round(page_p50, 2),
        "review_page_sql_p50_ms": round(page_sql, 2),
        "review_page_selects": len(page),
        "selector_vs_sql_ratio": round(report_p50 / report_sql, 2),
        "monthly_review_selector_p50_ms": round(report_p50, 2),
        "monthly_review_selector_sql_p50_ms": round(report_sql, 2),
    }
    fates = _main_fate_query(report)
    if fates:
        fate_sql = statistics.median(_time_sql(fates, requests=requests, warmup=warmup)) * 1000
        out["fate_query_sql_p50_ms"] = round(fate_sql, 2)
        out["page_vs_fate_query_ratio"] = round(page_p50 / fate_sql, 2)
    return out


def _selects(queries: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [(sql, params) for sql, params in queries if sql.lstrip().upper().startswith("SELECT")]


def _main_fate_query(queries: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The review's query for the month's connects by fate: spent, refunded, lost, won and
    pending in one row (no GROUP BY), as dashboards.selectors sends it."""
    return [
        (sql, params)
        for sql, params in queries
        if '"spent"' in sql and '"pending"' in sql and "GROUP BY" not in sql
    ][:1]


# ---------------------------------------------------------------------------------------------
# Vetting: pastes parsed and scored per second
# ---------------------------------------------------------------------------------------------


def job_page_text(size: int = 10_000) -> str | None:
    """A real job page's text, padded to ~10 KB with its own description lines."""
    candidates = sorted((BASE_DIR / "tests" / "fixtures" / "jobs").glob("*job_page*.txt"))
    for root in (BASE_DIR.parent / "shared", Path("/work/shared")):
        candidates.append(
            root / "samples" / "upwork" / "umarabdullah23" / "job_page_9313436.extracted.txt"
        )
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        return None
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    # The description is the run of long lines after "Summary"; repeat them before the budget.
    try:
        start = lines.index("Summary") + 1
    except ValueError:
        start = 0
    end = start
    while end < len(lines) and len(lines[end]) > 80:
        end += 1
    description = lines[start:end] or [max(lines, key=len)]
    extra: list[str] = []
    missing = size - len(text.encode("utf-8"))
    for line in description * 10:
        if missing <= 0:
            break
        extra.append(line)
        missing -= len(line.encode("utf-8")) + 1
    return "\n".join(lines[:end] + extra + lines[end:])


def saved_page_html(size: int = 1_000_000) -> str | None:
    """A real saved job page grown to ``size`` bytes with more of its own visible markup.

    The copies go after the page's own body, as "Similar jobs" do: the whole megabyte is parsed
    as HTML and walked, the job's facts come from the first copy.
    """
    path = BASE_DIR / "tests" / "fixtures" / "jobs" / "job_page_fixed_intermediate.html"
    if not path.exists():
        return None
    html = path.read_text(encoding="utf-8")
    start, end = html.find("<body"), html.rfind("</body>")
    if start < 0 or end < 0:
        return None
    body = html[html.find(">", start) + 1 : end]
    copies = max(0, (size - len(html.encode("utf-8"))) // max(len(body.encode("utf-8")), 1))
    grown = html[:end] + body * copies + html[end:]
    missing = size - len(grown.encode("utf-8"))
    return grown[:end] + "<p>" + "x" * max(missing - 7, 0) + "</p>" + grown[end:]


def measure_vet(*, seconds: float = 3.0) -> Result:
    try:
        from vetting.parsing import parse_job_text
        from vetting.scoring import score_job
    except ImportError as exc:
        return skipped(f"vetting.parsing or vetting.scoring is missing: {exc}")
    from django.utils import timezone

    text = job_page_text()
    if text is None:
        return skipped("no real job page text found (tests/fixtures/jobs or shared/samples)")
    now = timezone.now()
    facts = parse_job_text(text, now)
    verdict = score_job(facts, now=now)
    done = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(20):
            score_job(parse_job_text(text, now), now=now)
        done += 20
    result: Result = {
        "vet_per_second": round(done / elapsed),
        "page_bytes": len(text.encode("utf-8")),
        "facts_found": facts.known_count(),
        "verdict": verdict.verdict,
    }
    saved = saved_page_html()
    if saved is not None:
        # The slowest of a few runs would be noise; the best says what the parser costs.
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            big = parse_job_text(saved, now)
            timings.append(time.perf_counter() - started)
        result["saved_page_1mb_seconds"] = round(min(timings), 4)
        result["saved_page_1mb_facts_found"] = big.known_count()
    return result


# ---------------------------------------------------------------------------------------------
# Hostile input: a pasted or uploaded megabyte of anything is read in well under a second
# ---------------------------------------------------------------------------------------------
MEGABYTE = 1_000_000


def hostile_inputs(size: int = MEGABYTE) -> dict[str, str]:
    """Texts of about `size` characters built to make a careless regex or tokenizer go
    quadratic: floods of one character, of unclosed tags, comments, quotes and references."""
    return {
        "one letter": "a" * size,
        "newlines": "\n" * size,
        "less-than signs": "<" * size,
        "dollar signs": "$" * size,
        "digits": "9" * size,
        "short lines": "a\n" * (size // 2),
        "money lines": "$1\n" * (size // 3),
        "a flood of tags": "<div>" * (size // 5),
        "a flood of attributes": "<div><a " + "b " * (size // 2) + ">",
        "unclosed tags": "<div>" + "<a " * (size // 3),
        "unclosed comments": "<div>" + "<!-- >" * (size // 6),
        "unclosed quotes": "<div>" + '<a b=">x' * (size // 8),
        "ampersands": "<div>" + "&x" * (size // 2),
        "a huge character reference": "<div>&#" + "9" * size,
        "open comments": "<!--" * (size // 4),
        "open end tags": "</" * (size // 2),
        "spans to one >": "<div>" + "<span" * (size // 5) + ">",
        "open scripts": "<script>" * (size // 8),
        "amounts": "-1\n" * (size // 3),
        "dates": "Today\n" * (size // 6),
        "history rows": "Today\nApplied to job\nX\n-1\n" * (size // 25),
    }


def measure_hostile_input(*, size: int = MEGABYTE) -> Result:
    """CPU seconds of the slowest hostile text through the job parser and the history parser
    (the target is the slowest of both; the per-input figures say which one it was)."""
    from django.utils import timezone

    from ledger.importers.connects_history import parse_connects_history
    from vetting.parsing import parse_job_text

    now = timezone.now()
    seconds: dict[str, float] = {}
    for name, text in hostile_inputs(size).items():
        for parser, parse in (("job", parse_job_text), ("history", parse_connects_history)):
            started = time.process_time()
            parse(text, now)
            seconds[f"{parser}: {name}"] = round(time.process_time() - started, 3)
    slowest = max(seconds, key=seconds.__getitem__)
    return {
        "hostile_input_seconds": seconds[slowest],
        "slowest": slowest,
        "bytes": size,
        "seconds": seconds,
    }


# ---------------------------------------------------------------------------------------------
# Connects History import
# ---------------------------------------------------------------------------------------------

HISTORY_HEAD = """Connects History - Upwork
Skip to content
Connects History
My balance
{balance} Connects
Buy Connects
Connects type
All connects
Date
Last 7 days
Date
Action
Freelancer
Connects"""
HISTORY_FOOT = """Footer navigation
About Us
Feedback
Terms of Service
Privacy Policy
© 2015 - 2026 Upwork® Global LLC"""


def _history_date(day: date, today: date) -> str:
    return "Today" if day == today else f"{day:%B} {day.day}, {day.year}"


def history_page(
    rows: int, *, today: date, seed: int = 7
) -> tuple[str, list[tuple[str, date, int]]]:
    """A Connects History page of `rows` rows in Upwork's table layout, newest first, and the
    proposals on it: (title, date, connects). Spans one year, with the sample page's actions."""
    rng = random.Random(seed)
    start = today - timedelta(days=364)
    freelancer = "Sam Bench"
    items: list[tuple[date, str, str, int]] = []
    proposals: list[tuple[str, date, int]] = []
    boosted: list[tuple[str, date, int]] = []
    n = 0
    while len(items) < rows:
        day = start + timedelta(days=rng.randrange(365))
        r = rng.random()
        if r < 0.62 or not proposals:
            n += 1
            title = f"Bench job {n}: {rng.choice(JOB_TITLES)}"
            connects = rng.randint(8, 26)
            proposals.append((title, day, connects))
            items.append((day, "Applied to job", title, -connects))
            if rng.random() < 0.1:
                boost = rng.randint(5, 40)
                boosted.append((title, day, boost))
                items.append((day, "Connects bid for boosted proposal.", title, -boost))
        elif r < 0.70:
            title, on, connects = rng.choice(proposals)
            items.append((min(today, on + timedelta(days=5)), "Job cancelled", title, connects))
        elif r < 0.73 and boosted:
            title, on, boost = rng.choice(boosted)
            action = "You bid to boost a proposal, but the job was closed"
            items.append((min(today, on + timedelta(days=3)), action, title, boost))
        else:
            items.append((day, "Availability Badge", "", -rng.choice((1, 2))))
    items = items[: rows - 12]
    for month in range(12):  # the monthly renewal of a Freelancer Plus member
        on = (today - timedelta(days=30 * month + 5)).replace(day=1)
        items.append((on, "Monthly Connects renewal", "", 100))
    items.sort(key=lambda item: item[0], reverse=True)
    lines = [HISTORY_HEAD.format(balance=451)]
    for day, action, title, connects in items:
        verb = "Spent" if connects < 0 else "Added"
        amount = abs(connects)
        lines.append(_history_date(day, today))
        lines.append(action)
        if title:
            lines.extend((title, freelancer))
        lines.extend(
            ("—", f"{connects:+d}", f"{verb} {amount} Connect{'s' if amount != 1 else ''}")
        )
    lines.append(HISTORY_FOOT)
    return "\n".join(lines), proposals


# The titles a generated page's jobs take (bench.csv_import adds two of its own).
JOB_TITLES = (
    "Senior Full Stack Developer",
    "Android App for Dental Appointments",
    "React Native Mobile App Developer",
    "AI Integration Specialist for a Python Project",
    "n8n Workflow Developer for Risk Data Analysis",
    "Shopify store redesign",
)


def measure_history_import(*, rows: int = 5000, matched: int = 1000) -> Result:
    """Parse and write a 5,000-row page for a fresh user who already logged `matched` of its
    proposals by hand; rows per second end to end. Rolled back afterwards."""
    from django.db import transaction
    from django.utils import timezone

    try:
        from ledger.importers.connects_history import parse_connects_history
    except ImportError as exc:
        return skipped(f"ledger.importers.connects_history is missing: {exc}")
    from accounts.models import User
    from ledger.importers.history_import import history_commit
    from ledger.models import Application, LedgerSettings
    from ledger.writer import EntryRow, entries_append

    now = timezone.now()
    today = timezone.localdate(now)
    text, proposals = history_page(rows, today=today)
    out: Result = {"rows": rows, "page_bytes": len(text.encode("utf-8"))}
    with transaction.atomic():
        user = User.objects.create(username="bench-history-import", password="!")
        LedgerSettings.objects.create(user=user)
        logged = proposals[:: max(1, len(proposals) // matched)][:matched]
        apps = Application.objects.bulk_create(
            Application(
                owner=user,
                job_title=title,
                submitted_on=day,
                connects_paid=connects,
                source=Application.Source.MANUAL,
            )
            for title, day, connects in logged
        )
        entries_append(
            EntryRow(
                owner_id=user.pk,
                kind="proposal",
                connects=-app.connects_paid,
                occurred_on=app.submitted_on,
                application_id=app.pk,
            )
            for app in apps
        )
        out["matching_applications"] = len(apps)
        started = time.perf_counter()
        page = parse_connects_history(text, now)
        parsed = time.perf_counter() - started
        out["parsed_rows"] = len(page.rows)
        out["parse_rows_per_second"] = round(len(page.rows) / parsed)
        summary = history_commit(owner=user, page=page)
        elapsed = time.perf_counter() - started
        out["written"] = summary.get("written")
        out["new_applications"] = summary.get("new_applications")
        out["already"] = summary.get("already")
        out["history_import_rows_per_second"] = round(rows / elapsed)
        out["seconds"] = round(elapsed, 3)
        transaction.set_rollback(True)  # leave the benchmark database as it was
    return out


# ---------------------------------------------------------------------------------------------
# Verdicts against the targets
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """How hard to measure: the defaults are `make bench`'s; the smoke test turns them down."""

    requests: int = 30
    warmup: int = 3
    vet_seconds: float = 3.0
    history_rows: int = 5000
    history_matched: int = 1000
    hostile_bytes: int = MEGABYTE
    csv_rows: int = 20_000
    preview_rows: int = 100_000
    preview_requests: int = 3
    stale_rows: int = 20_000
    load_seconds: int = 60  # 0: no HTTP load run
    load_users: int = 20


# Solo blocks of the isolation figure, each between two full-database blocks.
ISOLATION_SOLO_BLOCKS = 2


def measure_all(
    heavy: Any,
    small: Any,
    *,
    today: date,
    settings: Settings,
    solo_dashboard: Callable[[], Result],
    full_dashboard: Callable[[], Result] | None = None,
    tenth_pages: Callable[[], Result] | None = None,
) -> Result:
    """Every figure of the issue. `solo_dashboard` measures the heavy user's dashboard in a
    database holding only that user's rows (`make bench` runs it in a second process), and
    `full_dashboard` the same dashboard on the full database, also in a fresh process."""
    result: Result = {}
    progress("measuring vetting speed")
    vet = guarded(lambda: measure_vet(seconds=settings.vet_seconds))
    result["vet_per_second"] = vet.get("vet_per_second", vet)
    result["vet"] = vet
    progress(f"vetting: {vet}")

    progress("measuring hostile input")
    hostile = guarded(lambda: measure_hostile_input(size=settings.hostile_bytes))
    result["hostile_input_seconds"] = hostile.get("hostile_input_seconds", hostile)
    result["hostile_input"] = hostile
    progress(
        f"hostile input: slowest {hostile.get('slowest')}, {hostile.get('hostile_input_seconds')} s"
    )

    progress("measuring pages")
    pages = guarded(
        lambda: measure_pages(
            heavy, small, today=today, requests=settings.requests, warmup=settings.warmup
        )
    )
    if "error" in pages:
        pages = dict.fromkeys(PAGES, pages)
    result["pages"] = pages

    progress("measuring the Connects History import")
    history = guarded(
        lambda: measure_history_import(rows=settings.history_rows, matched=settings.history_matched)
    )
    result["history_import_rows_per_second"] = history.get(
        "history_import_rows_per_second", history
    )
    result["history_import"] = history
    progress(f"history import: {history}")

    review_sql = guarded(
        lambda: measure_review_vs_sql(
            heavy,
            today=today,
            review_p50_ms=pages["monthly_review"].get("p50_ms"),
            requests=settings.requests,
            warmup=settings.warmup,
        )
    )
    result["report_vs_sql_ratio"] = review_sql.get("report_vs_sql_ratio", review_sql)
    result["report_vs_sql"] = review_sql
    progress(f"review vs SQL: {review_sql}")

    if pages["dashboard"].get("p50_ms") is None:
        result["dashboard_isolation_ratio"] = skipped("the dashboard was not measured")
    else:
        progress("measuring the heavy user's dashboard alone")

        # Alternated blocks, full / solo / full / solo / full, each timed just before the
        # next: the mean time of the full blocks and of the solo blocks is then the same
        # moment, so a machine getting steadily busier or quieter (other engineers' jobs on
        # the same 2 cores) moves both sides alike. One block each, minutes apart, read
        # 1.39 from a full-database dashboard both faster and slower than the solo one.
        # Both sides in a fresh process when the caller can start one: the long-lived bench
        # process has imported, parsed and served for minutes by then, and its dashboard got
        # slower block after block (69, 86, 98 ms) while the queries and plans stayed the same:
        # that is the process's own state, not the other users' rows the figure is about.
        def full() -> float | None:
            if full_dashboard is not None:
                found = guarded(full_dashboard)
            else:
                found = dashboard_p50_ms(
                    heavy, today=today, requests=settings.requests, warmup=settings.warmup
                )
            return found.get("p50_ms")

        in_process = dashboard_p50_ms(
            heavy, today=today, requests=settings.requests, warmup=settings.warmup
        ).get("p50_ms")

        fulls: list[float | None] = [full()]
        solos: list[Result] = []
        for _ in range(ISOLATION_SOLO_BLOCKS):
            solos.append(guarded(solo_dashboard))
            fulls.append(full())
        solo_p50s = [s.get("p50_ms") for s in solos]
        full_values = [f for f in fulls if f]
        solo_values = [v for v in solo_p50s if v]
        if solo_values and len(solo_values) == len(solos) and full_values:
            result["dashboard_isolation_ratio"] = round(
                statistics.mean(full_values) / statistics.mean(solo_values), 2
            )
        else:
            result["dashboard_isolation_ratio"] = skipped(f"the solo run failed: {solos}")
        result["isolation"] = {
            "full_p50_ms": fulls,
            "fresh_processes": full_dashboard is not None,
            "full_in_bench_process_p50_ms": in_process,
            "solo_p50_ms": solo_p50s,
            "solo": solos[-1] if solos else None,
        }
    progress("measuring the what-if")
    result["whatif"] = guarded(lambda: measure_whatif(heavy))
    progress(f"what-if: {result['whatif']}")

    result |= measure_growth_and_load(
        heavy, today=today, settings=settings, pages=pages, tenth_pages=tenth_pages
    )
    result["targets"] = TARGETS
    result["misses"] = misses(result)
    return result


def measure_whatif(heavy: Any, *, rounds: int = 3) -> Result:
    """`whatif.seconds`: the heavy user's whole history judged again under their thresholds, as
    the what-if page and `manage.py whatif` do (three queries, then the rules in Python); best
    of ``rounds``."""
    from dashboards.history import whatif_report
    from vetting.selectors import thresholds_for

    thresholds = thresholds_for(heavy)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        report = whatif_report(heavy, thresholds)
        times.append(time.perf_counter() - started)
    return {"seconds": round(min(times), 3), "applications": report.total, "vetted": report.vetted}


def measure_growth_and_load(
    heavy: Any,
    *,
    today: date,
    settings: Settings,
    pages: dict[str, Result],
    tenth_pages: Callable[[], Result] | None,
) -> Result:
    """The applications CSV (import, preview), the dashboard on stale statistics, the pages at
    a tenth of the data, and the HTTP load run (last: its vet posts add vettings)."""
    from bench import csv_import, http_load

    result: Result = {}
    progress("measuring the applications CSV import")
    imported = guarded(lambda: csv_import.measure_csv_import(rows=settings.csv_rows))
    result["csv_import_rows_per_second"] = imported.get("csv_import_rows_per_second", imported)
    result["csv_import"] = imported
    progress(f"csv import: {imported}")

    preview = guarded(
        lambda: csv_import.measure_csv_preview(
            rows=settings.preview_rows, requests=settings.preview_requests
        )
    )
    result["csv_preview_seconds"] = preview.get("seconds", preview)
    result["csv_preview"] = preview
    progress(f"csv preview: {preview}")
    # The same file for a user who already has applications on its days: the title matching.
    existing = guarded(
        lambda: csv_import.measure_csv_preview(
            rows=settings.preview_rows, requests=settings.preview_requests, owner=heavy
        )
    )
    result["csv_preview_existing"] = existing
    progress(f"csv preview, heavy user: {existing}")

    stale = guarded(lambda: csv_import.measure_stale_stats(rows=settings.stale_rows))
    result["stale_stats"] = stale

    # The imports above wrote and then removed some 60,000 applications and their entries:
    # dead rows, and pages the heavy user's rows share no longer marked all-visible, so its
    # index-only reads went back to the heap (1,964 heap fetches and 34 ms for the dashboard's
    # applications-state query against 0 and 13 ms; 127,000 dead rows that autovacuum had not
    # reached). A live database is vacuumed by autovacuum; the pages measured next (scaling,
    # HTTP) are measured in that state, as the first ones were after the build.
    from bench import build

    def vacuum() -> Result:
        started = time.perf_counter()
        build.analyze()
        return {"seconds": round(time.perf_counter() - started, 1)}

    result["vacuum_after_imports"] = guarded(vacuum)
    progress(f"VACUUM ANALYZE after the imports: {result['vacuum_after_imports']}")

    result["scaling"] = guarded(
        lambda: scaling(
            pages=pages,
            tenth=tenth_pages,
            again=lambda: measure_pages(
                heavy, heavy, today=today, requests=settings.requests, warmup=settings.warmup
            ),
        )
    )
    progress(f"scaling: {result['scaling']}")

    if settings.load_seconds > 0:
        # The saturated run needs half as long as the realistic one to settle (no waits).
        load = http_load.LoadSettings(
            users=settings.load_users,
            seconds=settings.load_seconds,
            saturated_seconds=max(1, settings.load_seconds // 2),
        )
        result["http_load"] = guarded(
            lambda: http_load.measure_http_load(heavy, today=today, settings=load)
        )
    else:
        result["http_load"] = skipped("--load-seconds 0")
    progress(f"http load: {result['http_load']}")
    return result


def scaling(
    *,
    pages: dict[str, Result],
    tenth: Callable[[], Result] | None,
    again: Callable[[], dict[str, Result]] | None = None,
) -> Result:
    """Every page's p50 here and in a database with a tenth of the other users' data (the
    heavy user's own rows the same), and the worst ratio of the two over the pages."""
    if tenth is None:
        return skipped("no tenth-size database to compare with")
    small = tenth()
    if "pages" not in small:
        return {"error": f"the tenth-size run failed: {small}"}
    # The pages here again right after the tenth-size run, as for the isolation figure: the
    # mean of before and after cancels a machine getting busier or quieter in between.
    after = again() if again else {}
    out: Result = {"pages": {}}
    ratios = []
    for name in PAGES:
        before_p50 = pages.get(name, {}).get("p50_ms")
        after_p50 = after.get(name, {}).get("p50_ms")
        full_p50 = (
            round((before_p50 + after_p50) / 2, 2) if before_p50 and after_p50 else before_p50
        )
        tenth_p50 = small["pages"].get(name, {}).get("p50_ms")
        if full_p50 and tenth_p50:
            ratio = round(full_p50 / tenth_p50, 2)
            ratios.append(ratio)
            out["pages"][name] = {
                "p50_ms_tenth": tenth_p50,
                "p50_ms_full": full_p50,
                "ratio": ratio,
            }
    out["worst_page_ratio"] = max(ratios) if ratios else None
    out["tenth_data"] = small.get("data")
    out["tenth_build_seconds"] = small.get("build_seconds")
    return out


def guarded(measurement: Callable[[], Result]) -> Result:
    """Run one measurement; an exception becomes its result instead of ending the run."""
    try:
        return measurement()
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"[:500]}


def misses(result: Result) -> list[str]:
    """Every target the figures miss, in words."""
    found: list[str] = []
    for name, page in result.get("pages", {}).items():
        if "p50_ms" not in page:
            found.append(f"{name}: not measured ({page.get('skipped') or page.get('error')})")
            continue
        if page["p50_ms"] >= TARGETS["page_p50_ms"]:
            found.append(f"{name}: p50 {page['p50_ms']} ms (target < {TARGETS['page_p50_ms']})")
        if page["p95_ms"] >= TARGETS["page_p95_ms"]:
            found.append(f"{name}: p95 {page['p95_ms']} ms (target < {TARGETS['page_p95_ms']})")
        if page.get("queries_small_user") not in (None, page["queries"]):
            found.append(
                f"{name}: {page['queries']} queries for the heavy user, "
                f"{page['queries_small_user']} for a median user (should be equal)"
            )
    for key in ("dashboard_isolation_ratio", "report_vs_sql_ratio", "hostile_input_seconds"):
        value = result.get(key)
        if not isinstance(value, int | float):
            found.append(f"{key}: not measured")
        elif value >= TARGETS[key]:
            found.append(f"{key}: {value} (target < {TARGETS[key]})")
    checks = (
        (
            "stale_stats_dashboard_p50_ms",
            result.get("stale_stats", {}).get("dashboard_p50_ms"),
            "<",
        ),
        ("csv_preview_seconds", result.get("csv_preview_seconds"), "<"),
        ("csv_preview_seconds", result.get("csv_preview_existing", {}).get("seconds"), "<"),
        # A whole saved job page (1 MB of HTML) parsed: measured beside vet_per_second.
        ("saved_page_1mb_seconds", result.get("vet", {}).get("saved_page_1mb_seconds"), "<"),
        ("http_p95_ms", result.get("http_load", {}).get("p95_ms"), "<"),
        ("http_ratio_to_cpu_limit", result.get("http_load", {}).get("ratio_to_cpu_limit"), ">="),
        ("scaling_worst_page_ratio", result.get("scaling", {}).get("worst_page_ratio"), "<"),
        ("csv_import_rows_per_second", result.get("csv_import_rows_per_second"), ">="),
    )
    for key, value, way in checks:
        if not isinstance(value, int | float):
            found.append(f"{key}: not measured")
        elif (value >= TARGETS[key]) if way == "<" else (value < TARGETS[key]):
            found.append(f"{key}: {value} (target {way} {TARGETS[key]})")
    errors = result.get("http_load", {}).get("errors")
    if errors:
        found.append(f"http_load: {errors} errors (target 0)")
    for key in ("vet_per_second", "history_import_rows_per_second"):
        value = result.get(key)
        if not isinstance(value, int | float):
            found.append(f"{key}: not measured")
        elif value < TARGETS[key]:
            found.append(f"{key}: {value} (target >= {TARGETS[key]:.0f})")
    whatif = result.get("whatif", {}).get("seconds")
    if not isinstance(whatif, int | float):
        found.append("whatif.seconds: not measured")
    elif whatif >= TARGETS["whatif_seconds"]:
        found.append(f"whatif.seconds: {whatif} (target < {TARGETS['whatif_seconds']})")
    return found


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
