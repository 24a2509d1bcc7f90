"""The help page "How Bidbook decides": generated from the rule registry, the thresholds and the
refund policy, readable without an account."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from ledger.policy import FATE_OF_OUTCOME
from vetting import services
from vetting.rules import RULES, RULESET_VERSION, Thresholds

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:help")


def _words(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_rule_of_the_registry_is_there_with_its_advice_and_points(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    words = _words(response)
    assert f"The {len(RULES)} rules" in words
    for rule in RULES:
        assert rule.title in words
        assert " ".join(rule.advice.split()) in words
        assert (
            f"Points off the score: {rule.weight} for a fail, {rule.warn_weight} for a warning, "
            f"{rule.unknown_weight} when unknown." in words
        )
    assert words.count("Other freelancers' rule of thumb") == sum(
        1 for rule in RULES if not rule.from_article
    )


def test_every_rule_has_advice_and_the_six_from_the_article_say_so() -> None:
    for rule in RULES:
        assert rule.advice.strip(), rule.code
    assert {r.code for r in RULES if r.from_article} == {
        "hire_rate",
        "idle_job",
        "interview_activity",
        "already_hired",
        "payment_verified",
        "description_quality",
    }


def test_it_says_what_each_status_the_score_and_the_verdict_mean(client: Client) -> None:
    words = _words(client.get(URL))

    for status in ("Pass", "Warn", "Fail", "Unknown"):
        assert f"{status} " in words
    assert "The score starts at 100." in words
    assert "Skip when a decisive rule fails, whatever the score" in words
    assert f"or when {Thresholds().caution_unknowns} or more rules could not be judged" in words
    assert f"today {RULESET_VERSION}" in words


def test_it_says_what_happens_to_the_connects_in_each_outcome(client: Client) -> None:
    words = _words(client.get(URL))

    assert len(FATE_OF_OUTCOME) == 7
    assert "Someone else hired Lost The connects are gone for good." in words
    assert "Client closed it without hiring Refunded Upwork gives the connects back" in words
    assert "Removed by Upwork Refunded" in words
    assert "Hired (I won it) Won You were hired: the connects bought a contract." in words
    assert "Job expired Lost" in words and "I withdrew Lost" in words
    assert "No outcome yet Pending" in words


def test_a_logged_in_reader_sees_their_own_decisive_rules_and_bars(
    alice: User, alice_client: Client
) -> None:
    services.vetting_settings_save(
        user=alice, thresholds=Thresholds(hire_rate_min=70, decisive=frozenset({"ghost_job"}))
    )

    response = alice_client.get(URL)
    words = _words(response)

    assert "Client hire rate Decisive" not in words
    assert "Ghost job Decisive" in words
    assert response.content.decode().count(">Decisive</span>") == 1
    assert "Minimum hire rate (%): 70 (default 50)" in words


def test_a_visitor_sees_the_default_decisive_rules(client: Client) -> None:
    response = client.get(URL)
    words = _words(response)

    assert "Client hire rate Decisive" in words
    assert response.content.decode().count(">Decisive</span>") == len(Thresholds().decisive)
    assert "Minimum hire rate (%): 50 " in words
