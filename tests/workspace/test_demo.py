from __future__ import annotations

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from accounts.models import User
from workspace.demo import DEMO_PASSWORD, DEMO_USERNAME

pytestmark = pytest.mark.django_db


def test_load_demo_twice_changes_nothing_the_second_time() -> None:
    call_command("load_demo")
    first = User.objects.count()
    call_command("load_demo")
    assert User.objects.count() == first


def test_the_printed_demo_login_works() -> None:
    call_command("load_demo")
    client = Client()
    # django-axes checks every authenticate() and needs the request it comes with.
    assert client.login(request=HttpRequest(), username=DEMO_USERNAME, password=DEMO_PASSWORD)
    assert User.objects.get(username=DEMO_USERNAME).check_password(DEMO_PASSWORD)


def test_the_demo_has_months_of_applications_with_every_outcome() -> None:
    from datetime import date

    from ledger.models import Application
    from ledger.policy import Outcome
    from ledger.selectors import application_fate_totals, balance_of
    from vetting.models import Decision, Vetting
    from workspace.demo import demo_account_load

    user, created = demo_account_load(today=date(2026, 6, 20))
    assert created
    outcomes = set(Application.objects.filter(owner=user).values_list("outcome", flat=True))
    assert outcomes >= {o.value for o in Outcome} | {""}
    months = {
        d.month for d in Application.objects.filter(owner=user).dates("submitted_on", "month")
    }
    assert months == {1, 2, 3, 4, 5, 6}
    assert Vetting.objects.filter(owner=user).count() >= 30
    assert Decision.objects.filter(owner=user).exists()
    totals = application_fate_totals(user)
    assert totals.spent == totals.refunded + totals.lost + totals.won + totals.pending
    assert balance_of(user) >= 0


def test_the_demo_ledger_never_goes_below_zero() -> None:
    from datetime import date

    from ledger.selectors import entries_with_running_balance
    from workspace.demo import demo_account_load

    user, _ = demo_account_load(today=date(2026, 11, 27))
    lowest = min(e.running_balance for e in entries_with_running_balance(user))
    assert lowest >= 0
