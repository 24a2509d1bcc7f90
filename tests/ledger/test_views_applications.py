"""The applications list: rows, filters, pages, one-click status and outcome (htmx or not)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.models import Application, ConnectsEntry
from ledger.selectors import balance_of
from tests.factories import VettingFactory

pytestmark = pytest.mark.django_db

LIST = reverse("ledger:applications")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _submit(
    owner: User,
    title: str = "Shopify theme fixes",
    *,
    on: date = date(2026, 1, 10),
    connects: int = 16,
    boost: int = 0,
    **kwargs: object,
) -> Application:
    return services.application_submit(
        owner=owner,
        job_title=title,
        job_url="https://www.upwork.com/jobs/" + "-".join(title.lower().split()),
        submitted_on=on,
        connects_paid=connects,
        boost_connects=boost,
        **kwargs,  # type: ignore[arg-type]
    )


def _status_url(app: Application) -> str:
    return reverse("ledger:application_status", args=[app.pk])


def _outcome_url(app: Application) -> str:
    return reverse("ledger:application_outcome", args=[app.pk])


def _rows(response) -> int:  # type: ignore[no-untyped-def]
    return response.content.decode().count('data-testid="application-row"')


class TestTheList:
    def test_it_shows_alices_applications_with_what_they_paid(
        self, alice: User, alice_client: Client
    ) -> None:
        vetting = VettingFactory(owner=alice, job__owner=alice, verdict="caution")
        _submit(alice, "Django booking site", connects=16, boost=30, vetting=vetting)
        _submit(alice, "Webflow landing page", connects=12)
        response = alice_client.get(LIST)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Django booking site" in html and "Webflow landing page" in html
        assert "46 connects" in html
        assert "12 connects" in html
        assert 'class="badge badge-caution"' in html
        assert 'class="badge badge-none">Not vetted' in html
        assert html.count('class="badge badge-pending">Pending') == 2
        assert "On Upwork" in html
        assert _rows(response) == 2

    def test_the_fate_badge_follows_the_outcome(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice, connects=16)
        services.application_set_outcome(application=app, outcome="client_cancelled")
        html = alice_client.get(LIST).content.decode()
        assert 'class="badge badge-refunded">Refunded' in html
        assert "16 refunded" in html

    def test_a_new_user_sees_what_to_do_first(self, alice_client: Client) -> None:
        html = alice_client.get(LIST).content.decode()
        assert "No applications yet" in html
        assert "Vet a job" in html
        assert reverse("ledger:application_new") in html
        assert reverse("ledger:applications_import") in html

    def test_it_shows_fifty_a_page(self, alice: User, alice_client: Client) -> None:
        for n in range(60):
            _submit(alice, f"Job {n}", connects=1)
        first = alice_client.get(LIST)
        second = alice_client.get(LIST, {"page": 2})
        assert (_rows(first), _rows(second)) == (50, 10)
        assert "Page 1 of 2" in first.content.decode()

    def test_its_query_count_does_not_grow_with_the_rows(
        self, alice: User, alice_client: Client
    ) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert alice_client.get(LIST).status_code == 200
            return len(captured)

        vetting = VettingFactory(owner=alice, job__owner=alice)
        for n in range(5):
            app = _submit(alice, f"Job {n}", vetting=vetting)
            services.application_set_outcome(application=app, outcome="client_cancelled")
        alice_client.get(LIST)  # the first page view creates the ledger settings row
        five = queries()
        for n in range(5, 60):
            app = _submit(alice, f"Job {n}", vetting=vetting)
            services.application_set_outcome(application=app, outcome="client_cancelled")
        sixty = queries()
        assert five == sixty


class TestFilters:
    @pytest.fixture
    def apps(self, alice: User) -> dict[str, Application]:
        apply = VettingFactory(owner=alice, job__owner=alice, verdict="apply")
        skip = VettingFactory(owner=alice, job__owner=alice, verdict="skip")
        january = _submit(alice, "January apply", on=date(2026, 1, 31), vetting=apply)
        february = _submit(alice, "February skip", on=date(2026, 2, 1), vetting=skip)
        unvetted = _submit(alice, "February unvetted", on=date(2026, 2, 14))
        services.application_set_status(application=february, status="interviewing")
        services.application_set_outcome(application=unvetted, outcome="declined")
        return {"january": january, "february": february, "unvetted": unvetted}

    @pytest.mark.parametrize(
        ("params", "titles"),
        [
            ({"month": "2026-01"}, ["January apply"]),
            ({"month": "2026-02"}, ["February skip", "February unvetted"]),
            ({"status": "interviewing"}, ["February skip"]),
            ({"outcome": "pending"}, ["January apply", "February skip"]),
            ({"outcome": "declined"}, ["February unvetted"]),
            ({"verdict": "apply"}, ["January apply"]),
            ({"verdict": "skip"}, ["February skip"]),
            ({"verdict": "none"}, ["February unvetted"]),
            ({"month": "2026-02", "outcome": "pending"}, ["February skip"]),
            ({"q": "february"}, ["February skip", "February unvetted"]),
            ({"q": "UNVETTED february"}, ["February unvetted"]),
            ({"q": "january", "verdict": "skip"}, []),
            ({"q": "febr\x00uary unvetted"}, ["February unvetted"]),
        ],
    )
    def test_each_filter_keeps_the_matching_applications(
        self,
        alice_client: Client,
        apps: dict[str, Application],
        params: dict[str, str],
        titles: list[str],
    ) -> None:
        html = alice_client.get(LIST, params).content.decode()
        shown = [t for t in ["January apply", "February skip", "February unvetted"] if t in html]
        assert sorted(shown) == sorted(titles)

    def test_a_bad_month_is_named_and_ignored(
        self, alice_client: Client, apps: dict[str, Application]
    ) -> None:
        response = alice_client.get(LIST, {"month": "January"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Month: Enter a month as YYYY-MM" in html
        assert _rows(response) == 3

    def test_the_filters_are_kept_by_every_page_link(
        self, alice: User, alice_client: Client
    ) -> None:
        for day in range(1, 28):
            _submit(alice, f"Django job {day}", on=date(2026, 3, day))
            _submit(alice, f"Django job {day} again", on=date(2026, 3, day))
        _submit(alice, "Shopify theme fixes", on=date(2026, 3, 1))
        params = {"q": "django", "month": "2026-03", "outcome": "pending"}

        first = alice_client.get(LIST, params).content.decode()
        second = alice_client.get(LIST, {**params, "page": "2"})

        assert "54 applications; showing 1\u201350." in first
        assert 'href="?q=django&amp;month=2026-03&amp;outcome=pending&amp;page=2"' in first
        assert _rows(second) == 4
        assert "Shopify theme fixes" not in second.content.decode()

    def test_no_match_says_so(self, alice_client: Client, apps: dict[str, Application]) -> None:
        html = alice_client.get(LIST, {"month": "2025-06"}).content.decode()
        assert "No application matches these filters" in html


class TestStatus:
    def test_a_plain_form_changes_the_status_and_goes_back(
        self, alice: User, alice_client: Client
    ) -> None:
        app = _submit(alice)
        back = f"{LIST}?month=2026-01"
        response = alice_client.post(_status_url(app), {"status": "viewed", "next": back})
        assert response.status_code == 302
        assert response["Location"] == back
        app.refresh_from_db()
        assert app.status == "viewed"
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages == ["“Shopify theme fixes” is now viewed."]

    def test_htmx_gets_the_row_back_and_the_balance(
        self, alice: User, alice_client: Client
    ) -> None:
        app = _submit(alice, connects=16)
        response = alice_client.post(
            _status_url(app), {"status": "interviewing", "next": LIST}, **HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.strip().startswith(f'<tr id="application-{app.pk}"')
        assert '<option value="interviewing" selected>' in html
        assert json.loads(response["HX-Trigger"]) == {"balanceChanged": {"value": -16}}
        app.refresh_from_db()
        assert app.status == "interviewing"

    def test_an_unknown_status_changes_nothing_and_says_why(
        self, alice: User, alice_client: Client
    ) -> None:
        app = _submit(alice)
        response = alice_client.post(_status_url(app), {"status": "ghosted"}, **HTMX)
        assert response.status_code == 200
        assert "Status: Select a valid choice." in response.content.decode()
        plain = alice_client.post(_status_url(app), {"status": "ghosted"})
        assert plain.status_code == 302 and plain["Location"] == LIST
        app.refresh_from_db()
        assert app.status == "submitted"

    def test_a_get_is_refused(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice)
        assert alice_client.get(_status_url(app)).status_code == 405

    def test_a_foreign_next_url_is_not_followed(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice)
        response = alice_client.post(
            _status_url(app), {"status": "viewed", "next": "https://evil.example.com/"}
        )
        assert response["Location"] == LIST


class TestOutcome:
    def test_client_cancelled_refunds_the_sixteen_connects(
        self, alice: User, alice_client: Client
    ) -> None:
        app = _submit(alice, connects=16)
        assert balance_of(alice) == -16
        response = alice_client.post(
            _outcome_url(app), {"outcome": "client_cancelled", "next": LIST}, **HTMX
        )
        assert response.status_code == 200
        assert json.loads(response["HX-Trigger"]) == {"balanceChanged": {"value": 0}}
        assert list(app.entries.order_by("id").values_list("kind", "connects")) == [
            ("proposal", -16),
            ("refund", 16),
        ]
        assert balance_of(alice) == 0
        html = response.content.decode()
        assert 'class="badge badge-refunded">Refunded' in html
        assert "16 refunded" in html

    def test_without_htmx_it_redirects_with_the_refund_in_the_message(
        self, alice: User, alice_client: Client
    ) -> None:
        app = _submit(alice, connects=16, boost=20)
        response = alice_client.post(_outcome_url(app), {"outcome": "removed_by_upwork"})
        assert response.status_code == 302
        assert "HX-Trigger" not in response
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages == [
            "Outcome of “Shopify theme fixes”: Removed by Upwork. 36 connects refunded."
        ]
        assert balance_of(alice) == 0

    def test_hired_keeps_the_contract_value(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice, connects=16)
        response = alice_client.post(
            _outcome_url(app), {"outcome": "hired", "contract_value_usd": "1500.50"}, **HTMX
        )
        app.refresh_from_db()
        assert (app.outcome, app.contract_value_usd) == ("hired", Decimal("1500.50"))
        assert app.outcome_on == timezone.localdate()
        assert json.loads(response["HX-Trigger"]) == {"balanceChanged": {"value": -16}}
        html = response.content.decode()
        assert 'value="1500.50"' in html
        # The box shows it is dollars, next to it and not only in its hidden label.
        assert '<span class="money-prefix-sign" aria-hidden="true">$</span><input' in html

    def test_moving_from_refunded_to_lost_reverses_the_refund(
        self, alice: User, alice_client: Client
    ) -> None:
        app = _submit(alice, connects=16)
        alice_client.post(_outcome_url(app), {"outcome": "client_cancelled"}, **HTMX)
        response = alice_client.post(_outcome_url(app), {"outcome": "hired_someone_else"}, **HTMX)
        assert json.loads(response["HX-Trigger"]) == {"balanceChanged": {"value": -16}}
        assert list(app.entries.order_by("id").values_list("kind", "connects")) == [
            ("proposal", -16),
            ("refund", 16),
            ("refund", -16),
        ]

    def test_back_to_pending_clears_the_outcome(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice)
        alice_client.post(_outcome_url(app), {"outcome": "declined"})
        alice_client.post(_outcome_url(app), {"outcome": ""})
        app.refresh_from_db()
        assert (app.outcome, app.outcome_on) == ("", None)

    def test_a_negative_contract_value_is_refused(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice)
        response = alice_client.post(
            _outcome_url(app), {"outcome": "hired", "contract_value_usd": "-5"}, **HTMX
        )
        assert response.status_code == 200
        assert (
            "Contract value (USD), if hired: Ensure this value is greater than or equal to 0."
            in (response.content.decode())
        )
        app.refresh_from_db()
        assert app.outcome == ""

    def test_a_future_outcome_date_is_refused(self, alice: User, alice_client: Client) -> None:
        app = _submit(alice)
        alice_client.post(_outcome_url(app), {"outcome": "declined", "outcome_on": "2999-01-01"})
        app.refresh_from_db()
        assert app.outcome == ""
        assert ConnectsEntry.objects.filter(application=app).count() == 1
