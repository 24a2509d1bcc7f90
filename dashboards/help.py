"""What the help page "How Bidbook decides" says, read from the tables that decide.

The rules come from the registry (vetting.rules.RULES), the numbers from Thresholds, the fate of
each outcome from ledger.policy: a rule added, a default changed or an Upwork policy change shows
here without touching the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.policy import FATE_OF_OUTCOME, Fate, Outcome
from vetting.rules import RULES, RULESET_VERSION, Thresholds

# What happens to the connects of an application, by fate: the plain words behind the badges.
FATE_WORDS: dict[Fate, str] = {
    Fate.PENDING: "No outcome yet: the connects are spent and may still come back.",
    Fate.REFUNDED: "Upwork gives the connects back (the proposal and any boost).",
    Fate.LOST: "The connects are gone for good.",
    Fate.WON: "You were hired: the connects bought a contract.",
}


@dataclass(frozen=True)
class RuleHelp:
    code: str
    title: str
    help_text: str
    advice: str
    from_article: bool
    fail_points: int
    warn_points: int
    unknown_points: int
    decisive: bool


@dataclass(frozen=True)
class ThresholdHelp:
    label: str
    help_text: str
    value: int | float
    default: int | float


@dataclass(frozen=True)
class OutcomeHelp:
    label: str
    fate: str
    words: str


@dataclass(frozen=True)
class HowItDecides:
    ruleset_version: str
    rules: list[RuleHelp]
    thresholds: list[ThresholdHelp]
    outcomes: list[OutcomeHelp]
    caution_unknowns: int
    fates: list[tuple[str, str]]


def how_it_decides(thresholds: Thresholds | None = None) -> HowItDecides:
    """Every rule with its advice and weight, the numbers in use, and each outcome's fate.

    ``thresholds`` are the reader's own when logged in (decisive rules and bars as they set
    them); the defaults otherwise.
    """
    mine = thresholds or Thresholds()
    defaults = Thresholds()
    return HowItDecides(
        ruleset_version=RULESET_VERSION,
        rules=[
            RuleHelp(
                code=rule.code,
                title=rule.title,
                help_text=rule.help_text,
                advice=rule.advice,
                from_article=rule.from_article,
                fail_points=rule.weight,
                warn_points=rule.warn_weight,
                unknown_points=rule.unknown_weight,
                decisive=rule.code in mine.decisive,
            )
            for rule in RULES
        ],
        thresholds=[
            ThresholdHelp(
                label=f.metadata["label"],
                help_text=f.metadata["help"],
                value=getattr(mine, f.name),
                default=getattr(defaults, f.name),
            )
            for f in Thresholds.numeric_fields()
        ],
        outcomes=[
            OutcomeHelp(label=Outcome(outcome).label, fate=fate.value, words=FATE_WORDS[fate])
            for outcome, fate in FATE_OF_OUTCOME.items()
        ],
        caution_unknowns=mine.caution_unknowns,
        fates=[(fate.value, FATE_WORDS[fate]) for fate in Fate],
    )
