"""Bidbook over HTTP under load: gunicorn with 2 workers on the benchmark database and locust's
20 users sending the mix of requests below (headless), in two runs on the same server:

- realistic: each user waits 1-5 s between requests (a freelancer clicking through quickly:
  reading a dashboard takes longer), for 60 s; its p50 and p95 are the latency a user sees;
- saturated: no wait, for 30 s; its requests per second are the capacity, and

    ratio_to_cpu_limit = requests_per_second / (workers x 1000 / mean in-process ms of the mix)

says how close that comes to what two workers could serve at the mix's server time.

One run cannot give both figures: with no wait, 20 users on 2 workers queue, each request
waits for the ~10 ahead of it, so p95 is about 10 x the mean server time by construction (a p95
under 250 ms at saturation would need a mean under 25 ms); with a wait, the workers idle part
of the time and the requests per second say how many users there are, not what the server can do.

The in-process mean is timed here, through django.test.Client, on the same requests in the same
proportions; 1.0 would mean HTTP, gunicorn and locust cost nothing on top. Locust runs on the
same machine and takes its share of the same cores, as a proxy in front of gunicorn would.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.build import BASE_DIR, progress

Result = dict[str, Any]

# (request, weight): a user mostly opens the dashboard and the applications, reviews a month
# now and then, vets a job every few pages; the API is the extension and scripts.
MIX: tuple[tuple[str, int], ...] = (
    ("dashboard", 4),
    ("applications", 3),
    ("ledger", 2),
    ("monthly_review", 2),
    ("vet_post", 2),
    ("api_balance", 1),
    ("api_applications", 1),
)


@dataclass(frozen=True)
class LoadSettings:
    users: int = 20
    seconds: int = 60  # the realistic run
    saturated_seconds: int = 30
    workers: int = 2
    # Seconds each user waits between requests in the realistic run (uniform between the two).
    wait_min: float = 1.0
    wait_max: float = 5.0
    # Timed in-process calls of each request: the ratio's denominator. Ten let one slow call
    # (a collector pass, a cold cache line) move the mix's mean by a quarter between two runs.
    in_process_requests: int = 30


def _api_tokens(user: Any, count: int) -> list[str]:
    """``count`` Bearer tokens from `manage.py create_api_token` (the token is its last line),
    or none where the API is not in this tree.

    One a simulated user: the API's rate limit (API_RATE_LIMIT a window) is per token, and 20
    people calling the API have 20 tokens. With one shared token the saturated run's API calls
    met the limit on a quiet machine and counted its 429s as the server's errors.
    """
    from django.apps import apps
    from django.core.management import call_command, get_commands

    if not apps.is_installed("api") or "create_api_token" not in get_commands():
        return []
    from api.models import ApiToken
    from api.services import api_token_revoke

    # An earlier run's tokens (--skip-build reuses the database) are revoked first, through the
    # service a user's own revoke goes through: a user keeps at most MAX_ACTIVE_TOKENS active.
    earlier = ApiToken.objects.filter(owner=user, name__startswith="bench", revoked_at__isnull=True)
    for old in earlier:
        api_token_revoke(owner=user, token=old)
    tokens = []
    for number in range(count):
        out = io.StringIO()
        name = f"bench load {number + 1}"
        call_command("create_api_token", user=user.get_username(), name=name, stdout=out)
        tokens.append(out.getvalue().strip().splitlines()[-1].strip())
    return tokens


def plan_requests(user: Any, *, today: date, csrf: str, token: str | None) -> list[Result]:
    """The mix's requests for `user`: method, URL, body, the answers that count as success."""
    from django.urls import reverse

    from bench.measure import job_page_text, page_urls

    requests: list[Result] = []
    weights = dict(MIX)
    for name, url in page_urls(today).items():
        if isinstance(url, str):
            requests.append({"name": name, "method": "GET", "url": url})
    page = job_page_text()
    if page is not None:
        requests.append(
            {
                "name": "vet_post",
                "method": "POST",
                "url": reverse("vetting:vet"),
                "data": {"text": page, "job_url": "", "csrfmiddlewaretoken": csrf},
                "ok": [302],  # to the new vetting
            }
        )
    if token:
        bearer = {"Authorization": f"Bearer {token}"}
        requests.append(
            {"name": "api_balance", "method": "GET", "url": "/api/v1/balance", "headers": bearer}
        )
        requests.append(
            {
                "name": "api_applications",
                "method": "GET",
                "url": "/api/v1/applications",
                "headers": bearer,
            }
        )
    for request in requests:
        request["weight"] = weights[request["name"]]
        request.setdefault("ok", [200])
    return requests


def _caller(client: Any, request: Result, headers: dict[str, str]) -> Callable[[], Any]:
    if request["method"] == "GET":
        return lambda: client.get(request["url"], secure=True, **headers)
    return lambda: client.post(request["url"], request["data"], secure=True, **headers)


def in_process_ms(user: Any, requests: list[Result], *, repeat: int) -> dict[str, float]:
    """Mean server time of each request through django.test.Client (2 untimed first)."""
    from bench.measure import client_for

    client = client_for(user)
    means: dict[str, float] = {}
    for request in requests:
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v for k, v in request.get("headers", {}).items()
        }
        call = _caller(client, request, headers)
        times = []
        for i in range(repeat + 2):
            started = time.perf_counter()
            response = call()
            if response.status_code not in request["ok"]:
                raise RuntimeError(f"{request['name']}: HTTP {response.status_code} in process")
            if i >= 2:
                times.append(time.perf_counter() - started)
        means[request["name"]] = statistics.fmean(times) * 1000
    return means


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s")


def _aggregated(stats_csv: Path) -> Result:
    with stats_csv.open(newline="") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "per_request": {
            name: {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
            }
            for name, row in rows.items()
            if name != "Aggregated"
        },
    }


def measure_http_load(user: Any, *, today: date, settings: LoadSettings) -> Result:
    """Start gunicorn, run locust headless against it, stop both; the figures of the issue."""
    # Looked up, not imported: importing locust monkey-patches this process for gevent.
    if importlib.util.find_spec("locust") is None:
        return {"skipped": "locust is not installed (pip install -e '.[test]')"}
    from django.conf import settings as django_settings
    from django.middleware.csrf import _get_new_csrf_string

    from bench.measure import client_for

    csrf = _get_new_csrf_string()
    tokens = _api_tokens(user, settings.users)
    token = tokens[0] if tokens else None
    requests = plan_requests(user, today=today, csrf=csrf, token=token)
    progress(f"http load: in-process times of {len(requests)} requests")
    means = in_process_ms(user, requests, repeat=settings.in_process_requests)
    total_weight = sum(r["weight"] for r in requests)
    mix_mean = sum(means[r["name"]] * r["weight"] for r in requests) / total_weight
    session = client_for(user).cookies[django_settings.SESSION_COOKIE_NAME].value

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "DJANGO_BEHIND_TLS_PROXY": "true",
        # Persistent connections, as README.md's production notes recommend: a new PostgreSQL
        # connection per request (the default, 0) is a fork and an authentication on the
        # server, several ms of the same two cores every request.
        "DATABASE_CONN_MAX_AGE": "600",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            # Sync workers (gunicorn's default, as README.md runs it): one request at a time,
            # no threads competing for the GIL. They answer with `Connection: close`
            # (keep-alive is for the async workers): locust reconnects, cheap on the loopback.
            "--worker-class=sync",
            f"--workers={settings.workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            # No --access-logfile: a line a request would be CPU taken from the workers.
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        _wait_ready(base, server)
        plan: Result = {
            "requests": requests,
            "api_tokens": tokens,
            "headers": {
                "Cookie": f"{django_settings.SESSION_COOKIE_NAME}={session}; "
                f"{django_settings.CSRF_COOKIE_NAME}={csrf}",
                "X-Forwarded-Proto": "https",
                "Origin": f"https://127.0.0.1:{port}",
                "Referer": f"https://127.0.0.1:{port}/",
            },
        }
        _warm_up(base, plan, clients=2 * settings.workers)
        realistic = _locust(
            plan | {"wait_min": settings.wait_min, "wait_max": settings.wait_max},
            base=base,
            users=settings.users,
            seconds=settings.seconds,
            # Users arrive over one longest wait, as they would, not all in the same instant
            # (20 first requests at once are a queue of ten a worker, 1 s for the last).
            spawn_rate=settings.users / max(settings.wait_max, 1.0),
        )
        saturated = _locust(
            plan | {"wait_min": 0.0, "wait_max": 0.0},
            base=base,
            users=settings.users,
            seconds=settings.saturated_seconds,
            spawn_rate=settings.users,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    for run in (realistic, saturated):
        if "error" in run:
            return run
    limit = settings.workers * 1000 / mix_mean
    saturated["ratio_to_cpu_limit"] = round(saturated["requests_per_second"] / limit, 2)
    realistic["wait_seconds"] = [settings.wait_min, settings.wait_max]
    saturated["wait_seconds"] = 0
    return {
        # The targets: latency from the realistic run, capacity from the saturated one.
        "requests_per_second": realistic["requests_per_second"],
        "p50_ms": realistic["p50_ms"],
        "p95_ms": realistic["p95_ms"],
        "errors": realistic["errors"] + saturated["errors"],
        "ratio_to_cpu_limit": saturated["ratio_to_cpu_limit"],
        "realistic": realistic,
        "saturated": saturated,
        "cpu_limit_requests_per_second": round(limit, 1),
        "mix_mean_in_process_ms": round(mix_mean, 2),
        "in_process_mean_ms": {name: round(ms, 2) for name, ms in means.items()},
        "mix": {r["name"]: r["weight"] for r in requests},
        "api": "included" if token else "skipped: no API (/api/v1/) in this tree",
        "users": settings.users,
        "seconds": [settings.seconds, settings.saturated_seconds],
        "workers": settings.workers,
    }


def _warm_up(base: str, plan: Result, *, clients: int, rounds: int = 3) -> None:
    """Send every request of the plan a few times from `clients` threads, untimed: a fresh
    worker imports, connects to the database and compiles templates on its first requests,
    and 20 users arriving at once would otherwise queue behind that (a p95 of 1.9 s in a 20 s
    trial whose p50 was 170 ms). A server in production has long been warm."""
    from concurrent.futures import ThreadPoolExecutor
    from contextlib import suppress
    from urllib.error import HTTPError
    from urllib.parse import urlencode

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None  # a vet post's 302 is its answer

    opener = urllib.request.build_opener(NoRedirect)

    def send(request: Result) -> None:
        body = urlencode(request["data"]).encode() if request.get("data") else None
        headers = {**plan["headers"], **request.get("headers", {})}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        call = urllib.request.Request(
            base + request["url"], data=body, headers=headers, method=request["method"]
        )
        # A 302 (a vet post's answer) raises here; so would an error the timed runs count.
        with suppress(HTTPError):
            opener.open(call, timeout=60).read()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(send, [r for _ in range(rounds * clients) for r in plan["requests"]]))


def _locust(plan: Result, *, base: str, users: int, seconds: int, spawn_rate: float) -> Result:
    """One headless locust run against `base`; its aggregated figures, or {"error": ...}."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "load"
        wait = f"{plan['wait_min']}-{plan['wait_max']} s wait"
        progress(f"http load: {users} users for {seconds} s on {base}, {wait}")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(BASE_DIR / "bench" / "locustfile.py"),
                "--headless",
                f"--users={users}",
                f"--spawn-rate={spawn_rate:g}",
                f"--run-time={seconds}s",
                f"--host={base}",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=WARNING",
            ],
            cwd=BASE_DIR,
            env={**os.environ, "BENCH_HTTP_PLAN": json.dumps(plan)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        stats = prefix.with_name("load_stats.csv")
        if not stats.exists():
            return {"error": f"locust wrote no statistics: {done.stderr[-500:]}"}
        return _aggregated(stats)
