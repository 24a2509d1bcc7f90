"""A failure half-way through any write leaves the database exactly as it was.

Every write that touches more than one row is run once to count its statements (INSERT, UPDATE,
DELETE on our tables), then once per statement with that statement made to fail (a simulated
crash: the process dies, the connection drops, a constraint trips). After each crash every row
of every model of ours is compared with before: nothing half-written may remain. Last, the same
write is run without a crash and must succeed, so the crashes were in the right place.

Services are tested directly; the pages that do several writes are tested through the test
client, where ATOMIC_REQUESTS makes the request one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from ledger import services
from ledger.expiry import expire_due_connects
from ledger.importers.applications_import import (
    applications_csv_batch_import,
    applications_csv_import,
    applications_csv_upload,
)
from ledger.importers.history_import import history_import
from ledger.importers.tasks import import_history_task
from ledger.models import Application, ConnectsEntry, EntryKind, ImportBatch
from ledger.selectors import balance_of
from vetting.facts import JobFacts
from vetting.models import Vetting
from vetting.services import vetting_create, vetting_rescore

# Real transactions (no test-wide transaction around them): a write that is not atomic commits
# at once, as in production, and a crash after it leaves it behind for the test to see.
pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 1, 12, 12, 0, tzinfo=UTC)
OUR_APPS = ("accounts", "vetting", "ledger", "dashboards", "workspace")
# COPY ... FROM STDIN: the writer's bulk path on PostgreSQL (ledger/writer_bulk.py).
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|COPY)\b", re.IGNORECASE)


class Crash(Exception):
    """The simulated failure: nothing in the code under test expects or catches it."""


def _our_tables() -> tuple[str, ...]:
    return tuple(
        m._meta.db_table.lower() for m in apps.get_models() if m._meta.app_label in OUR_APPS
    )


@dataclass
class WriteCounter:
    fail_at: int | None = None  # the write to fail, counting from 1; None counts only
    writes: int = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
    ) -> Any:
        if _WRITE.match(sql) and any(t in sql.lower() for t in _our_tables()):
            self.writes += 1
            if self.writes == self.fail_at:
                raise Crash(f"write {self.writes} fails: {sql[:120]}")
        return execute(sql, params, many, ctx)


@contextmanager
def writes_failing_at(n: int | None) -> Iterator[WriteCounter]:
    counter = WriteCounter(fail_at=n)
    with connection.execute_wrapper(counter):
        yield counter


def database_state() -> dict[tuple[str, object], dict[str, object]]:
    """Every row of every model of ours, every column."""
    rows: dict[tuple[str, object], dict[str, object]] = {}
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for obj in model._default_manager.all():
            rows[(model._meta.label, obj.pk)] = {
                f.attname: f.value_from_object(obj) for f in model._meta.concrete_fields
            }
    return rows


def _count_writes(write: Callable[[], object]) -> int:
    with transaction.atomic():
        with writes_failing_at(None) as counter:
            write()
        transaction.set_rollback(True)
    return counter.writes


def assert_all_or_nothing(write: Callable[[], object], owner: User) -> int:
    """Crash `write` at each of its writes in turn; the database must not change. Returns the
    number of writes."""
    total = _count_writes(write)
    assert total >= 1, "the write wrote nothing: the test is pointless"
    before, balance = database_state(), balance_of(owner)
    for n in range(1, total + 1):
        with pytest.raises(Crash), writes_failing_at(n):
            write()
        after = database_state()
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        assert not changed, f"crash at write {n} of {total} left {sorted(changed, key=str)}"
        assert balance_of(owner) == balance
    write()  # and without a crash it goes through
    assert database_state() != before
    return total


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------
def _read(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


def _facts(**changes: Any) -> JobFacts:
    base = {
        "title": "Booking site in Django",
        "job_url": "https://www.upwork.com/jobs/~01abcdef12345678",
        "connects_required": 16,
        "client_country": "Canada",
        "client_hire_rate": 80,
        "client_jobs_posted": 10,
        "payment_verified": True,
    }
    return JobFacts(**{**base, **changes})


def _app(owner: User, *, boost: int = 40) -> Application:
    return services.application_submit(
        owner=owner,
        job_title="API integration",
        submitted_on=date(2026, 1, 5),
        connects_paid=16,
        boost_connects=boost,
    )


Setup = Callable[[User], Callable[[], object]]


def _submit(owner: User) -> Callable[[], object]:
    return lambda: _app(owner)


def _refund(owner: User) -> Callable[[], object]:
    app = _app(owner)
    services.application_return_boost(application=app, connects=10)
    return lambda: services.application_set_outcome(
        application=Application.objects.get(pk=app.pk), outcome="client_cancelled"
    )


def _reverse_refund(owner: User) -> Callable[[], object]:
    app = _app(owner)
    services.application_set_outcome(application=app, outcome="removed_by_upwork")
    return lambda: services.application_set_outcome(
        application=Application.objects.get(pk=app.pk),
        outcome="hired",
        contract_value_usd=Decimal(900),
    )


def _history(owner: User) -> Callable[[], object]:
    text = _read("history/connects_history_sample.txt")
    return lambda: history_import(owner=owner, text=text, saved_at=NOW)


def _history_over_a_ledger(owner: User) -> Callable[[], object]:
    # Applications logged by hand (one at the wrong cost) and a refund already recorded: the
    # import corrects, confirms and closes as well as adds.
    services.application_submit(
        owner=owner,
        job_title="Android App for Dental Appointments",
        submitted_on=date(2026, 1, 12),
        connects_paid=8,
    )
    services.connects_grant(owner=owner, connects=100, occurred_on=date(2026, 1, 13), monthly=True)
    history_import(owner=owner, text=_read("history/connects_history_sample.txt"), saved_at=NOW)
    text = _read("history/connects_history_overlap.txt")
    return lambda: history_import(
        owner=owner, text=text, saved_at=datetime(2026, 1, 14, 12, tzinfo=UTC)
    )


def _csv_import(owner: User) -> Callable[[], object]:
    data = (FIXTURES / "csv" / "applications_mixed.csv").read_bytes()
    return lambda: applications_csv_import(owner=owner, data=data, today=date(2026, 2, 1))


def _csv_upload(owner: User) -> Callable[[], object]:
    # An earlier preview is dropped and the new one kept: two writes.
    data = (FIXTURES / "csv" / "applications_good.csv").read_bytes()
    applications_csv_upload(owner=owner, data=data, file_name="old.csv", today=date(2026, 2, 1))
    return lambda: applications_csv_upload(
        owner=owner, data=data, file_name="new.csv", today=date(2026, 2, 1)
    )


def _csv_confirm(owner: User) -> Callable[[], object]:
    data = (FIXTURES / "csv" / "applications_good.csv").read_bytes()
    batch, _ = applications_csv_upload(
        owner=owner, data=data, file_name="a.csv", today=date(2026, 2, 1)
    )
    assert batch is not None
    return lambda: applications_csv_batch_import(batch=batch)


def _vetting(owner: User) -> Callable[[], object]:
    return lambda: vetting_create(
        owner=owner, facts=_facts(), raw_text="paste", source="paste", now=NOW
    )


def _vetting_of_a_known_job(owner: User) -> Callable[[], object]:
    vetting_create(owner=owner, facts=_facts(), raw_text="first", source="paste", now=NOW)
    return lambda: vetting_create(
        owner=owner,
        facts=_facts(interviewing=3, title="Renamed"),
        raw_text="again",
        source="paste",
        now=NOW,
    )


def _rescore(owner: User) -> Callable[[], object]:
    first = vetting_create(owner=owner, facts=_facts(), raw_text="first", source="paste", now=NOW)
    return lambda: vetting_rescore(
        owner=owner, vetting=Vetting.objects.get(pk=first.pk), facts=_facts(hires=1)
    )


def _expiry(owner: User) -> Callable[[], object]:
    for day in (date(2024, 1, 5), date(2024, 2, 5), date(2024, 3, 5)):
        services.connects_purchase(
            owner=owner, connects=10, usd_paid=Decimal("1.5"), occurred_on=day
        )
    services.connects_adjust(owner=owner, connects=-5, note="spent", occurred_on=date(2024, 4, 1))
    return lambda: expire_due_connects(owner=owner, today=date(2026, 1, 1))


def _reclassify(owner: User) -> Callable[[], object]:
    entry = services.connects_adjust(
        owner=owner,
        connects=20,
        note="Refunded Connects for Connects Award",
        occurred_on=date(2026, 1, 10),
    )
    return lambda: services.entry_reclassify(entry=entry, kind=EntryKind.AWARD)


def _correct(owner: User) -> Callable[[], object]:
    app = _app(owner, boost=10)
    services.application_set_outcome(application=app, outcome="client_cancelled")
    return lambda: services.application_correct(
        application=Application.objects.get(pk=app.pk),
        connects_paid=12,
        boost_connects=4,
        submitted_on=date(2026, 1, 3),
    )


def _remove_duplicate(owner: User) -> Callable[[], object]:
    app = _app(owner, boost=10)
    return lambda: services.application_remove_duplicate(application=app)


SERVICES: dict[str, Setup] = {
    "application_submit": _submit,
    "application_set_outcome (refund)": _refund,
    "application_set_outcome (refund reversed)": _reverse_refund,
    "history_commit (new ledger)": _history,
    "history_commit (over a ledger)": _history_over_a_ledger,
    "applications_csv_import": _csv_import,
    "applications_csv_upload (replaces a preview)": _csv_upload,
    "applications_csv_batch_import": _csv_confirm,
    "vetting_create (new job)": _vetting,
    "vetting_create (known job)": _vetting_of_a_known_job,
    "vetting_rescore": _rescore,
    "expire_due_connects": _expiry,
    "entry_reclassify": _reclassify,
    "application_correct": _correct,
    "application_remove_duplicate": _remove_duplicate,
}


@pytest.mark.parametrize("name", list(SERVICES))
def test_a_crash_half_way_through_a_service_leaves_the_database_as_before(
    name: str, alice: User
) -> None:
    write = SERVICES[name](alice)
    writes = _count_writes(write)
    # Two writes at least, or no crash falls half-way and the test below proves nothing.
    assert writes >= 2, f"{name} writes {writes} row(s)"
    assert_all_or_nothing(write, alice)


def test_a_background_import_that_crashes_writes_nothing_and_says_it_failed(
    alice: User,
) -> None:
    batch = ImportBatch.objects.create(
        owner=alice,
        kind=ImportBatch.Kind.HISTORY,
        state=ImportBatch.State.QUEUED,
        payload=_read("history/connects_history_sample.txt"),
        parsed_at=NOW,
    )
    with transaction.atomic():
        with writes_failing_at(None) as counter:
            import_history_task.apply(args=(batch.pk,))
        transaction.set_rollback(True)
    entries, applications = ConnectsEntry.objects.count(), Application.objects.count()
    assert counter.writes >= 3
    for n in range(1, counter.writes + 1):
        ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.QUEUED, error="")
        with writes_failing_at(n) as run:
            result = import_history_task.apply(args=(batch.pk,), throw=False)
        if run.writes < n:
            # This run made fewer writes than the counting run (a row the counting run created
            # once, such as the settings row the import locks, already holds): nothing crashed,
            # so there is nothing left half-way to look for.
            assert not result.failed(), n
            break
        assert result.failed() and isinstance(result.result, Crash), n
        assert (ConnectsEntry.objects.count(), Application.objects.count()) == (
            entries,
            applications,
        ), n
        batch.refresh_from_db()
        if batch.state == ImportBatch.State.FAILED:
            assert "unexpected error" in batch.error
        assert batch.payload, "the text is kept so the import can be tried again"


# ---------------------------------------------------------------------------------------------
# Pages: one request, one transaction
# ---------------------------------------------------------------------------------------------
def test_every_request_is_one_transaction() -> None:
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


def _page_posts(owner: User) -> dict[str, tuple[str, dict[str, object]]]:
    app = _app(owner)
    vetting = vetting_create(owner=owner, facts=_facts(), raw_text="paste", source="paste", now=NOW)
    return {
        "log an application": (
            reverse("ledger:application_new"),
            {
                "job_title": "Landing page",
                "submitted_on": "2026-01-10",
                "connects_paid": "16",
                "boost_connects": "20",
                "vetting": str(vetting.pk),
            },
        ),
        "set an outcome": (
            reverse("ledger:application_outcome", args=[app.pk]),
            {"outcome": "client_cancelled", "outcome_on": "2026-01-20"},
        ),
        "correct an application": (
            reverse("ledger:application_edit", args=[app.pk]),
            {
                "connects_paid": "12",
                "boost_connects": "4",
                "job_title": "API integration",
                "job_url": "",
                "submitted_on": "2026-01-03",
            },
        ),
        "remove a duplicate": (reverse("ledger:application_remove", args=[app.pk]), {}),
        "settings with a starting balance": (
            reverse("ledger:settings"),
            {
                "price_per_connect": "0.15",
                "plan": "plus",
                "grant_day": "3",
                "reminder_days": "30",
                "starting_balance": "120",
            },
        ),
        "vet a job by hand": (
            reverse("vetting:vet_manual"),
            {"title": "Shopify fix", "connects_required": "12", "client_country": "Peru"},
        ),
        "rescore a vetting": (
            reverse("vetting:vetting_rescore", args=[vetting.pk]),
            {"title": "Booking site in Django", "connects_required": "18"},
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "log an application",
        "set an outcome",
        "correct an application",
        "remove a duplicate",
        "settings with a starting balance",
        "vet a job by hand",
        "rescore a vetting",
    ],
)
def test_a_crash_half_way_through_a_page_leaves_the_database_as_before(
    name: str, alice: User, alice_client: Client
) -> None:
    url, data = _page_posts(alice)[name]

    def post() -> object:
        response = alice_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    assert assert_all_or_nothing(post, alice) >= 2
