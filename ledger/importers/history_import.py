"""Write a parsed Connects History page into a user's ledger, once.

Upwork's page has no ids and two identical rows on one day are two real movements, so an
import compares counts, not rows:
- rows about an application (proposal, boost, refund, boost returned) are compared per
  application with the entries it already has: the same kind and amount confirms an entry; what
  is left is written only where Upwork shows more connects moved than the ledger knows (so a
  refund logged by hand is not counted twice, and a proposal logged at 16 that Upwork charged 18
  gets a -2 correction);
- every other row (grants, purchases, badges, unknown actions) is compared by (date, kind,
  amount, Upwork's wording) with the entries already in the ledger.
A 30-day page after a 7-day page therefore adds only what is new.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from ledger import services, writer
from ledger.importers.connects_history import HistoryPage, HistoryRow, parse_connects_history
from ledger.importers.history_moment import embedded_saved_at
from ledger.kinds import (
    APPLICATION_KINDS as _APPLICATION_KINDS,
)
from ledger.kinds import (
    CHARGED_KINDS,
    GIVEN_BACK_KINDS,
    implied_outcome,
    shown_by_upwork,
)
from ledger.matching import best_index, title_norm
from ledger.models import Application, ConnectsEntry, EntryKind, ImportBatch
from ledger.selectors import balance_of, ledger_settings_for
from ledger.table_statistics import analyze_after_bulk_write

APPLICATION_KINDS = frozenset(_APPLICATION_KINDS)
# Connects leaving for an application, and coming back to it: compared as two groups.
PAID_GROUP = frozenset(CHARGED_KINDS)
RETURNED_GROUP = frozenset(GIVEN_BACK_KINDS)

ProgressCallback = Callable[[int, int], None]

# No single movement on Upwork's page comes near this (bundles stop at 300, boosts at ~1,000);
# a bigger figure is a misread, and would not fit the ledger's column either.
ROW_CONNECTS_MAX = 10_000
# A row can be dated the day after the page's moment in another time zone, never later.
FUTURE_SLACK = timedelta(days=1)


class HistoryImportError(ValueError):
    """The text is not a Connects History page; the message says what was missing."""


def _ciphertext(url: str | None) -> str:
    """`https://www.upwork.com/jobs/~01abc?x=1` -> `~01abc` (the stable part of a job link)."""
    if not url:
        return ""
    marker = url.find("~0")
    if marker < 0:
        return ""
    end = marker
    while end < len(url) and (url[end].isalnum() or url[end] == "~"):
        end += 1
    return url[marker:end]


def _title_key(title: str | None) -> str:
    return " ".join((title or "").lower().split())


@dataclass
class PlannedApplication:
    """An application the page shows that the ledger does not have yet."""

    title: str
    url: str
    submitted_on: date
    connects: int = 0
    boost: int = 0


@dataclass
class PlannedRow:
    row: HistoryRow
    connects: int  # what will be written; may be less than the row's when it corrects
    application: Application | None = None
    new_application: PlannedApplication | None = None
    kind: str | None = None  # when it is not the row's own (an excess return, see _Room)
    note: str | None = None

    @property
    def entry_kind(self) -> str:
        return self.kind or self.row.kind


@dataclass
class _Room:
    """What an application can still get back: a return never exceeds what was paid.

    Upwork never returns more than it charged, so a page showing more means the charge is older
    than what the ledger knows; the excess is kept as an adjustment so the balance stays true.
    """

    boost: int = 0  # boost charged and not yet returned
    refund: int = 0  # paid (proposal + boost - boost returned) and not yet refunded

    @classmethod
    def of(cls, entries: Iterable[tuple[str, int]]) -> _Room:
        room = cls()
        for kind, connects in entries:
            room.take(kind, connects)
        return room

    def take(self, kind: str, connects: int) -> None:
        if kind == EntryKind.PROPOSAL:
            self.refund -= connects
        elif kind == EntryKind.BOOST or kind == EntryKind.BOOST_RETURNED:
            self.boost -= connects
            self.refund -= connects
        elif kind == EntryKind.REFUND:
            self.refund -= connects

    def split(self, planned: PlannedRow) -> list[PlannedRow]:
        """The part of a return the application can take, and the excess as an adjustment."""
        kind = planned.row.kind
        if kind not in RETURNED_GROUP or planned.connects <= 0:
            self.take(kind, planned.connects)
            return [planned]
        limit = min(self.boost, self.refund) if kind == EntryKind.BOOST_RETURNED else self.refund
        linked = min(planned.connects, max(limit, 0))
        parts = []
        if linked:
            self.take(kind, linked)
            parts.append(replace(planned, connects=linked))
        if planned.connects > linked:
            parts.append(
                replace(
                    planned,
                    connects=planned.connects - linked,
                    application=None,
                    new_application=None,
                    kind=EntryKind.ADJUSTMENT,
                    note="Returned by Upwork beyond what Bidbook knew was paid for this job",
                )
            )
        return parts


@dataclass
class HistoryPlan:
    page: HistoryPage
    to_write: list[PlannedRow] = field(default_factory=list)
    already: list[HistoryRow] = field(default_factory=list)
    matched_rows: int = 0
    new_applications: list[PlannedApplication] = field(default_factory=list)
    # Rows that say how their application ended ("Job canceled": the client closed the job),
    # as (outcome, day): logged applications by id, new ones by plan.
    outcomes: dict[int, tuple[str, date]] = field(default_factory=dict)
    outcomes_new: dict[int, tuple[str, date]] = field(default_factory=dict)
    # Rows refused, each with the sentence that says why (an amount Upwork never shows for
    # the action, a date after the page was saved, a figure out of range): not written.
    refused: list[tuple[HistoryRow, str]] = field(default_factory=list)
    balance_before: int = 0
    # The moment the page was saved: "Today" on it, and the latest any of its rows happened.
    saved_at: datetime | None = None
    # The user's starting balance, "N connects as of a moment", and the new rows it already
    # holds (dated at or before its moment): written for the history, not counted again.
    starting_balance: int | None = None
    starting_balance_as_of: datetime | None = None
    inside: list[PlannedRow] = field(default_factory=list)

    @property
    def not_understood(self) -> list[str]:
        """Raw text the parser could not read, and actions kept as adjustments to reclassify."""
        refused_rows = {id(r) for r, _ in self.refused}
        unknown = [
            f"{r.date:%b %d, %Y}: {r.action} ({r.connects:+d})"
            for r in self.page.rows
            if r.kind == EntryKind.ADJUSTMENT and id(r) not in refused_rows
        ]
        refused = [
            f"{_row_label(r)}: {reason}, so it was not imported" for r, reason in self.refused
        ]
        return [*self.page.unparsed, *unknown, *refused]

    @property
    def connects_added(self) -> int:
        return sum(p.connects for p in self.to_write)

    @property
    def connects_inside(self) -> int:
        """What the new rows the starting balance already holds add up to."""
        return sum(p.connects for p in self.inside)

    @property
    def balance_after(self) -> int:
        return self.balance_before + self.connects_added - self.connects_inside

    @property
    def difference(self) -> int | None:
        """Upwork's balance minus Bidbook's after the import; None when the page has none."""
        if self.page.balance is None:
            return None
        return self.page.balance - self.balance_after

    def summary(self) -> dict[str, object]:
        kinds = Counter(p.entry_kind for p in self.to_write)
        return {
            "rows": len(self.page.rows),
            "new": len({id(p.row) for p in self.to_write}),
            "already": len(self.already),
            "matched_to_applications": self.matched_rows,
            "new_applications": len(self.new_applications),
            "not_understood": len(self.not_understood),
            "new_by_kind": dict(sorted(kinds.items())),
            "connects_added": self.connects_added,
            "inside_starting_balance": len(self.inside),
            "connects_inside": self.connects_inside,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
            "upwork_balance": self.page.balance,
            "balance_after": self.balance_after,
            "difference": self.difference,
        }


def history_parse(text: str, now: datetime) -> HistoryPage:
    # "Today" on the page is the day it was where the user is (the active zone), not in UTC.
    page = parse_connects_history(text, timezone.localtime(now) if timezone.is_aware(now) else now)
    if not page.rows:
        raise HistoryImportError(
            "No Connects History rows were found. Open Upwork's Connects History page "
            "(Settings → Connects → View history), press Ctrl+A, Ctrl+C and paste it here, or "
            "upload the page saved as HTML."
        )
    return page


def history_saved_at(text: str, saved_at: datetime | None = None) -> datetime:
    """The moment the page was saved: Upwork's own times in it, else what the user said, else now.

    HistoryImportError when the user's moment is in the future.
    """
    now = timezone.now()
    embedded = embedded_saved_at(text)
    if embedded is not None:
        return embedded
    if saved_at is None:
        return now
    if timezone.is_naive(saved_at):
        saved_at = timezone.make_aware(saved_at)
    if saved_at > now + timedelta(minutes=5):
        raise HistoryImportError(
            f"The page cannot have been saved on {timezone.localtime(saved_at):%b %d, %Y %H:%M}: "
            "that is in the future."
        )
    if saved_at.year < 2000:
        raise HistoryImportError("The page's saved moment must be after the year 2000.")
    return saved_at


def history_upload(
    *, owner: User, text: str, file_name: str, saved_at: datetime | None = None
) -> ImportBatch:
    """Keep a pasted or uploaded page in a batch to preview; HistoryImportError if it is none.

    The page's saved moment (`history_saved_at`) is kept as the batch's `parsed_at`, so the
    preview and the import read "Today" the same way.
    """
    moment = history_saved_at(text, saved_at)
    page = history_parse(text, moment)
    return ImportBatch.objects.create(
        owner=owner,
        kind=ImportBatch.Kind.HISTORY,
        payload=text,
        parsed_at=moment,
        rows_total=len(page.rows),
        file_name=file_name[:255],
    )


class _Pool:
    """Applications sorted by day, their titles read once: a row's candidates are a slice."""

    def __init__(self, apps: list[Application]) -> None:
        self.apps = apps
        self.days = [a.submitted_on for a in apps]
        self.norms = [title_norm(a.job_title) for a in apps]
        self.by_key: dict[str, list[int]] = defaultdict(list)  # positions, ascending
        for position, app in enumerate(apps):
            self.by_key[_title_key(app.job_title)].append(position)

    def find(self, row: HistoryRow, lo: date | None, hi: date) -> Application | None:
        """The newest application of days lo..hi with the row's title, else the most alike."""
        start = 0 if lo is None else bisect_left(self.days, lo)
        end = bisect_right(self.days, hi)
        if start >= end:
            return None
        same = self.by_key.get(_title_key(row.job_title), [])
        exact = bisect_left(same, end) - 1
        if exact >= 0 and same[exact] >= start:
            return self.apps[same[exact]]
        # Newest first, so of two equally alike titles the later application wins.
        index = best_index(row.job_title or "", self.norms[start:end][::-1])
        return None if index is None else self.apps[end - 1 - index]


class _Matcher:
    """Finds the logged application a row is about: by job link, else by title and date.

    A title matches when ledger.matching says it is the same job's (Upwork cuts long titles,
    a CSV logged by hand changes punctuation); an application with another job's link never
    matches a row about a different link. The applications are read in one query and indexed
    by day, so a row is compared with its own days' applications only.
    """

    def __init__(self, owner: User, rows: Iterable[HistoryRow]) -> None:
        rows = [r for r in rows if r.kind in APPLICATION_KINDS]
        ciphers = {_ciphertext(r.job_url) for r in rows} - {""}
        titles = {r.job_title.strip() for r in rows if r.job_title}
        query = Q(pk__in=[])
        for cipher in ciphers:
            query |= Q(job_url__contains=cipher)
        if titles:
            query |= Q(job_title__in=titles)
        # The proposal rows' days (a day either side): where a title only alike can match.
        paid_days = [r.date for r in rows if r.kind in PAID_GROUP]
        if paid_days:
            query |= Q(
                submitted_on__gte=min(paid_days) - timedelta(days=1),
                submitted_on__lte=max(paid_days) + timedelta(days=1),
            )
        self.by_cipher: dict[str, Application] = {}
        # Removed duplicates are matched only when no live application is: a row of one was
        # recorded and given back on purpose, so it must not create the application again.
        self.removed_by_cipher: dict[str, Application] = {}
        every = list(
            Application.all_objects.filter(owner=owner).filter(query).order_by("submitted_on", "pk")
        )
        apps = [a for a in every if a.removed_at is None]
        removed = [a for a in every if a.removed_at is not None]
        for app in every:
            if cipher := _ciphertext(app.job_url):
                target = self.by_cipher if app.removed_at is None else self.removed_by_cipher
                target.setdefault(cipher, app)
        self.every = _Pool(apps)
        # A row with a link is about that job only: an application of another link is not it.
        self.unlinked = _Pool([a for a in apps if not _ciphertext(a.job_url)])
        self.removed_every = _Pool(removed)
        self.removed_unlinked = _Pool([a for a in removed if not _ciphertext(a.job_url)])

    def find(self, row: HistoryRow) -> Application | None:
        """The live application the row is about, else a removed duplicate it is about."""
        return self._find(row, self.by_cipher, self.every, self.unlinked) or self._find(
            row, self.removed_by_cipher, self.removed_every, self.removed_unlinked
        )

    @staticmethod
    def _find(
        row: HistoryRow, by_cipher: dict[str, Application], every: _Pool, unlinked: _Pool
    ) -> Application | None:
        cipher = _ciphertext(row.job_url)
        if cipher and cipher in by_cipher:
            return by_cipher[cipher]
        pool = unlinked if cipher else every
        if row.kind in PAID_GROUP:
            # The proposal row is dated the day it was sent: allow a day either side for time
            # zones; later rows (refunds) follow it by weeks.
            day = timedelta(days=1)
            return pool.find(row, row.date - day, row.date + day)
        return pool.find(row, None, row.date)


def _row_label(row: HistoryRow) -> str:
    return f"{row.date:%b %d, %Y}: {row.action} ({row.connects:+,d})"


def _refusal(row: HistoryRow, saved_at: datetime) -> str | None:
    """Why a row cannot be written, as a sentence; None when it can."""
    if not shown_by_upwork(row.kind, row.connects):
        return "an amount Upwork never shows for this action"
    if abs(row.connects) > ROW_CONNECTS_MAX:
        return f"more than {ROW_CONNECTS_MAX:,} connects in one row is not a figure Upwork shows"
    latest = timezone.localdate(saved_at + FUTURE_SLACK)
    if row.date > latest:
        return (
            f"dated after the page was saved ({timezone.localtime(saved_at):%b %d, %Y}), "
            "which cannot be"
        )
    if row.date.year < 2000:
        return "dated before Upwork had connects"
    return None


def _implied_outcome(row: HistoryRow) -> str | None:
    """The outcome the row says its application had ("Job canceled": the client closed it)."""
    outcome = implied_outcome(row.kind)
    return str(outcome) if outcome else None


def _job_ref(row: HistoryRow) -> str:
    return _ciphertext(row.job_url) or _title_key(row.job_title)


def history_plan(
    *, owner: User, page: HistoryPage, saved_at: datetime | None = None
) -> HistoryPlan:
    """Decide, without writing, what importing `page` would add. A handful of queries.

    `saved_at` is the moment the page was saved (default: now): no row is dated after it
    (a day's slack for time zones), and a row of its day happened by then.
    """
    saved_at = saved_at or timezone.now()
    plan = HistoryPlan(page=page, balance_before=balance_of(owner), saved_at=saved_at)
    usable = []
    for row in page.rows:
        if (reason := _refusal(row, saved_at)) is not None:
            plan.refused.append((row, reason))
        else:
            usable.append(row)
    matcher = _Matcher(owner, usable)
    # Oldest first, so a proposal row creates the application its later rows belong to.
    rows = list(reversed(usable))

    by_app: dict[int, list[HistoryRow]] = defaultdict(list)
    apps: dict[int, Application] = {}
    planned: dict[str, PlannedApplication] = {}
    planned_rows: dict[str, list[HistoryRow]] = defaultdict(list)
    others: list[HistoryRow] = []
    for row in rows:
        if row.kind not in APPLICATION_KINDS or not (row.job_title or row.job_url):
            others.append(row)
            continue
        app = matcher.find(row)
        if app is not None and app.removed_at is not None:
            plan.already.append(row)  # a removed duplicate's row: recorded, given back
            continue
        if app is not None:
            plan.matched_rows += 1
            apps[app.pk] = app
            by_app[app.pk].append(row)
            if outcome := _implied_outcome(row):
                plan.outcomes[app.pk] = (outcome, row.date)
            continue
        ref = _job_ref(row)
        if row.kind == EntryKind.PROPOSAL and ref not in planned:
            planned[ref] = PlannedApplication(
                title=(row.job_title or row.job_url or "Upwork job")[:300],
                url=row.job_url or "",
                submitted_on=row.date,
            )
        if ref in planned:
            planned_rows[ref].append(row)
            if outcome := _implied_outcome(row):
                plan.outcomes_new[id(planned[ref])] = (outcome, row.date)
        else:
            # A refund or boost of an application older than the page and never logged: keep the
            # movement, without an application to hang it on.
            others.append(row)

    _plan_application_rows(plan, apps, by_app)
    for ref, app_plan in planned.items():
        plan.new_applications.append(app_plan)
        room = _Room()
        # Charges first, so the returns after them know what was paid.
        for row in sorted(planned_rows[ref], key=lambda r: r.kind not in PAID_GROUP):
            if row.kind == EntryKind.PROPOSAL:
                app_plan.connects += -row.connects
            elif row.kind == EntryKind.BOOST:
                app_plan.boost += -row.connects
            plan.to_write += room.split(
                PlannedRow(row=row, connects=row.connects, new_application=app_plan)
            )
    _plan_other_rows(plan, owner, others)
    _plan_inside(plan, owner)
    return plan


def _plan_inside(plan: HistoryPlan, owner: User) -> None:
    """The new rows the user's starting balance already holds: at or before its moment."""
    settings = ledger_settings_for(owner)
    if settings.starting_balance is None:
        return
    as_of = settings.starting_balance_as_of
    if as_of is None:
        return
    plan.starting_balance, plan.starting_balance_as_of = settings.starting_balance, as_of
    plan.inside = [p for p in plan.to_write if _moment(p.row, plan) <= as_of]


def _moment(row: HistoryRow, plan: HistoryPlan) -> datetime:
    return writer.latest_moment(row.date, plan.saved_at or timezone.now())


def _plan_application_rows(
    plan: HistoryPlan, apps: dict[int, Application], by_app: dict[int, list[HistoryRow]]
) -> None:
    existing: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for app_id, kind, connects in ConnectsEntry.objects.filter(
        application_id__in=list(apps), kind__in=APPLICATION_KINDS
    ).values_list("application_id", "kind", "connects"):
        existing[app_id].append((kind, connects))

    for app_id, rows in by_app.items():
        room = _Room.of(existing[app_id])
        for group in (PAID_GROUP, RETURNED_GROUP):
            page_rows = [r for r in rows if r.kind in group]
            if not page_rows:
                continue
            unmatched_existing = Counter((k, c) for k, c in existing[app_id] if k in group)
            existing_sum = sum(c for k, c in existing[app_id] if k in group)
            remaining: list[HistoryRow] = []
            for row in page_rows:
                if unmatched_existing[(row.kind, row.connects)] > 0:
                    unmatched_existing[(row.kind, row.connects)] -= 1
                    plan.already.append(row)
                else:
                    remaining.append(row)
            # What Upwork shows beyond what the ledger holds for this application.
            missing = sum(r.connects for r in page_rows) - existing_sum
            for row in remaining:
                amount = _same_sign_min(row.connects, missing)
                if amount == 0:
                    plan.already.append(row)
                    continue
                missing -= amount
                plan.to_write += room.split(
                    PlannedRow(row=row, connects=amount, application=apps[app_id])
                )


def _same_sign_min(row_amount: int, missing: int) -> int:
    """How much of a row is still missing from the ledger (0 when the ledger already has it)."""
    if row_amount < 0:
        return max(row_amount, min(missing, 0))
    return min(row_amount, max(missing, 0))


def _other_key(kind: str, on: date, connects: int, action: str) -> tuple[object, ...]:
    return (on, kind, connects, action.strip().lower() if kind == EntryKind.ADJUSTMENT else "")


def _plan_other_rows(plan: HistoryPlan, owner: User, rows: list[HistoryRow]) -> None:
    if not rows:
        return
    first, last = min(r.date for r in rows), max(r.date for r in rows)
    have = Counter(
        _other_key(kind, on, connects, action)
        for kind, on, connects, action in ConnectsEntry.objects.filter(
            owner=owner, occurred_on__gte=first, occurred_on__lte=last
        )
        .filter(Q(application__isnull=True))
        .values_list("kind", "occurred_on", "connects", "upwork_action")
    )
    for row in rows:
        key = _other_key(row.kind, row.date, row.connects, row.action)
        if have[key] > 0:
            have[key] -= 1
            plan.already.append(row)
        else:
            plan.to_write.append(PlannedRow(row=row, connects=row.connects))


@transaction.atomic
def history_commit(
    *,
    owner: User,
    page: HistoryPage,
    saved_at: datetime | None = None,
    batch: ImportBatch | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, object]:
    """Plan and write a page in one transaction; returns the summary of what was written.

    The owner's ledger settings row is locked first, so two imports of the same page at the
    same moment run one after the other and the second finds everything already there.
    """
    services.ledger_settings_lock(owner=owner)
    plan = history_plan(owner=owner, page=page, saved_at=saved_at)
    return _write(owner=owner, plan=plan, batch=batch, progress=progress)


def _write(
    *,
    owner: User,
    plan: HistoryPlan,
    batch: ImportBatch | None,
    progress: ProgressCallback | None,
) -> dict[str, object]:
    # One INSERT for all new applications: a 90-day page can hold hundreds of proposals. Their
    # figures are the page's; the writer keeps them equal to the entries below.
    fresh = [
        Application(
            owner=owner,
            job_title=app_plan.title.strip()[:300] or "Upwork job",
            job_url=app_plan.url.strip()[:500],
            submitted_on=app_plan.submitted_on,
            connects_paid=max(app_plan.connects, 0),
            boost_connects=max(app_plan.boost, 0),
            source=Application.Source.HISTORY,
        )
        for app_plan in plan.new_applications
    ]
    writer.applications_insert(fresh)
    created = {
        id(app_plan): app for app_plan, app in zip(plan.new_applications, fresh, strict=True)
    }
    outcomes = dict(plan.outcomes)
    for app_plan, app in zip(plan.new_applications, fresh, strict=True):
        if id(app_plan) in plan.outcomes_new:
            outcomes[app.pk] = plan.outcomes_new[id(app_plan)]

    rows: list[writer.EntryRow] = []
    for planned in plan.to_write:
        row = planned.row
        application = planned.application or (
            created[id(planned.new_application)] if planned.new_application else None
        )
        rows.append(
            writer.EntryRow(
                owner_id=owner.pk,
                kind=planned.entry_kind,
                connects=planned.connects,
                occurred_on=row.date,
                occurred_at=_moment(row, plan),
                application_id=application.pk if application is not None else None,
                note=_note(planned),
                upwork_action=row.action,
                import_batch_id=batch.pk if batch is not None else None,
                # A monthly grant may already be in the ledger under its key (granted by
                # Bidbook's own task on another day): that one is the same movement.
                idempotency_key=(
                    f"grant:{row.date:%Y-%m}" if row.kind == EntryKind.MONTHLY_GRANT else None
                ),
            )
        )
    written = writer.entries_append(rows, progress=progress)
    # The row is the refund itself, so recording the outcome moves no connects.
    writer.outcomes_record(outcomes)
    analyze_after_bulk_write((Application, ConnectsEntry), written + len(fresh))
    summary = plan.summary()
    summary["written"] = written
    return summary


def _note(planned: PlannedRow) -> str:
    if planned.note:
        return planned.note
    if planned.connects != planned.row.connects:
        return f"Corrected to Upwork's figure ({planned.row.connects:+d} on the page)"
    if planned.row.job_title:
        return planned.row.job_title[:500]
    return ""


def history_import(
    *,
    owner: User,
    text: str,
    saved_at: datetime | None = None,
    batch: ImportBatch | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, object]:
    """Parse, plan and write in one go (the command line uses this).

    `saved_at` is when the page was saved, for a copy that does not say (see history_saved_at).
    """
    moment = history_saved_at(text, saved_at)
    page = history_parse(text, moment)
    return history_commit(owner=owner, page=page, saved_at=moment, batch=batch, progress=progress)
