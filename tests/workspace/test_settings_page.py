from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from ledger.selectors import ledger_settings_for
from vetting.selectors import thresholds_for

pytestmark = pytest.mark.django_db


def test_the_settings_page_holds_the_ledger_and_the_vetting_forms(alice_client: Client) -> None:
    response = alice_client.get(reverse("settings"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("ledger:settings") in html
    assert reverse("vetting:settings") in html
    assert reverse("password_change") in html


def test_each_form_saves_and_comes_back_to_the_settings_page(
    alice: User, alice_client: Client
) -> None:
    page = alice_client.get(reverse("settings"))
    ledger_data = {
        name: field.value() if field.value() is not None else ""
        for name, field in ((f.name, f) for f in page.context["ledger_settings_form"])
    }
    ledger_data.update({"price_per_connect": "0.1200", "next": reverse("settings")})
    response = alice_client.post(reverse("ledger:settings"), ledger_data)
    assert response["Location"] == reverse("settings")
    assert ledger_settings_for(alice).price_per_connect == Decimal("0.12")

    thresholds = page.context["thresholds_form"].initial | {
        "hire_rate_min": 60,
        "next": reverse("settings"),
    }
    thresholds = {k: v for k, v in thresholds.items() if v is not None}
    response = alice_client.post(reverse("vetting:settings"), thresholds)
    assert response["Location"] == reverse("settings")
    assert thresholds_for(alice).hire_rate_min == 60
