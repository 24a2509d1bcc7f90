"""Issue 14, story 6: a mistyped application is corrected, a duplicate removed, by entries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import User
from dashboards.periods import Month
from dashboards.selectors import monthly_review
from ledger import services
from ledger.expiry import expiry_due
from ledger.models import Application, ConnectsEntry, EntryKind
from ledger.selectors import application_money, balance_of, entries_by_kind

pytestmark = pytest.mark.django_db

JAN = Month(2026, 1)
DAY = date(2026, 1, 12)


def _grant(owner: User, connects: int = 100, on: date = date(2026, 1, 1)) -> None:
    services.connects_purchase(
        owner=owner, connects=connects, usd_paid=services.Decimal("15.00"), occurred_on=on
    )


def _apply(owner: User, connects: int = 16, boost: int = 0, **extra: object) -> Application:
    return services.application_submit(
        owner=owner,
        job_title="Django booking site",
        submitted_on=extra.pop("submitted_on", DAY),  # type: ignore[arg-type]
        connects_paid=connects,
        boost_connects=boost,
        job_url="https://www.upwork.com/jobs/~01abc",
    )


def _entries(app: Application) -> list[tuple[str, int, date, str]]:
    return list(
        ConnectsEntry.objects.filter(application_id=app.pk)
        .order_by("id")
        .values_list("kind", "connects", "occurred_on", "note")
    )


class TestCorrectingConnects:
    def test_logged_16_by_mistake_corrected_to_12_gives_back_4(self, alice: User) -> None:
        _grant(alice)
        app = _apply(alice, connects=16)
        assert balance_of(alice) == 84

        written = services.application_correct(application=app, connects_paid=12)

        assert [(e.kind, e.connects, e.occurred_on) for e in written] == [
            (EntryKind.PROPOSAL, 4, DAY)
        ]
        assert written[0].note == "Connects corrected from 16 to 12"
        assert balance_of(alice) == 88
        app.refresh_from_db()
        assert app.connects_paid == 12
        review = monthly_review(alice, JAN)
        assert review.fates.spent == 12
        assert review.fates.pending == 12
        assert review.count == 1
        assert (
            entries_by_kind(alice, date_from=JAN.first, date_to=JAN.last)[EntryKind.PROPOSAL][
                "connects"
            ]
            == -12
        )

    def test_the_same_correction_twice_writes_nothing_the_second_time(self, alice: User) -> None:
        app = _apply(alice, connects=16)
        services.application_correct(application=app, connects_paid=12)
        assert services.application_correct(application=app, connects_paid=12) == []
        assert ConnectsEntry.objects.filter(application=app).count() == 2

    def test_a_refunded_application_has_its_refund_corrected_too(self, alice: User) -> None:
        _grant(alice)
        app = _apply(alice, connects=16)
        services.application_set_outcome(
            application=app, outcome="client_cancelled", outcome_on=date(2026, 1, 20)
        )
        assert balance_of(alice) == 100

        services.application_correct(application=app, connects_paid=12)

        assert _entries(app)[-2:] == [
            (EntryKind.PROPOSAL, 4, DAY, "Connects corrected from 16 to 12"),
            (EntryKind.REFUND, -4, date(2026, 1, 20), "Connects corrected from 16 to 12"),
        ]
        assert balance_of(alice) == 100
        money = application_money(app)
        assert (money.paid, money.refunded) == (12, 12)

    def test_a_smaller_boost_never_leaves_more_returned_than_charged(self, alice: User) -> None:
        _grant(alice)
        app = _apply(alice, connects=16, boost=10)
        services.application_return_boost(application=app, occurred_on=date(2026, 1, 14))
        assert balance_of(alice) == 84

        services.application_correct(application=app, boost_connects=6)

        money = application_money(app)
        assert (money.boost_charged, money.boost_returned, money.paid) == (6, 6, 16)
        assert balance_of(alice) == 84
        app.refresh_from_db()
        assert app.boost_connects == 6


class TestCorrectingTheDate:
    def test_a_new_date_moves_the_charge_to_its_month(self, alice: User) -> None:
        _grant(alice)
        app = _apply(alice, connects=16, submitted_on=date(2026, 1, 31))

        services.application_correct(
            application=app, submitted_on=date(2026, 2, 1), connects_paid=12
        )

        assert [(k, c, d) for k, c, d, _ in _entries(app)] == [
            (EntryKind.PROPOSAL, -16, date(2026, 1, 31)),
            (EntryKind.PROPOSAL, 16, date(2026, 1, 31)),
            (EntryKind.PROPOSAL, -12, date(2026, 2, 1)),
        ]
        assert balance_of(alice) == 88
        assert monthly_review(alice, JAN).count == 0
        assert monthly_review(alice, JAN).fates.spent == 0
        feb = monthly_review(alice, Month(2026, 2))
        assert (feb.count, feb.fates.spent) == (1, 12)

    def test_a_date_in_the_future_names_the_field(self, alice: User) -> None:
        app = _apply(alice)
        with pytest.raises(services.CorrectionError) as caught:
            services.application_correct(application=app, submitted_on=date(2999, 1, 1))
        assert caught.value.field == "submitted_on"
        assert ConnectsEntry.objects.filter(application=app).count() == 1

    def test_connects_out_of_range_name_the_field(self, alice: User) -> None:
        app = _apply(alice)
        with pytest.raises(services.CorrectionError) as caught:
            services.application_correct(application=app, connects_paid=501)
        assert caught.value.field == "connects_paid"
        with pytest.raises(services.CorrectionError) as caught:
            services.application_correct(application=app, job_title="  ")
        assert caught.value.field == "job_title"
        with pytest.raises(services.CorrectionError) as caught:
            services.application_correct(application=app, job_url="not a link")
        assert caught.value.field == "job_url"

    def test_title_and_link_change_without_moving_connects(self, alice: User) -> None:
        app = _apply(alice)
        written = services.application_correct(
            application=app, job_title="Django shop", job_url="https://www.upwork.com/jobs/~02"
        )
        assert written == []
        app.refresh_from_db()
        assert (app.job_title, app.job_url) == ("Django shop", "https://www.upwork.com/jobs/~02")


class TestRemovingADuplicate:
    def test_a_removed_duplicate_gives_its_connects_back_and_leaves_the_counts(
        self, alice: User
    ) -> None:
        _grant(alice)
        _apply(alice, connects=16)
        duplicate = _apply(alice, connects=16, boost=4)
        assert balance_of(alice) == 64

        written = services.application_remove_duplicate(application=duplicate)

        assert sorted((e.kind, e.connects, e.note) for e in written) == [
            (EntryKind.BOOST, 4, "Removed as a duplicate"),
            (EntryKind.PROPOSAL, 16, "Removed as a duplicate"),
        ]
        assert balance_of(alice) == 84
        assert Application.objects.filter(owner=alice).count() == 1
        duplicate = Application.all_objects.get(pk=duplicate.pk)
        assert duplicate.removed_at is not None
        assert (duplicate.connects_paid, duplicate.boost_connects) == (0, 0)
        review = monthly_review(alice, JAN)
        assert (review.count, review.fates.spent) == (1, 16)
        assert services.application_remove_duplicate(application=duplicate) == []
        assert balance_of(alice) == 84

    def test_a_refunded_duplicate_with_a_returned_boost_nets_to_nothing(self, alice: User) -> None:
        _grant(alice)
        app = _apply(alice, connects=16, boost=10)
        services.application_return_boost(application=app, connects=4, occurred_on=DAY)
        services.application_set_outcome(
            application=app, outcome="client_cancelled", outcome_on=date(2026, 1, 20)
        )
        assert balance_of(alice) == 100

        services.application_remove_duplicate(application=app)

        assert balance_of(alice) == 100
        assert sum(c for _, c, _, _ in _entries(app)) == 0
        assert monthly_review(alice, JAN).fates.spent == 0

    def test_a_removed_duplicate_cannot_be_corrected(self, alice: User) -> None:
        app = _apply(alice)
        services.application_remove_duplicate(application=app)
        with pytest.raises(services.CorrectionError):
            services.application_correct(application=app, connects_paid=12)


class TestExpiryAfterACorrection:
    def test_a_reversed_charge_leaves_the_lot_whole_to_expire(self, alice: User) -> None:
        _grant(alice, connects=20, on=date(2025, 1, 5))
        app = _apply(alice, connects=16, submitted_on=date(2025, 1, 10))
        services.application_remove_duplicate(application=app)

        due = expiry_due(alice, date(2026, 1, 6))

        assert [(d.expiry_date, d.connects) for d in due] == [(date(2026, 1, 5), 20)]


class TestThePages:
    def test_the_edit_form_corrects_and_the_timeline_shows_it(
        self, alice: User, alice_client
    ) -> None:  # type: ignore[no-untyped-def]
        _grant(alice)
        app = _apply(alice, connects=16)
        url = reverse("ledger:application_edit", args=[app.pk])
        form = {
            "connects_paid": "12",
            "boost_connects": "0",
            "job_title": "Django booking site",
            "job_url": "https://www.upwork.com/jobs/~01abc",
            "submitted_on": DAY.isoformat(),
        }
        response = alice_client.post(url, form, follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Corrected: 4 connects back." in page
        assert "Connects corrected from 16 to 12:" in page
        assert "+4 connects" in page
        assert balance_of(alice) == 88
        # htmx: no page, a redirect header and the balance trigger
        again = alice_client.post(url, form, HTTP_HX_REQUEST="true")
        assert again.status_code == 204
        assert again["HX-Redirect"] == reverse("ledger:application_detail", args=[app.pk])
        assert ConnectsEntry.objects.filter(application=app).count() == 2

    def test_a_bad_figure_is_named_and_nothing_changes(self, alice: User, alice_client) -> None:  # type: ignore[no-untyped-def]
        app = _apply(alice, connects=16)
        response = alice_client.post(
            reverse("ledger:application_edit", args=[app.pk]),
            {
                "connects_paid": "600",
                "boost_connects": "0",
                "job_title": "x",
                "submitted_on": DAY.isoformat(),
            },
            follow=True,
        )
        assert (
            "Connects: Ensure this value is less than or equal to 500." in response.content.decode()
        )
        app.refresh_from_db()
        assert app.connects_paid == 16

    def test_remove_duplicate_says_what_comes_back_and_keeps_the_timeline(
        self,
        alice: User,
        alice_client,  # type: ignore[no-untyped-def]
    ) -> None:
        _grant(alice)
        app = _apply(alice, connects=16)
        detail = reverse("ledger:application_detail", args=[app.pk])
        assert "gives back 16 connects" in alice_client.get(detail).content.decode()

        response = alice_client.post(
            reverse("ledger:application_remove", args=[app.pk]), follow=True
        )

        assert "removed as a duplicate: 16 connects back." in response.content.decode()
        assert "Django booking site" not in response.content.decode().split("removed as")[1]
        page = alice_client.get(detail).content.decode()
        assert "Removed as a duplicate:" in page and "+16 connects" in page
        assert balance_of(alice) == 100

    def test_another_users_application_is_a_404(self, alice: User, bob_client) -> None:  # type: ignore[no-untyped-def]
        app = _apply(alice)
        for name in ("ledger:application_edit", "ledger:application_remove"):
            assert bob_client.post(reverse(name, args=[app.pk]), {}).status_code == 404
        assert ConnectsEntry.objects.filter(application=app).count() == 1


class TestImportsAfterARemoval:
    CSV = (
        "submitted_at,job_title,job_url,connects,boost_connects,outcome,outcome_at,"
        "contract_value_usd\n2026-01-12,Django booking site,https://www.upwork.com/jobs/~01abc,"
        "16,0,,,\n"
    )

    def test_a_csv_row_of_a_removed_duplicate_is_not_created_again(self, alice: User) -> None:
        from ledger.importers.applications_import import applications_csv_preview

        _grant(alice)
        app = _apply(alice, connects=16)
        services.application_remove_duplicate(application=app)

        preview = applications_csv_preview(owner=alice, data=self.CSV, today=date(2026, 3, 1))

        assert (len(preview.new), len(preview.existing)) == (0, 1)
        assert balance_of(alice) == 100


class TestCountsReadAsWords:
    def test_one_connect_is_singular_and_signs_come_first(self) -> None:
        from accounts.display import money
        from accounts.templatetags.bidbook import connects

        assert connects(1) == "1 connect"
        assert connects(16) == "16 connects"
        assert connects(4, "+") == "+4 connects"
        assert connects(-1, "+") == "-1 connect"
        assert money(services.Decimal("-0.45"), cents=True) == "-$0.45"


class TestChargesOffByADay:
    def test_a_connects_correction_leaves_a_charge_dated_a_day_off_where_it_is(
        self, alice: User
    ) -> None:
        # An imported proposal row may be a day after the day sent (ledger.matching allows it).
        app = _apply(alice, connects=0)
        services.entry_write(
            owner=alice,
            kind=EntryKind.PROPOSAL,
            connects=-16,
            occurred_on=date(2026, 1, 13),
            application=app,
        )

        services.application_correct(application=app, connects_paid=12, job_title="Renamed")

        assert [(k, c, d) for k, c, d, _ in _entries(app)] == [
            (EntryKind.PROPOSAL, -16, date(2026, 1, 13)),
            (EntryKind.PROPOSAL, 4, DAY),
        ]


class TestHistoryImportedAgainAfterARemoval:
    def test_the_rows_of_a_removed_duplicate_are_not_written_or_matched_again(
        self, alice: User
    ) -> None:
        from datetime import UTC, datetime
        from pathlib import Path

        from ledger.importers.history_import import history_import

        page = (
            Path(__file__).resolve().parents[1]
            / "fixtures"
            / "history"
            / "connects_history_sample.html"
        ).read_text(encoding="utf-8")
        saved = datetime(2026, 1, 12, 18, 30, tzinfo=UTC)
        history_import(owner=alice, text=page, saved_at=saved)
        duplicate = Application.objects.filter(owner=alice).order_by("pk").first()
        assert duplicate is not None
        services.application_remove_duplicate(application=duplicate)
        balance, count = balance_of(alice), ConnectsEntry.objects.filter(owner=alice).count()

        summary = history_import(owner=alice, text=page, saved_at=saved)

        assert (summary["written"], summary["new_applications"]) == (0, 0)
        assert balance_of(alice) == balance
        assert ConnectsEntry.objects.filter(owner=alice).count() == count
        assert Application.objects.filter(owner=alice).count() == 8
        assert (
            sum(
                ConnectsEntry.objects.filter(application_id=duplicate.pk).values_list(
                    "connects", flat=True
                )
            )
            == 0
        )
