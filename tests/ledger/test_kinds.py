"""ledger.kinds is the one table of entry kinds: every kind has a row, every use agrees with it."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import User
from ledger import writer
from ledger.expiry import expire_due_connects
from ledger.history_forms import ReclassifyForm
from ledger.import_progress import _kind_words
from ledger.importers import history_import
from ledger.importers.connects_history import ACTION_KINDS, kind_of
from ledger.kinds import (
    APPLICATION_KINDS,
    ISSUED_KINDS,
    KINDS,
    RECLASSIFIABLE_KINDS,
    EntryKind,
    Role,
    Sign,
    shown_by_upwork,
)
from ledger.models import ConnectsEntry
from ledger.selectors import application_money, balance_of
from ledger.services import LedgerError, application_submit, entry_write
from ledger.templatetags.ledger_tags import reclassify_choices

pytestmark = pytest.mark.django_db

WORDINGS = [(wording, kind) for kind, spec in KINDS.items() for wording in spec.wordings]


class TestTheTable:
    def test_every_kind_the_model_accepts_has_a_row_and_every_row_is_a_kind(self) -> None:
        field = ConnectsEntry._meta.get_field("kind")
        assert [code for code, _ in field.choices] == list(KINDS)  # type: ignore[union-attr]
        assert set(KINDS) == set(EntryKind)

    def test_every_spelling_of_every_action_reads_as_its_kind(self) -> None:
        for wording, kind in WORDINGS:
            assert kind_of(wording.capitalize() + ".") == kind, wording
        assert {w: str(k) for w, k in WORDINGS} == ACTION_KINDS

    def test_the_us_and_uk_spellings_of_a_cancelled_job_are_both_refunds(self) -> None:
        assert kind_of("Job canceled") == kind_of("Job cancelled") == EntryKind.REFUND

    def test_the_import_compares_every_application_kind_and_no_other(self) -> None:
        assert frozenset(APPLICATION_KINDS) == history_import.APPLICATION_KINDS
        assert set(APPLICATION_KINDS) == history_import.PAID_GROUP | history_import.RETURNED_GROUP
        assert {k for k in KINDS if KINDS[k].role is Role.NONE}.isdisjoint(APPLICATION_KINDS)

    def test_the_reclassify_form_offers_exactly_the_reclassifiable_kinds(self) -> None:
        offered = [code for code, _ in ReclassifyForm().fields["kind"].choices]  # type: ignore[attr-defined]
        assert offered == list(RECLASSIFIABLE_KINDS)
        # Only kinds Upwork shows moving connects the entry's way: a badge never adds any.
        assert [code for code, _ in reclassify_choices("adjustment", 5)] == [
            "purchase",
            "monthly_grant",
            "award",
            "refund",
        ]
        assert [code for code, _ in reclassify_choices("adjustment", -5)] == ["availability_badge"]

    @pytest.mark.parametrize("kind", list(EntryKind))
    def test_every_kind_reads_in_words_in_the_import_summary(self, kind: EntryKind) -> None:
        one, two = _kind_words(kind, 1), _kind_words(kind, 2)
        assert one == f"1 {str(kind.label).lower()}"
        assert two.startswith("2 ") and two != f"2 {str(kind.label).lower()}"


class TestSignsAreCheckedOnWrite:
    @pytest.mark.parametrize("kind", list(EntryKind))
    def test_every_kind_takes_its_own_sign(self, alice: User, kind: EntryKind) -> None:
        connects = -3 if KINDS[kind].sign is Sign.SPENDS else 3
        application = None
        if KINDS[kind].role is not Role.NONE:
            application = application_submit(
                owner=alice, job_title="A job", submitted_on=date(2026, 1, 5), connects_paid=10
            )
        before = balance_of(alice)
        entry_write(
            owner=alice,
            kind=kind,
            connects=connects,
            occurred_on=date(2026, 1, 6),
            application=application,
        )
        assert balance_of(alice) == before + connects

    @pytest.mark.parametrize(
        "kind", [k for k, spec in KINDS.items() if spec.sign is not Sign.EITHER]
    )
    def test_the_wrong_sign_is_refused_unless_it_corrects_bidbooks_own_entry(
        self, alice: User, kind: EntryKind
    ) -> None:
        wrong = 3 if KINDS[kind].sign is Sign.SPENDS else -3
        row = writer.EntryRow(
            owner_id=alice.pk, kind=kind, connects=wrong, occurred_on=date(2026, 1, 6)
        )
        assert not shown_by_upwork(kind, wrong)  # Upwork's page never shows it either
        if KINDS[kind].correctable:
            writer.check_row(row)
        else:
            with pytest.raises(LedgerError, match="goes the other way"):
                writer.check_row(row)

    def test_nothing_is_written_when_one_row_of_a_bulk_write_is_wrong(self, alice: User) -> None:
        rows = [
            writer.EntryRow(
                owner_id=alice.pk, kind="purchase", connects=40, occurred_on=date(2026, 1, 2)
            ),
            writer.EntryRow(
                owner_id=alice.pk,
                kind="availability_badge",
                connects=2,
                occurred_on=date(2026, 1, 3),
            ),
        ]
        with pytest.raises(LedgerError, match="availability badge takes away connects"):
            writer.entries_append(rows)
        assert balance_of(alice) == 0

    def test_a_kind_of_no_application_cannot_be_hung_on_one(self, alice: User) -> None:
        app = application_submit(
            owner=alice, job_title="A job", submitted_on=date(2026, 1, 5), connects_paid=10
        )
        with pytest.raises(LedgerError, match="A purchase belongs to no application"):
            entry_write(
                owner=alice,
                kind="purchase",
                connects=5,
                occurred_on=date(2026, 1, 6),
                application=app,
            )


class TestRoles:
    @pytest.mark.parametrize("kind", list(APPLICATION_KINDS))
    def test_every_application_kind_counts_where_its_role_says(
        self, alice: User, kind: EntryKind
    ) -> None:
        app = application_submit(
            owner=alice, job_title="A job", submitted_on=date(2026, 1, 5), connects_paid=10
        )
        connects = -4 if KINDS[kind].sign is Sign.SPENDS else 4
        entry_write(
            owner=alice, kind=kind, connects=connects, occurred_on=date(2026, 1, 6), application=app
        )
        money = application_money(app)
        role = KINDS[kind].role
        nets_against_paid = role in (Role.PAID, Role.RETURNED)
        assert money.paid == (10 - connects if nets_against_paid else 10)
        assert money.refunded == (4 if role is Role.REFUNDED else 0)


class TestExpiry:
    @pytest.mark.parametrize("kind", list(ISSUED_KINDS))
    def test_every_issued_kind_expires_a_year_later(self, alice: User, kind: EntryKind) -> None:
        app = None
        if KINDS[kind].role is not Role.NONE:
            app = application_submit(
                owner=alice, job_title="A job", submitted_on=date(2025, 3, 1), connects_paid=0
            )
        entry_write(
            owner=alice,
            kind=kind,
            connects=7,
            occurred_on=date(2025, 3, 2),
            application=app,
        )
        written = expire_due_connects(owner=alice, today=date(2026, 3, 2))
        assert [(e.occurred_on, e.connects) for e in written] == [(date(2026, 3, 2), -7)]
