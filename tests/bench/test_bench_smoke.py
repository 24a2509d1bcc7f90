"""`make bench` at a tiny scale: the builder writes a consistent ledger and every measurement
runs and reports a positive figure (or says why it was skipped). Seconds, not minutes."""

from __future__ import annotations

import json
from datetime import date
from numbers import Number
from typing import Any

import pytest
from django.db.models import Sum

from accounts.models import User
from bench import build, measure
from ledger.models import Application, ConnectsEntry
from vetting.models import RuleResult, Vetting

pytestmark = pytest.mark.django_db

TINY = build.Plan(users=3, applications=60, heavy_applications=20)
FIGURES = (
    "vet_per_second",
    "dashboard_isolation_ratio",
    "history_import_rows_per_second",
    "report_vs_sql_ratio",
    "hostile_input_seconds",
    "csv_import_rows_per_second",
    "csv_preview_seconds",
)


@pytest.fixture
def built() -> build.BuildResult:
    return build.build(TINY, log=lambda message: None)


def _errors(value: Any) -> list[Any]:
    """Every "error" value anywhere in the result: a measurement that raised."""
    if isinstance(value, dict):
        found = [value["error"]] if "error" in value else []
        return found + [e for v in value.values() for e in _errors(v)]
    if isinstance(value, list):
        return [e for v in value for e in _errors(v)]
    return []


def _positive_or_skipped(value: Any) -> bool:
    if isinstance(value, dict):
        return isinstance(value.get("skipped"), str)
    return isinstance(value, Number) and value > 0  # type: ignore[operator]


def test_the_builder_writes_the_planned_rows(built: build.BuildResult) -> None:
    assert User.objects.count() == 3
    assert Application.objects.count() == 60
    assert Application.objects.filter(owner_id=built.heavy_user_id).count() == 20
    assert built.counts["applications"] == 60
    assert Vetting.objects.count() == built.counts["vettings"] > 0
    assert RuleResult.objects.count() == built.counts["rule_results"] > 0


def test_no_balance_goes_negative_and_entries_match_their_applications(
    built: build.BuildResult,
) -> None:
    for user in User.objects.all():
        assert (ConnectsEntry.objects.filter(owner=user).aggregate(t=Sum("connects"))["t"]) >= 0
    for app in Application.objects.all():
        kinds = dict(
            ConnectsEntry.objects.filter(application=app)
            .values_list("kind")
            .annotate(total=Sum("connects"))
        )
        assert kinds["proposal"] == -app.connects_paid
        assert kinds.get("boost", 0) == -app.boost_connects
        if app.outcome in ("client_cancelled", "removed_by_upwork"):
            assert sum(kinds.values()) == 0  # refunded in full
        else:
            assert "refund" not in kinds


def test_the_heavy_users_rows_do_not_depend_on_the_other_users() -> None:
    rules = build.Rules()
    alone = build.generate_user(0, 20, today=date(2026, 1, 15), seed=1, rules=rules, samples=5)
    again = build.generate_user(0, 20, today=date(2026, 1, 15), seed=1, rules=rules, samples=5)
    assert [e[:5] for e in alone.entries] == [e[:5] for e in again.entries]


def test_every_measurement_runs_and_reports_positive_figures(built: build.BuildResult) -> None:
    heavy = User.objects.get(pk=built.heavy_user_id)
    small = User.objects.get(pk=built.small_user_id)
    settings = measure.Settings(
        requests=3,
        warmup=1,
        vet_seconds=0.1,
        history_rows=120,
        history_matched=20,
        hostile_bytes=2000,
        csv_rows=300,
        preview_rows=300,
        preview_requests=1,
        stale_rows=200,
        load_seconds=0,  # no gunicorn against the test database; see the test below
    )
    with measure.production_like():
        result = measure.measure_all(
            heavy,
            small,
            today=built.today,
            settings=settings,
            solo_dashboard=lambda: measure.dashboard_p50_ms(
                heavy, today=built.today, requests=3, warmup=1
            ),
            full_dashboard=lambda: measure.dashboard_p50_ms(
                heavy, today=built.today, requests=3, warmup=1
            ),
            tenth_pages=lambda: {
                "pages": measure.measure_pages(
                    heavy, small, today=built.today, requests=3, warmup=1
                )
            },
        )
    json.dumps(result)  # it is printed as JSON
    assert _errors(result) == []
    for key in FIGURES:
        assert _positive_or_skipped(result[key]), (key, result[key])
    assert set(result["pages"]) == {"dashboard", "monthly_review", "applications", "ledger"}
    for name, page in result["pages"].items():
        if "skipped" in page:
            continue
        assert page["p50_ms"] > 0 and page["p95_ms"] >= page["p50_ms"], name
        assert page["queries"] > 0, name
    assert isinstance(result["misses"], list)
    isolation = result["isolation"]
    assert isolation["fresh_processes"] is True
    assert len(isolation["full_p50_ms"]) == 3 and all(isolation["full_p50_ms"])
    assert isolation["full_in_bench_process_p50_ms"] > 0
    assert result["csv_import"]["added"] == 300
    assert result["scaling"]["worst_page_ratio"] > 0
    assert set(result["scaling"]["pages"]) == set(result["pages"])
    assert result["http_load"] == {"skipped": "--load-seconds 0"}


def test_the_load_mix_runs_in_process(built: build.BuildResult) -> None:
    """The requests the load run sends answer as the mix expects (200s, a vet post's 302)."""
    from django.middleware.csrf import _get_new_csrf_string

    from bench import http_load

    heavy = User.objects.get(pk=built.heavy_user_id)
    with measure.production_like():
        requests = http_load.plan_requests(
            heavy, today=built.today, csrf=_get_new_csrf_string(), token=None
        )
        means = http_load.in_process_ms(heavy, requests, repeat=1)
    names = {"dashboard", "monthly_review", "applications", "ledger", "vet_post"}
    assert set(means) == names
    assert all(ms > 0 for ms in means.values())
