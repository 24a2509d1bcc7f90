"""What each kind of connects entry means: one table, beside policy.py's FATE_OF_OUTCOME.

Every set or list of kinds anywhere else (the model's choices, the writer's sign check, the
importers' groups and Upwork wordings, the expiry walk's lots, the reclassify choices, the
reviews' sums) is derived from `KINDS` below, as healthchecks derives its channel kinds from
TRANSPORTS. tests/ledger/test_kinds.py fails when a kind has no row or a derived set disagrees.

Adding a kind: one member in `EntryKind`, one row in `KINDS`, and the migration
`makemigrations` writes for the new choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum

from django.db import models

from ledger.policy import Outcome


class EntryKind(models.TextChoices):
    PURCHASE = "purchase", "Purchase"
    MONTHLY_GRANT = "monthly_grant", "Monthly grant"
    AWARD = "award", "Award"
    OPENING_BALANCE = "opening_balance", "Opening balance"
    PROPOSAL = "proposal", "Proposal"
    BOOST = "boost", "Boost"
    BOOST_RETURNED = "boost_returned", "Boost returned"
    REFUND = "refund", "Refund"
    AVAILABILITY_BADGE = "availability_badge", "Availability badge"
    EXPIRY = "expiry", "Expiry"
    ADJUSTMENT = "adjustment", "Adjustment"


class Sign(IntEnum):
    """Which way an entry of the kind moves connects (as Upwork's page shows it, too)."""

    ARRIVES = 1
    SPENDS = -1
    EITHER = 0


class Role(Enum):
    """What an entry of the kind is to the application it belongs to."""

    PAID = "paid"  # charged for the application: the proposal, a boost
    RETURNED = "returned"  # part of a charge given back, netted against it: a returned boost
    REFUNDED = "refunded"  # the outcome's refund of what was paid (policy.Fate.REFUNDED)
    NONE = "none"  # no application: grants, purchases, badges, expiries...


@dataclass(frozen=True)
class Kind:
    sign: Sign
    # Arrives with a date of issue and expires a year later (the expiry walk's lots).
    issued: bool = False
    role: Role = Role.NONE
    # An imported adjustment (an action Bidbook did not know) may be reclassified as this kind.
    reclassifiable: bool = False
    # Bidbook may write the opposite sign to correct its own earlier entry of this kind: a
    # refund reversed when the outcome changes, an expiry corrected when older entries arrive,
    # a proposal or boost corrected (or given back for a removed duplicate).
    # Upwork's page never shows that sign.
    correctable: bool = False
    # Upwork's wordings of the action on the Connects History page, every spelling seen, as
    # connects_history.normalise_action leaves them (lower case, single spaces, no period).
    wordings: tuple[str, ...] = ()
    # The outcome a row of this kind on Upwork's page says the application had.
    implies: Outcome | None = None
    # Upwork's row names the job it is about (the text after the action is a job title).
    names_a_job: bool = False
    plural: str = ""  # "3 expiries"; empty means the label plus "s"
    # The Application field the writer keeps equal to minus the sum of these entries.
    figure: str = ""


KINDS: dict[EntryKind, Kind] = {
    EntryKind.PURCHASE: Kind(
        Sign.ARRIVES,
        issued=True,
        reclassifiable=True,
        wordings=(
            "added extra connects",
            "purchased connects",
            "connects purchased",
            "bought connects",
        ),
    ),
    EntryKind.MONTHLY_GRANT: Kind(
        Sign.ARRIVES, issued=True, reclassifiable=True, wordings=("monthly connects renewal",)
    ),
    EntryKind.AWARD: Kind(
        Sign.ARRIVES,
        issued=True,
        reclassifiable=True,
        names_a_job=True,
        wordings=(
            "connects awarded for interview",
            "connects awarded for an interview",
            "connects reward for interview",
            "interview connects reward",
            "interview reward",
        ),
    ),
    # The starting balance may be lowered later: the writer records the difference.
    EntryKind.OPENING_BALANCE: Kind(Sign.EITHER, issued=True),
    EntryKind.PROPOSAL: Kind(
        Sign.SPENDS,
        role=Role.PAID,
        correctable=True,
        names_a_job=True,
        figure="connects_paid",
        wordings=("applied to job",),
    ),
    EntryKind.BOOST: Kind(
        Sign.SPENDS,
        role=Role.PAID,
        correctable=True,
        names_a_job=True,
        figure="boost_connects",
        wordings=("connects bid for boosted proposal",),
    ),
    EntryKind.BOOST_RETURNED: Kind(
        Sign.ARRIVES,
        role=Role.RETURNED,
        correctable=True,
        names_a_job=True,
        plural="boosts returned",
        wordings=("you bid to boost a proposal, but the job was closed",),
    ),
    # "Job cancelled": the client closed the job without hiring, so the connects come back.
    EntryKind.REFUND: Kind(
        Sign.ARRIVES,
        issued=True,
        role=Role.REFUNDED,
        reclassifiable=True,
        correctable=True,
        names_a_job=True,
        wordings=("job cancelled", "job canceled"),
        implies=Outcome.CLIENT_CANCELLED,
    ),
    EntryKind.AVAILABILITY_BADGE: Kind(
        Sign.SPENDS, reclassifiable=True, wordings=("availability badge",)
    ),
    EntryKind.EXPIRY: Kind(Sign.SPENDS, correctable=True, plural="expiries"),
    # Also every action Bidbook does not know, kept with Upwork's wording to be reclassified.
    # "Refunded connects for connects award" was seen (+20 after a boost); what it pays back
    # is not documented.
    EntryKind.ADJUSTMENT: Kind(
        Sign.EITHER, reclassifiable=True, wordings=("refunded connects for connects award",)
    ),
}

# An action on Upwork's page that no row names is kept as this kind, with its wording.
UNKNOWN_ACTION_KIND = EntryKind.ADJUSTMENT


def _kinds(**match: object) -> tuple[EntryKind, ...]:
    return tuple(
        k for k, spec in KINDS.items() if all(getattr(spec, a) == v for a, v in match.items())
    )


# --- Derived: never spelled by hand anywhere else -----------------------------------------------
ISSUED_KINDS = _kinds(issued=True)
RECLASSIFIABLE_KINDS = _kinds(reclassifiable=True)
# Charged for an application, and given back to it: what an import compares as two groups.
CHARGED_KINDS = _kinds(role=Role.PAID)
GIVEN_BACK_KINDS = (*_kinds(role=Role.RETURNED), *_kinds(role=Role.REFUNDED))
APPLICATION_KINDS = (*CHARGED_KINDS, *GIVEN_BACK_KINDS)
# What an application paid, net of a returned boost; refunds are counted apart.
PAID_KINDS = (*CHARGED_KINDS, *_kinds(role=Role.RETURNED))
REFUND_KINDS = _kinds(role=Role.REFUNDED)
JOB_KINDS = tuple(k for k, spec in KINDS.items() if spec.names_a_job)
# Upwork's wording (normalised) -> the kind it is.
WORDING_KIND: dict[str, EntryKind] = {
    wording: kind for kind, spec in KINDS.items() for wording in spec.wordings
}


# By plain code: the writer looks up every row it writes.
_BY_CODE: dict[str, Kind] = {kind.value: spec for kind, spec in KINDS.items()}


def kind_spec(kind: str) -> Kind:
    """The row of a kind; ValueError for a code no row has."""
    try:
        return _BY_CODE[kind]
    except KeyError:
        raise ValueError(f"{kind!r} is not an entry kind") from None


def sign_allows(kind: str, connects: int) -> bool:
    """An amount the ledger may hold for the kind: its sign, or a correction of its own entry."""
    spec = kind_spec(kind)
    if connects == 0:
        return False
    if spec.sign is Sign.EITHER or spec.correctable:
        return True
    return (connects > 0) == (spec.sign is Sign.ARRIVES)


def shown_by_upwork(kind: str, connects: int) -> bool:
    """An amount Upwork's page can show for the kind: never nothing, never the wrong sign."""
    spec = kind_spec(kind)
    if connects == 0:
        return False
    return spec.sign is Sign.EITHER or (connects > 0) == (spec.sign is Sign.ARRIVES)


def implied_outcome(kind: str) -> Outcome | None:
    """The outcome an Upwork row of this kind gives its application ("Job canceled")."""
    return kind_spec(kind).implies


def plural_of(kind: str) -> str:
    spec = kind_spec(kind)
    return spec.plural or f"{str(EntryKind(kind).label).lower()}s"
