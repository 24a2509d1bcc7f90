"""The load run's users (locust): each picks the next request of the mix by its weight.

Started by bench.http_load, which puts the plan in the BENCH_HTTP_PLAN environment variable:
the requests with their weights, the session and CSRF cookies to send (the benchmark logs the
user in beforehand), and the time each user waits between requests. No Django in here: this
runs in locust's own process.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(os.environ.get("BENCH_HTTP_PLAN", '{"requests": []}'))
REQUESTS: list[dict[str, Any]] = PLAN["requests"]
WEIGHTS = [r["weight"] for r in REQUESTS]


class BenchUser(HttpUser):
    wait_time = between(PLAN.get("wait_min", 0.0), PLAN.get("wait_max", 0.0))

    @task
    def next_request(self) -> None:
        if not REQUESTS:
            return
        request = random.choices(REQUESTS, WEIGHTS)[0]
        headers = {**PLAN.get("headers", {}), **request.get("headers", {})}
        # A redirect is the answer (a vet post lands on its vetting): not followed, so each
        # sample is one request.
        with self.client.request(
            request["method"],
            request["url"],
            name=request["name"],
            data=request.get("data"),
            json=request.get("json"),
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in request.get("ok", [200]):
                response.failure(f"HTTP {response.status_code}")
