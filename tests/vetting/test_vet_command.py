"""`manage.py vet`: the JSON it prints, the summary, --now, and that it never touches the DB.

No test here is marked django_db: pytest-django fails any of them that queries the database.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vetting.facts import JobFacts
from vetting.rules import RULES

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "jobs"
NOW = "2026-01-12T09:00:00Z"


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    if stdin is not None:
        old = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            call_command("vet", *args, stdout=out)
        finally:
            sys.stdin = old
    else:
        call_command("vet", *args, stdout=out)
    return out.getvalue()


class TestJson:
    def test_it_prints_the_facts_the_verdict_the_score_and_every_rule(self) -> None:
        data = json.loads(run("-", "--json", "--now", NOW, stdin="Nothing to see here"))

        assert list(data) == ["facts", "verdict", "score", "rules"]
        assert list(data["facts"]) == list(JobFacts.field_names())
        assert data["verdict"] in {"apply", "caution", "skip"}
        assert isinstance(data["score"], int)
        assert [rule["code"] for rule in data["rules"]] == [rule.code for rule in RULES]
        for rule in data["rules"]:
            assert list(rule) == ["code", "status", "reason"]
            assert rule["status"] in {"pass", "warn", "fail", "unknown"}
            assert isinstance(rule["reason"], str) and rule["reason"]

    def test_a_file_is_read_like_stdin(self, tmp_path: Path) -> None:
        page = tmp_path / "job.txt"
        page.write_text("Nothing to see here", encoding="utf-8")

        from_file = run(str(page), "--json", "--now", NOW)
        from_stdin = run("--json", "--now", NOW, stdin="Nothing to see here")

        assert from_file == from_stdin


class TestSummary:
    def test_without_json_it_prints_a_readable_summary(self) -> None:
        out = run("-", "--now", NOW, stdin="Nothing to see here")

        lines = out.splitlines()
        assert lines[0] == "(no title found)"
        assert lines[1].startswith("Verdict: ")
        assert "score" in lines[1]
        for rule in RULES:
            assert f"{rule.title}: " in out


class TestErrors:
    @pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", ""])
    def test_a_bad_now_is_an_error_naming_now(self, bad: str) -> None:
        with pytest.raises(CommandError, match="--now must be an ISO 8601 date and time"):
            run("-", "--json", "--now", bad, stdin="x")

    def test_a_missing_file_is_an_error_naming_it(self, tmp_path: Path) -> None:
        missing = tmp_path / "nope.html"
        with pytest.raises(CommandError, match=f"Cannot read {missing}"):
            run(str(missing), "--json")

    def test_the_exit_code_of_a_bad_now_is_1_with_the_reason_on_stderr(self) -> None:
        result = subprocess.run(
            [sys.executable, "manage.py", "vet", "-", "--json", "--now", "soon"],
            cwd=ROOT,
            input="x",
            capture_output=True,
            text=True,
            timeout=120,
        )

        assert result.returncode == 1
        assert result.stdout == ""
        assert "--now must be an ISO 8601 date and time" in result.stderr
