"""Correcting the facts a page shows besides the job's (bid range, balance, hours, questions,
stars given) on the verdict page: saved, re-scored and shown like every other fact."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from tests.vetting.test_services import good_job
from tests.vetting.test_views import facts_post, text_of, vet_good
from vetting.models import Vetting

pytestmark = pytest.mark.django_db


@pytest.fixture
def now() -> datetime:
    return timezone.now()


def test_a_corrected_rating_given_is_saved_re_scored_and_shown(
    alice_client: Client, alice: User, now: datetime
) -> None:
    old = vet_good(alice, now)
    data = facts_post(good_job(now))
    data.update(
        client_ratings_given="2.0, 1.5",
        available_connects="28",
        bid_high="75",
        bid_avg="31.69",
        bid_low="6",
        hours_per_week="to_be_determined",
        screening_questions="3",
    )

    response = alice_client.post(f"/vet/{old.pk}/rescore/", data)

    new = Vetting.objects.exclude(pk=old.pk).get()
    assert response["Location"] == f"/vet/{new.pk}/"
    assert new.facts["client_ratings_given"] == [2, 1.5]
    assert (new.facts["available_connects"], new.facts["screening_questions"]) == (28, 3)
    assert (new.facts["bid_high"], new.facts["bid_avg"], new.facts["bid_low"]) == (75, 31.69, 6)
    assert new.facts["hours_per_week"] == "to_be_determined"
    assert new.rule_results.get(code="client_ratings_given").status == "fail"
    assert old.rule_results.get(code="client_ratings_given").status == "pass"
    page = alice_client.get(response["Location"])
    words = text_of(page)
    assert "Stars this client gave 2.0, 1.5" in words
    assert "Bid range High $75.00 · Avg $31.69 · Low $6.00" in words
    assert "Hours Hours to be determined" in words
    assert "Available Connects: Upwork says 28" in words
    form = page.context["facts_form"]
    assert form["client_ratings_given"].value() == "2.0, 1.5"
    assert form["bid_avg"].value() == Decimal("31.69")


def test_a_bad_rating_given_names_the_field_and_saves_nothing(
    alice_client: Client, alice: User, now: datetime
) -> None:
    old = vet_good(alice, now)
    data = facts_post(good_job(now))
    data["client_ratings_given"] = "4.5, 7"

    response = alice_client.post(f"/vet/{old.pk}/rescore/", data)

    assert response.status_code == 200
    assert "Stars this client gave: “7” is not a rating from 1.0 to 5.0." in text_of(response)
    assert Vetting.objects.filter(job=old.job).count() == 1
