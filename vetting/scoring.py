"""Run every vetting rule on a job and combine the results into a verdict.

Pure Python like the rules: no Django, no ORM, no I/O. The score (0-100) orders jobs against each
other; the verdict (apply / caution / skip) is what the freelancer acts on, and it comes from the
statuses, not the score, so one decisive failure is a skip however good the rest looks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from vetting import rules as rules_module
from vetting.facts import JobFacts
from vetting.rules import (
    DescriptionSignals,
    Rule,
    RuleContext,
    RuleResult,
    Status,
    Thresholds,
    Vocabulary,
)

logger = logging.getLogger(__name__)


class Verdict(Vocabulary):
    """What the freelancer acts on: the one vocabulary of verdicts (Vetting rows store it)."""

    APPLY = "apply"
    CAUTION = "caution"
    SKIP = "skip"


# Applications sent without a vetting are grouped (and filtered) under this code beside the
# verdicts; it is not a verdict, so it is not in the enum a Vetting stores.
NOT_VETTED = "none"
NOT_VETTED_LABEL = "Not vetted"

BROKEN_RULE_REASON = "could not be evaluated"


@dataclass(frozen=True)
class Assessment:
    """A job judged: its score, its verdict and every rule's result."""

    score: int
    verdict: Verdict
    results: tuple[RuleResult, ...]
    ruleset_version: str
    thresholds: Thresholds

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == Status.FAIL]

    @property
    def warned(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == Status.WARN]

    @property
    def unknown(self) -> list[RuleResult]:
        """The rules a missing fact left undecided (optional signals are not counted)."""
        return [r for r in self.results if r.status == Status.UNKNOWN and _needed(r.code)]

    def result(self, code: str) -> RuleResult | None:
        return next((r for r in self.results if r.code == code), None)


def score_job(
    facts: JobFacts,
    thresholds: Thresholds | None = None,
    *,
    now: datetime,
    previous: JobFacts | None = None,
    rules: Sequence[Rule] | None = None,
    signals: DescriptionSignals | None = None,
) -> Assessment:
    """Judge one job: every rule runs, in registry order, whatever the earlier ones said.

    ``now`` is the moment of the vetting (aware); ``previous`` the facts of the last vetting of
    the same job, for trends. ``rules`` is for tests; the product always uses ``RULES``.
    ``signals`` are the description's signals read before (see RuleContext); ``None`` reads them.
    """
    thresholds = thresholds or _DEFAULT_THRESHOLDS
    ctx = RuleContext(
        facts=facts, thresholds=thresholds, now=now, previous=previous, signals=signals
    )
    active = rules_module.RULES if rules is None else rules

    results: list[RuleResult] = []
    cost = 0
    for rule in active:
        try:
            result = rule.evaluate(ctx)
        except Exception:
            # A bug in one rule must not hide the other rules' findings or break the paste
            # page; the log keeps the traceback so the bug gets fixed.
            logger.exception("Vetting rule %s raised", rule.code)
            result = RuleResult(rule.code, Status.UNKNOWN, BROKEN_RULE_REASON)
        results.append(result)
        cost += rule.cost(result.status)

    return Assessment(
        score=max(0, min(100, 100 - cost)),
        verdict=_verdict(results, thresholds),
        results=tuple(results),
        ruleset_version=rules_module.RULESET_VERSION,
        thresholds=thresholds,
    )


# Built once: Thresholds is frozen, and building one sets its 24 fields (~7 us a vetting).
_DEFAULT_THRESHOLDS = Thresholds()
# The rules whose unknown is no missing fact (``needed`` is a class attribute, fixed at import).
_OPTIONAL_CODES = frozenset(
    code for code, rule in rules_module.RULES_BY_CODE.items() if not rule.needed
)


def _needed(code: str) -> bool:
    """Whether the rule's unknown is a missing fact (an unknown code's is)."""
    return code not in _OPTIONAL_CODES


def _verdict(results: Sequence[RuleResult], thresholds: Thresholds) -> Verdict:
    decisive = thresholds.decisive
    return verdict_of(
        [r.status for r in results],
        [r.code in decisive for r in results],
        caution_unknowns=thresholds.caution_unknowns,
        needed=[r.code not in _OPTIONAL_CODES for r in results],
    )


def verdict_of(
    statuses: Sequence[str],
    decisive: Sequence[bool],
    *,
    caution_unknowns: int,
    needed: Sequence[bool] | None = None,
) -> Verdict:
    """The verdict from each rule's status and whether that rule is decisive (in rule order).

    ``needed`` says, per rule, whether its unknown is a missing fact (an optional signal's is
    not); by default every rule's is. The one place the verdict is decided: score_job and the
    benchmark's builder both call it.
    """
    if any(s == Status.FAIL and d for s, d in zip(statuses, decisive, strict=True)):
        return Verdict.SKIP
    if Status.FAIL in statuses or Status.WARN in statuses:
        return Verdict.CAUTION
    # Too little on the paste to judge is not a green light: ask for the whole job page.
    counted = needed if needed is not None else [True] * len(statuses)
    missing = sum(1 for s, n in zip(statuses, counted, strict=True) if s == Status.UNKNOWN and n)
    if missing >= caution_unknowns:
        return Verdict.CAUTION
    return Verdict.APPLY
