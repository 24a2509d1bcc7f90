"""ledger.writer: compute the entries an application should have, compare, write the difference."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from accounts.models import User
from ledger import services, writer
from ledger.models import Application, ConnectsEntry
from ledger.selectors import balance_of

pytestmark = pytest.mark.django_db


def _entries(app: Application) -> list[tuple[str, int, date]]:
    return list(app.entries.order_by("id").values_list("kind", "connects", "occurred_on"))


class TestTheStateOfAnApplication:
    def test_syncing_an_application_twice_writes_nothing_the_second_time(self, alice: User) -> None:
        app = services.application_submit(
            owner=alice,
            job_title="A job",
            submitted_on=date(2026, 1, 5),
            connects_paid=16,
            boost_connects=4,
        )
        assert writer.application_sync(app, refund_on=date(2026, 1, 9)) == []
        assert _entries(app) == [
            ("proposal", -16, date(2026, 1, 5)),
            ("boost", -4, date(2026, 1, 5)),
        ]

    def test_a_refunding_outcome_refunds_what_was_paid_net_of_a_returned_boost(
        self, alice: User
    ) -> None:
        app = services.application_submit(
            owner=alice,
            job_title="A job",
            submitted_on=date(2026, 1, 5),
            connects_paid=16,
            boost_connects=4,
        )
        services.application_return_boost(application=app, occurred_on=date(2026, 1, 6))
        services.application_set_outcome(
            application=app, outcome="removed_by_upwork", outcome_on=date(2026, 1, 9)
        )
        assert _entries(app)[-1] == ("refund", 16, date(2026, 1, 9))
        assert balance_of(alice) == 0

    def test_many_applications_are_logged_with_their_entries_in_one_call(self, alice: User) -> None:
        apps = [
            Application(
                owner=alice,
                job_title=f"Job {n}",
                submitted_on=date(2026, 1, n),
                connects_paid=10 + n,
                outcome="client_cancelled" if n == 2 else "",
                outcome_on=date(2026, 1, 20) if n == 2 else None,
            )
            for n in (1, 2, 3)
        ]
        writer.applications_log(apps)
        assert [_entries(app) for app in apps] == [
            [("proposal", -11, date(2026, 1, 1))],
            [("proposal", -12, date(2026, 1, 2)), ("refund", 12, date(2026, 1, 20))],
            [("proposal", -13, date(2026, 1, 3))],
        ]
        refund = apps[1].entries.get(kind="refund")
        assert refund.note == "Refund: Client closed it without hiring"


class TestAppendedMovements:
    def test_a_key_already_used_or_repeated_in_the_same_call_is_written_once(
        self, alice: User
    ) -> None:
        services.connects_grant(
            owner=alice, connects=10, occurred_on=date(2026, 1, 1), monthly=True
        )
        grant = {"owner_id": alice.pk, "kind": "monthly_grant", "connects": 10}
        written = writer.entries_append(
            [
                writer.EntryRow(
                    **grant, occurred_on=date(2026, 1, 3), idempotency_key="grant:2026-01"
                ),
                writer.EntryRow(
                    **grant, occurred_on=date(2026, 2, 1), idempotency_key="grant:2026-02"
                ),
                writer.EntryRow(
                    **grant, occurred_on=date(2026, 2, 2), idempotency_key="grant:2026-02"
                ),
            ]
        )
        assert written == 1
        assert balance_of(alice) == 20

    def test_a_charge_appended_to_an_application_updates_its_figures(self, alice: User) -> None:
        app = services.application_submit(
            owner=alice, job_title="A job", submitted_on=date(2026, 1, 5), connects_paid=16
        )
        writer.entries_append(
            [
                writer.EntryRow(
                    owner_id=alice.pk,
                    kind="proposal",
                    connects=-2,
                    occurred_on=date(2026, 1, 5),
                    application_id=app.pk,
                ),
                writer.EntryRow(
                    owner_id=alice.pk,
                    kind="boost",
                    connects=-6,
                    occurred_on=date(2026, 1, 5),
                    application_id=app.pk,
                ),
            ]
        )
        app.refresh_from_db()
        assert (app.connects_paid, app.boost_connects) == (18, 6)
        assert writer.figures_refresh([app.pk]) == 0

    def test_an_outcome_upwork_implies_never_overrides_the_users(self, alice: User) -> None:
        hired = services.application_submit(
            owner=alice, job_title="Won", submitted_on=date(2026, 1, 5), connects_paid=16
        )
        services.application_set_outcome(
            application=hired, outcome="hired", outcome_on=date(2026, 1, 8)
        )
        pending = services.application_submit(
            owner=alice, job_title="Waiting", submitted_on=date(2026, 1, 5), connects_paid=16
        )
        changed = writer.outcomes_record(
            {
                hired.pk: ("client_cancelled", date(2026, 1, 9)),
                pending.pk: ("client_cancelled", date(2026, 1, 9)),
            }
        )
        assert changed == 1
        hired.refresh_from_db()
        pending.refresh_from_db()
        assert (hired.outcome, pending.outcome) == ("hired", "client_cancelled")
        assert ConnectsEntry.objects.filter(owner=alice, kind="refund").count() == 0

    def test_outcomes_of_many_days_are_recorded_in_one_update(
        self, alice: User, django_assert_num_queries: Any
    ) -> None:
        apps = [
            services.application_submit(
                owner=alice, job_title=f"Job {n}", submitted_on=date(2026, 1, 5), connects_paid=10
            )
            for n in range(3)
        ]
        outcomes = {
            apps[0].pk: ("client_cancelled", date(2026, 1, 9)),
            apps[1].pk: ("client_cancelled", date(2026, 1, 11)),
            apps[2].pk: ("removed_by_upwork", date(2026, 1, 12)),
        }
        with django_assert_num_queries(1):
            assert writer.outcomes_record(outcomes) == 3
        assert sorted(
            Application.objects.filter(owner=alice).values_list("outcome", "outcome_on")
        ) == [
            ("client_cancelled", date(2026, 1, 9)),
            ("client_cancelled", date(2026, 1, 11)),
            ("removed_by_upwork", date(2026, 1, 12)),
        ]


class TestRecordingAnOutcomeUpworkAlreadyPaidFor:
    def test_it_sets_the_outcome_and_moves_no_connects(self, alice: User) -> None:
        app = services.application_submit(
            owner=alice, job_title="A job", submitted_on=date(2026, 1, 5), connects_paid=16
        )
        services.application_record_outcome(
            application=app, outcome="client_cancelled", outcome_on=date(2026, 1, 9)
        )
        app.refresh_from_db()
        assert (app.outcome, app.outcome_on) == ("client_cancelled", date(2026, 1, 9))
        assert balance_of(alice) == -16
