"""`manage.py vet`: the JSON it prints, the summary, --now, and that it never touches the DB.

No test here is marked django_db: pytest-django fails any of them that queries the database.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vetting.facts import JobFacts
from vetting.rules import RULES, RULESET_VERSION

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "jobs"
NOW = "2026-01-12T09:00:00Z"
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}


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


JOB_PAGE = FIXTURES / "job_page_fixed_intermediate.txt"


class TestJson:
    def test_it_prints_the_facts_the_verdict_the_score_and_every_rule_of_a_real_page(
        self,
    ) -> None:
        data = json.loads(run(str(JOB_PAGE), "--json", "--now", NOW))

        assert list(data) == ["facts", "verdict", "score", "rules"]
        facts = data["facts"]
        assert list(facts) == [*JobFacts.field_names(), "sources"]
        sources = facts.pop("sources")
        assert set(sources.values()) == {"text"}  # a copied page: every fact read off its text
        assert sorted(sources) == sorted(k for k, v in facts.items() if v is not None)
        assert facts["description"].startswith("We are seeking an experienced developer")
        del facts["description"]
        assert facts == {
            "title": "n8n Workflow Developer for Risk Data Analysis",
            "posted_at": "2025-12-29T09:00:00+00:00",
            "budget_type": "fixed",
            "budget_min": 75,
            "budget_max": 75,
            "experience_level": "intermediate",
            "connects_required": 14,
            "proposals_min": 5,
            "proposals_max": 10,
            "last_viewed_at": "2026-01-09T09:00:00+00:00",
            "hires": None,
            "interviewing": 0,
            "invites_sent": 4,
            "unanswered_invites": 3,
            "payment_verified": True,
            "client_rating": 4.21,
            "client_reviews": 4,
            "client_country": "Saudi Arabia",
            "client_jobs_posted": 19,
            "client_hire_rate": 27,
            "client_open_jobs": 1,
            "client_total_spent": 1900,
            "client_hires": 5,
            "client_active_hires": 1,
            "client_avg_hourly_rate": 6.29,
            "client_member_since": "2021-09-08",
            "job_url": None,
            "hours_per_week": None,
            "screening_questions": 4,
            "bid_high": None,
            "bid_avg": None,
            "bid_low": None,
            "available_connects": 31,
            "client_ratings_given": [3.4],
        }
        # 6 points of the 49 before: the client gave its one rated freelancer 3.4 stars.
        assert (data["verdict"], data["score"]) == ("skip", 43)
        assert [rule["code"] for rule in data["rules"]] == [rule.code for rule in RULES]
        for rule in data["rules"]:
            assert list(rule) == ["code", "status", "reason"]
        assert data["rules"][0] == {
            "code": "hire_rate",
            "status": "fail",
            "reason": "Hire rate 27%: 5 hires from 19 jobs posted; your bar is 50%",
        }
        assert [rule["status"] for rule in data["rules"]] == [
            "fail", "warn", "warn", "pass", "pass", "pass", "pass",
            "pass", "pass", "warn", "fail", "pass", "pass", "pass",
        ]  # fmt: skip

    def test_a_scrap_of_a_page_answers_every_rule(self) -> None:
        scrap = "Payment method verified\n19 jobs posted\n27% hire rate, 1 open job"
        data = json.loads(run("-", "--json", "--now", NOW, stdin=scrap))

        assert [rule["code"] for rule in data["rules"]] == [rule.code for rule in RULES]
        assert data["facts"]["client_hire_rate"] == 27

    def test_stdin_is_read_like_a_file(self) -> None:
        from_file = run(str(JOB_PAGE), "--json", "--now", NOW)
        from_stdin = run("--json", "--now", NOW, stdin=JOB_PAGE.read_text(encoding="utf-8"))

        assert from_file == from_stdin

    def test_a_saved_html_page_is_read_too(self) -> None:
        data = json.loads(run(str(FIXTURES / "job_page_fixed_intermediate.html"), "--json"))

        assert data["facts"]["job_url"] == "https://www.upwork.com/jobs/~022007163664429408020"
        assert data["verdict"] == "skip"


class TestSummary:
    def test_without_json_it_prints_a_readable_summary(self) -> None:
        out = run(str(JOB_PAGE), "--now", NOW)

        lines = out.splitlines()
        assert lines[:2] == [
            "n8n Workflow Developer for Risk Data Analysis",
            f"Verdict: SKIP, score 43/100 (rule set {RULESET_VERSION})",
        ]
        assert lines[3] == (
            "  ✕ fail    Client hire rate: Hire rate 27%: 5 hires from 19 jobs posted; "
            "your bar is 50%"
        )
        for rule in RULES:
            assert f" {rule.title}: " in out
        assert "Facts found: 29 of 35" in out
        assert "posted_at: 2025-12-29T09:00:00+00:00 (rounded by Upwork)" in out


class TestErrors:
    @pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", ""])
    def test_a_bad_now_is_an_error_naming_now(self, bad: str) -> None:
        with pytest.raises(CommandError, match="--now must be an ISO 8601 date and time"):
            run("-", "--json", "--now", bad, stdin="x")

    def test_a_missing_file_is_an_error_naming_it(self, tmp_path: Path) -> None:
        missing = tmp_path / "nope.html"
        with pytest.raises(CommandError, match=f"Cannot read {missing}"):
            run(str(missing), "--json")

    def test_run_for_real_it_reads_stdin_and_exits_0(self) -> None:
        result = subprocess.run(
            [sys.executable, "manage.py", "vet", "-", "--json", "--now", NOW],
            cwd=ROOT,
            input=JOB_PAGE.read_bytes(),
            capture_output=True,
            timeout=120,
            env=ENV,
        )

        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["score"] == 43

    def test_the_exit_code_of_a_bad_now_is_1_with_the_reason_on_stderr(self) -> None:
        result = subprocess.run(
            [sys.executable, "manage.py", "vet", "-", "--json", "--now", "soon"],
            cwd=ROOT,
            input="x",
            capture_output=True,
            text=True,
            timeout=120,
            env=ENV,
        )

        assert result.returncode == 1
        assert result.stdout == ""
        assert "--now must be an ISO 8601 date and time" in result.stderr


class TestGarbage:
    def test_text_with_no_job_in_it_is_refused_with_the_web_forms_sentence(self) -> None:
        with pytest.raises(CommandError) as refused:
            run("-", "--now", NOW, stdin="Dear diary, today I had lunch.\nThe end.")
        assert refused.value.returncode == 2
        assert str(refused.value) == (
            "No job title, no connects cost and no client details were found: is this an "
            "Upwork job page? On the job page press Ctrl+A then Ctrl+C, and paste it all."
        )

    def test_the_command_line_exits_2_and_prints_the_sentence(self, tmp_path: Path) -> None:
        page = tmp_path / "garbage.txt"
        page.write_text("lorem ipsum " * 50, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "manage.py", "vet", str(page)],
            cwd=ROOT,
            env=ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert done.stdout == ""
        assert "is this an Upwork job page?" in done.stderr
