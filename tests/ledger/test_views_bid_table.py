"""The apply page pasted with an application: its boost bid table is kept and shown."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from ledger.models import Application
from tests.ledger.test_views_application_form import VALID

pytestmark = pytest.mark.django_db

APPLY_PAGE = (
    "Submit a proposal\nThis proposal requires 16 Connects\n"
    "Bid 101 Connects or higher to be ranked in 1st place\n"
    "Bid 64 Connects or higher to be ranked in 2nd place\n"
    "Bid 30 Connects or higher to be ranked in 3rd place\n"
    "Bid 12 Connects or higher to be ranked in 4th place\n"
    "You'll have 44 Connects remaining"
)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_bid_table_is_kept_with_the_application(alice: User, alice_client: Client) -> None:
    alice_client.post(reverse("ledger:application_new"), {**VALID, "apply_page": APPLY_PAGE})
    app = Application.objects.get(owner=alice)
    assert app.bid_table == [
        {"place": 1, "connects": 101},
        {"place": 2, "connects": 64},
        {"place": 3, "connects": 30},
        {"place": 4, "connects": 12},
    ]
    page = _text(alice_client.get(reverse("ledger:application_detail", args=[app.pk])))
    assert '1st place</td><td class="num">101 connects' in page
    assert "You bid 30 connects: enough for place 3 by this table." in page


def test_a_page_without_bids_is_refused_and_nothing_is_lost(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post(
        reverse("ledger:application_new"), {**VALID, "apply_page": "Just a job page"}
    )
    assert response.status_code == 200
    assert "No boost bids found on this page" in _text(response)
    assert "Just a job page" in _text(response)
    assert not Application.objects.filter(owner=alice).exists()


def test_without_an_apply_page_there_is_no_table(alice: User, alice_client: Client) -> None:
    alice_client.post(reverse("ledger:application_new"), VALID)
    app = Application.objects.get(owner=alice)
    assert app.bid_table == []
    page = _text(alice_client.get(reverse("ledger:application_detail", args=[app.pk])))
    assert "Boost bids when you applied" not in page
