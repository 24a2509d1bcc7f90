"""`manage.py vet [FILE|-] [--json] [--now ISO-8601]`: vet a saved or piped job page.

Uses the default thresholds and never touches the database, so it runs on any page, anywhere,
and its output depends only on the page and --now: handy for scripts and for checking the parser
and the rules against real pages. Text with no job in it is refused with the web form's sentence
and exit status 2, never scored.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetting.facts import JobFacts
from vetting.parsing import parse_job_text
from vetting.rules import RULES_BY_CODE
from vetting.scoring import Assessment, score_job
from vetting.services import facts_shortfall

_ICONS = {"pass": "✓", "warn": "!", "fail": "✕", "unknown": "?"}


def parse_now(raw: str | None) -> datetime:
    """--now as an aware datetime (a naive one is UTC); the current time when absent."""
    if raw is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise CommandError(
            f"--now must be an ISO 8601 date and time, like 2026-01-12T09:30:00Z; got {raw!r}"
        ) from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def as_json(facts: JobFacts, verdict: Assessment) -> dict[str, Any]:
    return {
        "facts": facts.to_json(),
        "verdict": verdict.verdict,
        "score": verdict.score,
        "rules": [
            {"code": r.code, "status": str(r.status), "reason": r.reason} for r in verdict.results
        ],
    }


def _note(facts: JobFacts, name: str) -> str:
    if facts.is_exact(name):
        return " (exact)"
    return " (rounded by Upwork)" if facts.is_rounded(name) else ""


class Command(BaseCommand):
    help = (
        "Vet one Upwork job page (a copied paste or a saved .html page) with the default "
        "thresholds and print the facts, the verdict, the score and every rule's reason."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help="The page to read; '-' (the default) is stdin."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print JSON instead of a readable summary."
        )
        parser.add_argument(
            "--now",
            help="The moment of vetting, ISO 8601 (default: now, UTC); a time without a "
            "zone is UTC. Makes 'posted 2 days ago' reproducible.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"])
        text = self._read(options["file"])
        facts = parse_job_text(text, now)
        problem = facts_shortfall(facts)
        if problem is not None:
            # The sentence the web form shows; exit status 2, as for any unusable input.
            raise CommandError(problem, returncode=2)
        verdict = score_job(facts, now=now)
        if options["json"]:
            self.stdout.write(json.dumps(as_json(facts, verdict), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self._summary(facts, verdict))

    def _read(self, name: str) -> str:
        if name == "-":
            buffer = getattr(sys.stdin, "buffer", None)
            if buffer is None:  # a text stream (tests, some shells' wrappers)
                return str(sys.stdin.read())
            data: bytes = buffer.read()
        else:
            try:
                data = Path(name).read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {name}: {exc.strerror or exc}") from exc
        return data.decode("utf-8-sig", errors="replace")

    def _summary(self, facts: JobFacts, verdict: Assessment) -> str:
        lines = [
            facts.title or "(no title found)",
            f"Verdict: {verdict.verdict.upper()}, score {verdict.score}/100 "
            f"(rule set {verdict.ruleset_version})",
            "",
        ]
        order = {"fail": 0, "warn": 1, "unknown": 2, "pass": 3}
        for result in sorted(verdict.results, key=lambda r: order.get(str(r.status), 9)):
            status = str(result.status)
            rule = RULES_BY_CODE.get(result.code)
            title = rule.title if rule else result.code
            lines.append(f"  {_ICONS.get(status, ' ')} {status:<7} {title}: {result.reason}")
        skipped = ("description", "sources")
        known = {k: v for k, v in facts.to_json().items() if v is not None and k not in skipped}
        lines += ["", f"Facts found: {facts.known_count()} of {len(JobFacts.field_names())}"]
        lines += [f"  {name}: {value}{_note(facts, name)}" for name, value in known.items()]
        if facts.description:
            lines.append(f"  description: {len(facts.description):,} characters")
        return "\n".join(lines)
