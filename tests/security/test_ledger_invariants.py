"""The ledger stays right whatever order things happen in: a Hypothesis state machine.

Random sequences of everything that moves connects (proposals with boosts, outcomes set and
flipped back and forth, boosts returned, purchases, grants, corrections, Connects History
imports of generated pages, expiry runs with a clock that only moves forward) are run through
the real services. After every step:

- the balance is the sum of the entries, and the running balance of the newest entry agrees;
- spent = refunded + lost + won + pending (FateTotals);
- no application got back more than it paid, nor less than nothing, nor more boost than charged;
- no entry seen before was changed or deleted (append-only);
- an expiry run leaves nothing due.

Concurrency (two threads refunding, importing or granting at once) is covered on PostgreSQL by
tests/ledger/test_concurrency.py and tests/live/.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q, Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.models import User
from ledger.expiry import expire_due_connects, expiry_due
from ledger.importers.history_import import history_import
from ledger.models import Application, ConnectsEntry, EntryKind
from ledger.policy import Outcome
from ledger.selectors import (
    application_fate_totals,
    application_money,
    balance_of,
    entries_with_running_balance,
)
from ledger.services import (
    CorrectionError,
    application_correct,
    application_remove_duplicate,
    application_return_boost,
    application_set_outcome,
    application_submit,
    connects_adjust,
    connects_grant,
    connects_purchase,
)

pytestmark = pytest.mark.django_db

START = date(2025, 1, 6)
# Submissions must not be in the future: the machine's clock stays in the past.
LAST_DAY = date(2026, 10, 31)
OUTCOMES = ["", *Outcome.values]
FREELANCER = "Sam Freelancer"

EntryRow = tuple[object, ...]


def _entry_rows(owner: User) -> dict[int, EntryRow]:
    return {
        row[0]: row
        for row in ConnectsEntry.objects.filter(owner=owner).values_list(
            "pk",
            "kind",
            "connects",
            "occurred_on",
            "application_id",
            "note",
            "usd_paid",
            "upwork_action",
            "idempotency_key",
            "import_batch_id",
        )
    }


def _day(when: date) -> str:
    return f"{when:%B} {when.day}, {when.year}"


def _spoken(connects: int) -> str:
    verb = "Spent" if connects < 0 else "Added"
    return f"{verb} {abs(connects)} Connect{'' if abs(connects) == 1 else 's'}"


def history_page(rows: list[tuple[date, str, str | None, int]], balance: int) -> str:
    """A Connects History page as Chrome copies it (see tests/fixtures/history), newest first."""
    lines = [
        "Connects History",
        "My balance",
        f"{balance} Connects",
        "Date\tAction\tFreelancer\tConnects",
    ]
    for when, action, title, connects in sorted(rows, key=lambda r: r[0], reverse=True):
        if title:
            lines += [f"{_day(when)}\t{action}", f"{title}\t{FREELANCER}", f"—\t{connects:+d}"]
        else:
            lines += [f"{_day(when)}\t{action}\t—\t{connects:+d}"]
        lines.append(_spoken(connects))
    return "\n".join(lines) + "\n"


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Each example runs in a savepoint rolled back by teardown: a clean ledger every time.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.owner = User.objects.create(username="machine")
        self.today = START
        self.expiry_today = START
        self.jobs = 0
        self.seen: dict[int, EntryRow] = {}
        self.steps = 0

    def teardown(self) -> None:
        LedgerMachine.entries_by_kind.update(
            ConnectsEntry.objects.filter(owner=self.owner).values_list("kind", flat=True)
        )
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        LedgerMachine.total_steps += self.steps

    # Figures over a whole run, to see that every kind of movement was exercised.
    total_steps = 0
    entries_by_kind: Counter[str] = Counter()

    # -- helpers ---------------------------------------------------------------------------
    def _applications(self) -> list[Application]:
        return list(Application.objects.filter(owner=self.owner).order_by("pk"))

    def has_applications(self) -> bool:
        return Application.objects.filter(owner=self.owner).exists()

    def _title(self, prefix: str = "Job") -> str:
        self.jobs += 1
        return f"{prefix} {self.jobs} for the machine"

    # -- rules -----------------------------------------------------------------------------
    @rule(days=st.integers(0, 45))
    def advance_the_clock(self, days: int) -> None:
        self.today = min(self.today + timedelta(days=days), LAST_DAY)

    @rule(connects=st.integers(0, 40), boost=st.integers(0, 60))
    def submit(self, connects: int, boost: int) -> None:
        self.steps += 1
        application_submit(
            owner=self.owner,
            job_title=self._title(),
            submitted_on=self.today,
            connects_paid=connects,
            boost_connects=boost,
        )

    @precondition(has_applications)
    @rule(data=st.data(), outcome=st.sampled_from(OUTCOMES), times=st.integers(1, 3))
    def set_outcome(self, data: st.DataObject, outcome: str, times: int) -> None:
        # Repeating the same outcome must write nothing more; flip-flops come from the sequence.
        app = data.draw(st.sampled_from(self._applications()), label="application")
        for _ in range(times):
            self.steps += 1
            application_set_outcome(application=app, outcome=outcome, outcome_on=self.today)

    @precondition(has_applications)
    @rule(data=st.data(), connects=st.one_of(st.none(), st.integers(1, 80)))
    def return_boost(self, data: st.DataObject, connects: int | None) -> None:
        self.steps += 1
        app = data.draw(st.sampled_from(self._applications()), label="application")
        application_return_boost(application=app, connects=connects, occurred_on=self.today)

    @precondition(has_applications)
    @rule(
        data=st.data(),
        connects=st.one_of(st.none(), st.integers(0, 40)),
        boost=st.one_of(st.none(), st.integers(0, 60)),
        days_back=st.one_of(st.none(), st.integers(0, 60)),
        times=st.integers(1, 2),
    )
    def correct(
        self,
        data: st.DataObject,
        connects: int | None,
        boost: int | None,
        days_back: int | None,
        times: int,
    ) -> None:
        # Story 6: a mistyped figure or date, corrected by entries; twice writes nothing more.
        app = data.draw(st.sampled_from(self._applications()), label="application")
        values: dict[str, object] = {}
        if connects is not None:
            values["connects_paid"] = connects
        if boost is not None:
            values["boost_connects"] = boost
        if days_back is not None:
            values["submitted_on"] = max(START, self.today - timedelta(days=days_back))
        for attempt in range(times):
            self.steps += 1
            before = ConnectsEntry.objects.filter(owner=self.owner).count()
            try:
                application_correct(application=app, **values)
            except CorrectionError as exc:
                assert exc.field == "submitted_on", exc  # after its outcome: refused
                return
            if attempt:
                assert ConnectsEntry.objects.filter(owner=self.owner).count() == before

    @precondition(has_applications)
    @rule(data=st.data())
    def remove_duplicate(self, data: st.DataObject) -> None:
        self.steps += 1
        app = data.draw(st.sampled_from(self._applications()), label="application")
        application_remove_duplicate(application=app)
        entries = ConnectsEntry.objects.filter(application_id=app.pk)
        assert sum(entries.values_list("connects", flat=True)) == 0

    @rule(connects=st.integers(1, 100))
    def purchase(self, connects: int) -> None:
        self.steps += 1
        connects_purchase(
            owner=self.owner,
            connects=connects,
            usd_paid=Decimal(connects) * Decimal("0.15"),
            occurred_on=self.today,
        )

    @rule(connects=st.integers(1, 100), monthly=st.booleans())
    def grant(self, connects: int, monthly: bool) -> None:
        self.steps += 1
        connects_grant(owner=self.owner, connects=connects, occurred_on=self.today, monthly=monthly)

    @rule(connects=st.integers(-50, 50).filter(bool))
    def adjust(self, connects: int) -> None:
        self.steps += 1
        connects_adjust(owner=self.owner, connects=connects, note="fix", occurred_on=self.today)

    @rule(data=st.data())
    def import_history(self, data: st.DataObject) -> None:
        """A page Upwork could show: rows of known applications (as Upwork charged them, which
        may differ from what was logged), their refunds and returned boosts, and other rows."""
        self.steps += 1
        rows: list[tuple[date, str, str | None, int]] = []
        known = self._applications()
        chosen = (
            data.draw(st.lists(st.sampled_from(known), unique=True), label="apps") if known else []
        )
        for app in chosen:
            charged = data.draw(
                st.one_of(st.just(app.connects_paid), st.integers(1, 40)), label="charged"
            )
            if charged:
                rows.append((app.submitted_on, "Applied to job", app.job_title, -charged))
            if app.boost_connects and data.draw(st.booleans(), label="boost row"):
                rows.append(
                    (
                        app.submitted_on,
                        "Connects bid for boosted proposal.",
                        app.job_title,
                        -app.boost_connects,
                    )
                )
            later = app.submitted_on + timedelta(days=data.draw(st.integers(0, 20), label="d"))
            later = min(later, self.today)
            if charged and data.draw(st.booleans(), label="cancelled"):
                back = data.draw(st.integers(1, charged), label="refund")
                rows.append((later, "Job cancelled", app.job_title, back))
            if app.boost_connects and data.draw(st.booleans(), label="boost back"):
                back = data.draw(st.integers(1, app.boost_connects), label="boost back")
                rows.append(
                    (
                        later,
                        "You bid to boost a proposal, but the job was closed",
                        app.job_title,
                        back,
                    )
                )
        others = st.one_of(
            st.tuples(st.just("Availability Badge"), st.none(), st.sampled_from([-1, -2])),
            st.tuples(st.just("Monthly Connects renewal"), st.none(), st.just(100)),
            st.tuples(st.just("Added extra Connects"), st.none(), st.integers(10, 80)),
            st.tuples(
                st.just("Something Upwork added"),
                st.none(),
                st.integers(-20, 20).filter(bool),
            ),
            st.tuples(
                st.just("Applied to job"),
                st.builds(lambda: self._title("Unlogged")),
                st.integers(-26, -1),
            ),
        )
        for action, title, connects in data.draw(st.lists(others, max_size=5), label="others"):
            back = data.draw(st.integers(0, 30), label="days back")
            rows.append((self.today - timedelta(days=back), action, title, connects))
        if not rows:
            return
        now = datetime.combine(self.today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
        history_import(
            owner=self.owner, text=history_page(rows, balance_of(self.owner)), saved_at=now
        )

    @rule(days=st.integers(0, 400))
    def expire(self, days: int) -> None:
        self.steps += 1
        self.expiry_today = max(self.expiry_today, self.today) + timedelta(days=days)
        expire_due_connects(owner=self.owner, today=self.expiry_today)
        assert expiry_due(self.owner, self.expiry_today) == [], "an expiry run left some due"
        # A second run (a retried task) writes nothing.
        assert expire_due_connects(owner=self.owner, today=self.expiry_today) == []

    # -- invariants ------------------------------------------------------------------------
    @invariant()
    def balance_is_the_sum_of_the_entries(self) -> None:
        rows = _entry_rows(self.owner)
        total = sum(int(row[2]) for row in rows.values())  # type: ignore[call-overload]
        assert balance_of(self.owner) == total
        newest = entries_with_running_balance(self.owner).first()
        assert (newest.running_balance if newest else 0) == total  # type: ignore[attr-defined]

    @invariant()
    def spent_is_refunded_lost_won_and_pending(self) -> None:
        t = application_fate_totals(self.owner)
        assert t.spent == t.refunded + t.lost + t.won + t.pending, t

    @invariant()
    def no_application_gets_back_more_than_it_paid(self) -> None:
        per_app = (
            ConnectsEntry.objects.filter(owner=self.owner, application__isnull=False)
            .values("application_id")
            .annotate(
                proposal=Sum("connects", filter=Q(kind=EntryKind.PROPOSAL)),
                boost=Sum("connects", filter=Q(kind=EntryKind.BOOST)),
                boost_back=Sum("connects", filter=Q(kind=EntryKind.BOOST_RETURNED)),
                refunded=Sum("connects", filter=Q(kind=EntryKind.REFUND)),
            )
        )
        for row in per_app:
            charged = -((row["proposal"] or 0) + (row["boost"] or 0))
            boost_back = row["boost_back"] or 0
            paid = charged - boost_back
            refunded = row["refunded"] or 0
            assert 0 <= boost_back <= -(row["boost"] or 0), row
            assert paid >= 0, row
            assert 0 <= refunded <= paid, row

    @invariant()
    def every_figure_is_what_its_entries_say(self) -> None:
        for app in Application.all_objects.filter(owner=self.owner):
            sums = dict(
                ConnectsEntry.objects.filter(application=app)
                .values_list("kind")
                .annotate(total=Sum("connects"))
                .order_by()
            )
            assert app.connects_paid == -(sums.get(EntryKind.PROPOSAL) or 0), app
            assert app.boost_connects == -(sums.get(EntryKind.BOOST) or 0), app

    @invariant()
    def no_entry_is_ever_changed_or_deleted(self) -> None:
        now = _entry_rows(self.owner)
        gone = self.seen.keys() - now.keys()
        assert not gone, f"entries deleted: {sorted(gone)}"
        changed = {pk: (row, now[pk]) for pk, row in self.seen.items() if now[pk] != row}
        assert not changed, f"entries changed: {changed}"
        self.seen = now


def test_the_ledger_invariants_hold_after_every_step_of_any_sequence() -> None:
    LedgerMachine.total_steps = 0
    LedgerMachine.entries_by_kind = Counter()
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    kinds = LedgerMachine.entries_by_kind
    print(f"\nledger state machine: {LedgerMachine.total_steps} service calls, entries {kinds}")
    assert LedgerMachine.total_steps > 200
    # Every kind of movement the machine can cause was written at least once.
    assert set(kinds) >= {
        EntryKind.PROPOSAL,
        EntryKind.BOOST,
        EntryKind.BOOST_RETURNED,
        EntryKind.REFUND,
        EntryKind.PURCHASE,
        EntryKind.MONTHLY_GRANT,
        EntryKind.ADJUSTMENT,
        EntryKind.AVAILABILITY_BADGE,
        EntryKind.EXPIRY,
    }, kinds


def test_a_boost_returned_after_a_refund_is_not_returned_twice(alice: User) -> None:
    app = application_submit(
        owner=alice,
        job_title="Boosted",
        submitted_on=date(2026, 1, 5),
        connects_paid=16,
        boost_connects=40,
    )
    application_set_outcome(application=app, outcome="client_cancelled")
    application_return_boost(application=app)
    money = application_money(app)
    assert (money.paid, money.refunded) == (56, 56)
    assert balance_of(alice) == 0
