"""The vetting writer stores the description's signals it judged with, read once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory
from tests.vetting.test_services import DESCRIPTION, good_job
from vetting import rules, services
from vetting.models import Vetting
from vetting.rules import SIGNALS_VERSION, DescriptionSignals, description_signals

pytestmark = pytest.mark.django_db


@pytest.fixture
def now() -> datetime:
    return timezone.now()


def vet(owner: User, now: datetime, **changes: object) -> Vetting:
    return services.vetting_create(
        owner=owner, facts=good_job(now, **changes), raw_text="the page", source="paste", now=now
    )


class TestTheWriterStoresSignals:
    def test_it_stores_the_signals_of_the_description(self, alice: User, now: datetime) -> None:
        vetting = vet(alice, now)
        vetting.refresh_from_db()
        stored = vetting.description_signals
        assert stored["version"] == SIGNALS_VERSION
        assert DescriptionSignals.from_json(stored) == description_signals(DESCRIPTION)
        assert (stored["bullets"], stored["technologies"]) == (
            3,
            ["Django", "Figma", "Python", "React", "SQL", "Stripe"],
        )

    def test_a_job_without_a_description_stores_none(self, alice: User, now: datetime) -> None:
        vetting = vet(alice, now, description=None)
        vetting.refresh_from_db()
        assert vetting.description_signals is None

    def test_it_reads_the_description_once_for_the_rules_and_the_row(
        self, alice: User, now: datetime, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls: list[str] = []

        def counted(text: str) -> Any:
            calls.append(text)
            return description_signals(text)

        monkeypatch.setattr(rules, "description_signals", counted)
        monkeypatch.setattr(services, "description_signals", counted)
        vetting = vet(alice, now)
        assert calls == [DESCRIPTION]
        assert vetting.verdict == "apply"
        assert vetting.rule_results.get(code="description_quality").status == "pass"

    def test_a_correction_stores_the_signals_of_the_corrected_description(
        self, alice: User, now: datetime
    ) -> None:
        first = vet(alice, now)
        corrected = services.vetting_rescore(
            owner=alice, vetting=first, facts=good_job(now, description="Logo for a bakery")
        )
        corrected.refresh_from_db()
        assert corrected.description_signals["chars"] == 17
        assert corrected.rule_results.get(code="description_quality").status == "fail"


class TestTheContextTakesSignals:
    def test_given_signals_are_used_as_they_are(self, now: datetime) -> None:
        good = description_signals(DESCRIPTION)
        ctx = rules.RuleContext(
            facts=good_job(now, description="Logo"),
            thresholds=rules.Thresholds(),
            now=now,
            signals=good,
        )
        assert ctx.description is good

    def test_without_signals_it_reads_the_description(self, now: datetime) -> None:
        ctx = rules.RuleContext(facts=good_job(now), thresholds=rules.Thresholds(), now=now)
        assert ctx.description == description_signals(DESCRIPTION)


class TestTheStoredShape:
    def test_it_round_trips(self) -> None:
        signals = description_signals(DESCRIPTION + "\nEmail me at jane.doe@mail.example.org")
        assert signals.off_platform
        assert DescriptionSignals.from_json(signals.to_json()) == signals

    @pytest.mark.parametrize(
        "data",
        [
            None,
            [],
            {"version": SIGNALS_VERSION + 1},
            {**description_signals("Logo").to_json(), "version": SIGNALS_VERSION - 1},
            {**description_signals("Logo").to_json(), "chars": "4"},
            {**description_signals("Logo").to_json(), "timeline": 1},
            {**description_signals("Logo").to_json(), "vague": "x"},
            {"version": SIGNALS_VERSION},
        ],
    )
    def test_another_version_or_a_damaged_shape_reads_as_none(self, data: Any) -> None:
        assert DescriptionSignals.from_json(data) is None


def test_the_admin_shows_a_vetting_with_its_signals(alice: User, now: datetime) -> None:
    vetting = vet(alice, now)
    client = Client()
    client.force_login(UserFactory(username="support", is_staff=True, is_superuser=True))
    response = client.get(f"/admin/vetting/vetting/{vetting.pk}/change/")
    assert response.status_code == 200
    assert "Description signals" in response.content.decode()
    assert client.get("/admin/vetting/vetting/").status_code == 200
