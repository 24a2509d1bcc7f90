"""The isolation figure's two sides each run in a fresh `python -m bench` process."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from bench import __main__ as bench_main


def _commands(monkeypatch: pytest.MonkeyPatch, flag: str, *argv: str) -> list[list[str]]:
    seen: list[list[str]] = []

    def fake_run(command: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        seen.append(command)
        return subprocess.CompletedProcess(command, 0, stdout=json.dumps({"p50_ms": 12.5}))

    monkeypatch.setattr(bench_main.subprocess, "run", fake_run)
    args = bench_main.parse_args(list(argv))
    assert bench_main.run_solo(args, "postgres://x/bidbook", flag) == {"p50_ms": 12.5}
    return seen


def test_the_full_database_child_reuses_the_built_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    [command] = _commands(monkeypatch, "--full-dashboard")
    assert "--full-dashboard" in command and command.count("--skip-build") == 1


def test_the_solo_child_builds_its_own_database_unless_told_to_reuse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    [fresh] = _commands(monkeypatch, "--solo")
    assert "--skip-build" not in fresh
    [reused] = _commands(monkeypatch, "--solo", "--skip-build")
    assert reused.count("--skip-build") == 1


def test_the_full_database_child_measures_the_full_database() -> None:
    args = bench_main.parse_args(["--full-dashboard"])
    assert args.full_dashboard and bench_main.companion_suffix(args) == ""
