"""The cyclic collector is paused while a long history is judged, and given back after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from dashboards import history
from dashboards.gc_pause import cyclic_gc_paused
from tests.factories import UserFactory
from vetting.rules import Thresholds


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_on_again_after() -> None:
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error() -> None:
    with pytest.raises(ZeroDivisionError), cyclic_gc_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.django_db
def test_the_what_if_judges_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    judge = history.what_if

    def spy(*args: object, **kwargs: object) -> history.WhatIf:
        seen.append(gc.isenabled())
        return judge(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(history, "what_if", spy)
    report = history.whatif_report(UserFactory(), Thresholds())

    assert seen == [False]
    assert report.total == 0
    assert gc.isenabled()
