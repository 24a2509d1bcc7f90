"""The load run's users (locust): each picks the next request of the mix by its weight.

Started by bench.http_load, which puts the plan in the BENCH_HTTP_PLAN environment variable:
the requests with their weights, the session and CSRF cookies to send (the benchmark logs the
user in beforehand), and the time each user waits between requests. No Django in here: this
runs in locust's own process.

`FastHttpUser` (geventhttpclient, shipped with locust) rather than `HttpUser` (requests): it
spends several times less CPU a request, and locust shares the two cores with gunicorn, so
every millisecond it spends is one the server does not get.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

PLAN: dict[str, Any] = json.loads(os.environ.get("BENCH_HTTP_PLAN", '{"requests": []}'))
REQUESTS: list[dict[str, Any]] = PLAN["requests"]
WEIGHTS = [r["weight"] for r in REQUESTS]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# Form bodies encoded once, sent as they are.
BODIES = [urlencode(r["data"]) if r.get("data") else None for r in REQUESTS]
# One API token a user, handed out in turn: the rate limit is per token, as for real people.
TOKENS: list[str] = PLAN.get("api_tokens", [])
_NEXT_USER = itertools.count()


class BenchUser(FastHttpUser):
    wait_time = between(PLAN.get("wait_min", 0.0), PLAN.get("wait_max", 0.0))
    bearer: dict[str, str] = {}

    def on_start(self) -> None:
        if TOKENS:
            self.bearer = {"Authorization": f"Bearer {TOKENS[next(_NEXT_USER) % len(TOKENS)]}"}

    @task
    def next_request(self) -> None:
        if not REQUESTS:
            return
        index = random.choices(range(len(REQUESTS)), WEIGHTS)[0]
        request, body = REQUESTS[index], BODIES[index]
        headers = {**PLAN.get("headers", {}), **request.get("headers", {})}
        if "Authorization" in headers and self.bearer:
            headers |= self.bearer
        if body:
            headers |= FORM
        # A redirect is the answer (a vet post lands on its vetting): not followed, so each
        # sample is one request.
        with self.client.request(
            request["method"],
            request["url"],
            name=request["name"],
            data=body,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in request.get("ok", [200]):
                response.failure(f"HTTP {response.status_code}")
