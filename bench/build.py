"""Build the benchmark database: 1,000 users, 200,000 applications and what goes with them.

Every row is generated in Python from seeded random generators and written with bulk_create in
batches of 5,000, in one transaction, in the order a real database would have received it:
interleaved by date across users, so other users' rows sit between the heavy user's as they do in
production. Ids are assigned here (sequences are reset afterwards on PostgreSQL), and timestamps
are the generated ones, not the moment of the build.

User 0 is the heavy user (20,000 applications at full scale). Each user's data comes from its own
generator seeded by (seed, user index), so the heavy user's rows are the same whether the other
999 users are built or not: that is what the isolation measurement compares.

What is generated, per application (see README.md for the numbers at full scale):
- submitted over the last 24 months, 8..26 connects, a boost on 10% (5..60 connects, a third of
  them returned unless the application was refunded), status and outcome with the issue's mix;
- its entries exactly as ledger.services writes them, through ledger.writer's bulk path
  (entries_append, which checks every row against ledger.kinds): proposal -connects, boost
  -boost, boost returned +boost, refund +(paid - returned) on the outcome date for refunding
  outcomes;
- 70% vetted: a Job, a Vetting (score and verdict computed from the rule statuses with the real
  rule weights and decisive set) and RuleResult rows. The heavy user gets all 13 rule rows per
  vetting; the other users only their fail and warn rows (what the review's rule table reads),
  which keeps the build inside its time budget. Only the heavy user's jobs and vettings carry the
  full description and pasted page text; the others keep the first 300 characters and no paste.
Per user: an opening balance, monthly grants by plan (keyed like the grant task's), an
availability badge every week for 15% of users, and purchases whenever the balance would go
negative (so the balance never does). Skips: a Job + Vetting + Decision for 15% as many jobs as
applications. No expiry entries (purchases are just in time, so hardly anything would expire).
"""

from __future__ import annotations

import json
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# ledger.policy needs no Django settings at import, so it is safe before django.setup().
from ledger.policy import Fate, Outcome, outcomes_with_fate

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent

DAYS = 730  # two years of history
BATCH = 5000

# Outcome mix from the issue; "" is pending.
OUTCOME_MIX: tuple[tuple[str, float], ...] = (
    (Outcome.HIRED_SOMEONE_ELSE, 0.30),
    (Outcome.DECLINED, 0.20),
    (Outcome.EXPIRED, 0.10),
    (Outcome.CLIENT_CANCELLED, 0.08),
    (Outcome.REMOVED_BY_UPWORK, 0.02),
    (Outcome.HIRED, 0.08),
    (Outcome.WITHDRAWN, 0.05),
    ("", 0.17),
)
# Derived from the policy, worded as ledger.services words a refund.
REFUNDING = frozenset(outcomes_with_fate(Fate.REFUNDED))
REFUND_NOTES = {outcome: f"Refund: {Outcome(outcome).label}" for outcome in REFUNDING}
STATUS_MIX: tuple[tuple[str, float], ...] = (
    ("submitted", 0.55),
    ("viewed", 0.33),
    ("interviewing", 0.12),
)
SOURCE_MIX: tuple[tuple[str, float], ...] = (("manual", 0.5), ("history", 0.4), ("csv", 0.1))
VETTED_SHARE = 0.70
BOOST_SHARE = 0.10
SKIP_SHARE = 0.15  # skipped jobs (Decision rows) per application
BADGE_USERS = 0.15
PRICE = Decimal("0.15")

# (fail, warn, unknown) probabilities per rule: decisive rules fail less often on jobs people
# apply to; a skipped job is one whose decisive rules failed more often.
APPLIED_ODDS = {"decisive": (0.04, 0.08, 0.15), "other": (0.10, 0.15, 0.12)}
SKIPPED_ODDS = {"decisive": (0.25, 0.10, 0.10), "other": (0.20, 0.20, 0.10)}

FALLBACK_SAMPLES: tuple[dict[str, Any], ...] = (
    {"title": "Django developer for a booking site", "description": "Build a booking flow."},
    {"title": "Landing page in Webflow", "description": "A landing page for our product."},
    {"title": "Data analyst for a sales dashboard", "description": "Clean data, build charts."},
)

Progress = Callable[[str], None]


def progress(message: str) -> None:
    """Phases and timings go to stderr, so a person sees the run is alive; stdout is the JSON."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Where the benchmark databases live: never the developer's own
# ---------------------------------------------------------------------------------------------


def sqlite_path(suffix: str) -> Path:
    return BENCH_DIR / f"bench{suffix}.sqlite3"


def bench_database_url(original: str | None, suffix: str) -> str:
    """`<name>_bench` (or `_bench_solo`) beside the configured PostgreSQL database, else a file
    in bench/. `suffix` is "" or "_solo"."""
    if not original or original.startswith("sqlite"):
        return f"sqlite:///{sqlite_path(suffix)}"
    parts = urlsplit(original)
    name = parts.path.lstrip("/") or "bidbook"
    return urlunsplit(parts._replace(path=f"/{name}_bench{suffix}"))


def _pg_params(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    params: dict[str, Any] = {"dbname": "postgres"}
    if parts.hostname:
        params["host"] = parts.hostname
    if parts.port:
        params["port"] = parts.port
    if parts.username:
        params["user"] = parts.username
    if parts.password:
        params["password"] = parts.password
    return params


def _sqlite_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def reset_database(url: str) -> None:
    """Drop and create the benchmark database (its name always ends in _bench or _bench_solo)."""
    if url.startswith("sqlite"):
        path = _sqlite_file(url)
        assert path.parent == BENCH_DIR, path
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    assert name.endswith(("_bench", "_bench_solo", "_bench_tenth")), name
    with psycopg.connect(**_pg_params(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return _sqlite_file(url).exists()
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(**_pg_params(url), autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def analyze() -> None:
    """PostgreSQL: VACUUM ANALYZE, the state autovacuum keeps a production database in (fresh
    statistics, visibility map set for index-only scans). SQLite: nothing, as in production,
    where no one runs ANALYZE on the file."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM cannot run in a transaction (the smoke test's); ANALYZE can.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


# ---------------------------------------------------------------------------------------------
# The plan: how much to build
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    users: int = 1000
    applications: int = 200_000
    heavy_applications: int = 20_000
    seed: int = 2026
    heavy_only: bool = False  # the isolation database: the heavy user's rows and nothing else
    batch_size: int = BATCH

    @classmethod
    def scaled(cls, scale: float, *, heavy_only: bool = False) -> Plan:
        users = max(3, round(1000 * scale))
        applications = max(60, round(200_000 * scale))
        heavy = max(20, round(20_000 * scale))
        heavy = min(heavy, applications - (users - 1))
        return cls(
            users=users, applications=applications, heavy_applications=heavy, heavy_only=heavy_only
        )

    @classmethod
    def tenth(cls, scale: float) -> Plan:
        """The scaling database: a tenth of `scaled(scale)`'s users and of their applications,
        with the heavy user's 20,000 (times `scale`) whole, so only the others' data shrinks."""
        full = cls.scaled(scale)
        users = max(3, round(full.users / 10))
        others = max(users - 1, round((full.applications - full.heavy_applications) / 10))
        return cls(
            users=users,
            applications=full.heavy_applications + others,
            heavy_applications=full.heavy_applications,
        )

    def application_counts(self) -> list[int]:
        """Applications per user: the heavy user first, the rest spread unevenly (log-normal)."""
        light_users = self.users - 1
        light_total = self.applications - self.heavy_applications
        rng = random.Random(f"bidbook-bench:{self.seed}:counts")
        weights = [rng.lognormvariate(0, 0.75) for _ in range(light_users)]
        scale = (light_total - light_users) / sum(weights)
        counts = [1 + int(w * scale) for w in weights]
        for i in range(light_total - sum(counts)):  # rounding: the remainder, one each
            counts[i % light_users] += 1
        return [self.heavy_applications, *counts]


# ---------------------------------------------------------------------------------------------
# Generation: plain objects first, model instances only when writing
# ---------------------------------------------------------------------------------------------


def load_samples() -> list[dict[str, Any]]:
    """The 100 real postings of shared/samples (titles, descriptions, budgets, clients)."""
    for root in (BASE_DIR.parent / "shared", Path("/work/shared")):
        path = root / "samples" / "upwork" / "joshslade" / "sample.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]
    return [dict(s) for s in FALLBACK_SAMPLES]


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    r = rng.random()
    for value, share in mix:
        r -= share
        if r < 0:
            return value
    return mix[-1][0]


class Rules:
    """The real rule registry, reduced to what generation needs."""

    def __init__(self) -> None:
        from vetting.rules import RULES, RULESET_VERSION, Status, Thresholds
        from vetting.scoring import verdict_of

        self.verdict_of = verdict_of

        thresholds = Thresholds()
        self.codes = [rule.code for rule in RULES]
        self.decisive = [rule.code in thresholds.decisive for rule in RULES]
        self.costs = [
            {s.value: rule.cost(s) for s in (Status.PASS, Status.WARN, Status.FAIL, Status.UNKNOWN)}
            for rule in RULES
        ]
        self.reasons = {
            (rule.code, status): f"{rule.title}: {label}"
            for rule in RULES
            for status, label in (
                ("pass", "looks fine"),
                ("warn", "worth a second look"),
                ("fail", "below your bar"),
                ("unknown", "not on the page"),
            )
        }
        self.caution_unknowns = thresholds.caution_unknowns
        self.version = RULESET_VERSION
        self.thresholds = thresholds.to_dict()

    def statuses(
        self, rng: random.Random, odds: dict[str, tuple[float, float, float]]
    ) -> tuple[str, ...]:
        out = []
        for decisive in self.decisive:
            fail, warn, unknown = odds["decisive" if decisive else "other"]
            r = rng.random()
            if r < fail:
                out.append("fail")
            elif r < fail + warn:
                out.append("warn")
            elif r < fail + warn + unknown:
                out.append("unknown")
            else:
                out.append("pass")
        return tuple(out)

    def judge(self, statuses: tuple[str, ...]) -> tuple[int, str]:
        """Score and verdict exactly as vetting.scoring combines them."""
        score = max(0, min(100, 100 - sum(c[s] for c, s in zip(self.costs, statuses, strict=True))))
        verdict = self.verdict_of(statuses, self.decisive, caution_unknowns=self.caution_unknowns)
        return score, verdict.value


@dataclass(slots=True, eq=False)
class VetSpec:
    user: int
    at: datetime
    connects: int
    full: bool  # all 13 rule rows and the whole paste (the heavy user)
    order: float  # tiebreak within a moment, so users interleave
    sample: int
    score: int
    seq: int  # per user, so the heavy user's rows are the same in both databases
    statuses: tuple[str, ...]
    verdict: str
    decided_on: date | None = None  # a skipped job: its Decision's date
    id: int = 0


@dataclass(slots=True, eq=False)
class AppSpec:
    user: int
    submitted_on: date
    connects: int
    boost: int
    returned: int
    outcome: str
    outcome_on: date | None
    status: str
    contract: Decimal | None
    bid: Decimal
    sample: int
    source: str
    url: str
    vet: VetSpec | None
    order: float
    id: int = 0


# (occurred_on, order, user id, kind, connects, application spec, usd paid, note, key)
EntrySpec = tuple[date, float, int, str, int, "AppSpec | None", "Decimal | None", str, "str | None"]


@dataclass
class UserData:
    index: int
    user_id: int
    plan: str
    grant_day: int
    applications: list[AppSpec] = field(default_factory=list)
    vettings: list[VetSpec] = field(default_factory=list)
    entries: list[EntrySpec] = field(default_factory=list)


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
        seconds=rng.randrange(7 * 3600, 22 * 3600)
    )


def generate_user(
    index: int, count: int, *, today: date, seed: int, rules: Rules, samples: int
) -> UserData:
    """One user's applications, vettings, skips and entries; the same for the same inputs."""
    rng = random.Random(f"bidbook-bench:{seed}:{index}")
    start = today - timedelta(days=DAYS - 1)
    monthly_spend = count * 20 / (DAYS / 30.4)
    plan = "plus" if index == 0 or monthly_spend > 120 else rng.choice(("basic", "basic", "none"))
    data = UserData(index=index, user_id=index + 1, plan=plan, grant_day=rng.randint(1, 28))
    full = index == 0
    seq = 0

    def vetting(day: date, odds: dict[str, tuple[float, float, float]], connects: int) -> VetSpec:
        nonlocal seq
        seq += 1
        statuses = rules.statuses(rng, odds)
        score, verdict = rules.judge(statuses)
        spec = VetSpec(
            user=data.user_id,
            at=_at(day, rng),
            connects=connects,
            full=full,
            order=rng.random(),
            sample=rng.randrange(samples),
            score=score,
            seq=seq,
            statuses=statuses,
            verdict=verdict,
        )
        data.vettings.append(spec)
        return spec

    entries = data.entries
    uid = data.user_id
    for _ in range(count):
        submitted = start + timedelta(days=rng.randrange(DAYS))
        connects = rng.randint(8, 26)
        boost = rng.randint(5, 60) if rng.random() < BOOST_SHARE else 0
        outcome = _pick(rng, OUTCOME_MIX)
        outcome_on: date | None = None
        if outcome:
            outcome_on = submitted + timedelta(days=rng.randint(2, 40))
            if outcome_on > today:
                outcome, outcome_on = "", None
        status = "interviewing" if outcome == Outcome.HIRED else _pick(rng, STATUS_MIX)
        vet = vetting(submitted, APPLIED_ODDS, connects) if rng.random() < VETTED_SHARE else None
        app = AppSpec(
            user=uid,
            submitted_on=submitted,
            connects=connects,
            boost=boost,
            returned=0,
            outcome=outcome,
            outcome_on=outcome_on,
            status=status,
            contract=Decimal(rng.randrange(150, 15000)) if outcome == Outcome.HIRED else None,
            bid=Decimal(rng.randrange(15, 95)),
            sample=vet.sample if vet else rng.randrange(samples),
            source="vetting" if vet else _pick(rng, SOURCE_MIX),
            url="" if not vet and rng.random() < 0.4 else "job",
            vet=vet,
            order=rng.random(),
        )
        data.applications.append(app)
        entries.append((submitted, app.order, uid, "proposal", -connects, app, None, "", None))
        if boost:
            entries.append((submitted, app.order, uid, "boost", -boost, app, None, "", None))
            if outcome not in REFUNDING and rng.random() < 1 / 3:
                returned_on = min(today, submitted + timedelta(days=rng.randint(1, 5)))
                app.returned = boost
                order = rng.random()
                entries.append(
                    (returned_on, order, uid, "boost_returned", boost, app, None, "", None)
                )
        if outcome in REFUNDING and outcome_on is not None:
            refund = connects + boost - app.returned
            note = REFUND_NOTES[outcome]
            entries.append((outcome_on, rng.random(), uid, "refund", refund, app, None, note, None))

    for _ in range(round(count * SKIP_SHARE)):
        day = start + timedelta(days=rng.randrange(DAYS))
        skipped = vetting(day, SKIPPED_ODDS, rng.randint(8, 26))
        skipped.decided_on = day

    # Opening balance, monthly grants, badges; then purchases so the balance never goes negative.
    opening_on = start - timedelta(days=1)
    entries.append(
        (opening_on, 0.0, uid, "opening_balance", rng.randint(20, 200), None, None, "", None)
    )
    from ledger.models import PLAN_MONTHLY_GRANT

    grant = PLAN_MONTHLY_GRANT[plan]
    if grant:
        year, month = start.year, start.month
        while (year, month) <= (today.year, today.month):
            on = date(year, month, data.grant_day)
            if start <= on <= today:
                key = f"grant:{on:%Y-%m}"
                note = "Monthly connects"
                entries.append((on, 0.0, uid, "monthly_grant", grant, None, None, note, key))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if rng.random() < BADGE_USERS:
        on = start + timedelta(days=rng.randrange(7))
        while on <= today:
            entries.append((on, rng.random(), uid, "availability_badge", -1, None, None, "", None))
            on += timedelta(days=7)

    entries.sort(key=lambda e: (e[0], e[4] < 0, e[1]))  # credits before debits on a day
    purchases: list[EntrySpec] = []
    balance = 0
    for entry in entries:
        if entry[4] < 0 and balance + entry[4] < 0:
            bundle = 80 if full else rng.choice((40, 60, 80))
            bought = bundle * math.ceil((-(balance + entry[4]) + rng.randrange(bundle)) / bundle)
            paid = (PRICE * bought).quantize(Decimal("0.01"))
            purchases.append((entry[0], 0.0, uid, "purchase", bought, None, paid, "", None))
            balance += bought
        balance += entry[4]
    entries.extend(purchases)
    return data


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


@contextmanager
def _generated_timestamps() -> Iterator[None]:
    """Let bulk_create keep the generated created_at/updated_at instead of 'now'."""
    from ledger.models import Application, ConnectsEntry
    from vetting.models import Decision, Job, Vetting

    fields = [
        model._meta.get_field(name)
        for model in (Application, ConnectsEntry, Job, Vetting, Decision)
        for name in ("created_at", "updated_at")
        if any(f.name == name for f in model._meta.get_fields())
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[union-attr]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[union-attr]


def _bulk(model: Any, objects: Iterable[Any], batch_size: int) -> int:
    from ledger.models import ConnectsEntry

    if model is ConnectsEntry:
        return _entries(objects, batch_size)
    written = 0
    chunk: list[Any] = []
    for obj in objects:
        chunk.append(obj)
        if len(chunk) >= batch_size:
            model.objects.bulk_create(chunk, batch_size=batch_size)
            written += len(chunk)
            chunk = []
    if chunk:
        model.objects.bulk_create(chunk, batch_size=batch_size)
        written += len(chunk)
    return written


def _entries(rows: Iterable[Any], batch_size: int) -> int:
    """Entries go through the ledger's one writer, like every other: its bulk path, in slices so
    the generated rows need not all be held at once."""
    from ledger.writer import entries_append

    written = 0
    part: list[Any] = []
    for row in rows:
        part.append(row)
        if len(part) >= 20 * batch_size:
            written += entries_append(part, chunk=batch_size)
            part = []
    return written + (entries_append(part, chunk=batch_size) if part else 0)


@dataclass
class BuildResult:
    heavy_user_id: int
    small_user_id: int
    today: date
    counts: dict[str, int]
    seconds: float
    phases: dict[str, float]


def _paste(sample: dict[str, Any], facts: dict[str, Any]) -> str:
    """A job page as a select-all copy reads: title, description, activity, client."""
    lines = [
        sample.get("title") or "",
        "Posted",
        "2 days ago",
        "Worldwide",
        "Summary",
        sample.get("description") or "",
        f"{sample.get('tier_text') or 'Intermediate'}",
        "Experience Level",
        "Activity on this job",
        "Proposals:",
        "10 to 15",
        "Last viewed by client:",
        "3 days ago",
        "Interviewing:",
        str(facts.get("interviewing") or 0),
        "Invites sent:",
        str(facts.get("invites_sent") or 0),
        "Required Connects to submit a proposal:",
        str(facts.get("connects_required") or 16),
        "About the client",
        "Payment method verified" if sample.get("client_payment_verified") else "",
        f"Rating is {sample.get('client_avg_feedback') or 4.8} out of 5.",
        sample.get("client_country") or "United States",
        f"{facts.get('client_jobs_posted')} jobs posted",
        f"{facts.get('client_hire_rate')}% hire rate, 1 open job",
        f"${sample.get('client_total_spent') or 0:,.0f}",
        "total spent",
        "Member since Sep 8, 2021",
    ]
    return "\n".join(lines)


class _Writer:
    def __init__(self, plan: Plan, today: date, samples: list[dict[str, Any]], rules: Rules):
        self.plan = plan
        self.today = today
        self.samples = samples
        self.rules = rules
        self.short = [(s.get("description") or "")[:300] for s in samples]
        # (sample, full) -> the stored signals of that description: read once per distinct
        # description, as the vetting writer would have read it for each of its vettings.
        self._signals: dict[tuple[int, bool], dict[str, Any] | None] = {}

    def facts(self, vet: VetSpec) -> dict[str, Any]:
        s = self.samples[vet.sample]
        hourly = s.get("job_type") == "hourly"
        low = s.get("hourly_budget_min") if hourly else s.get("fixed_budget")
        high = s.get("hourly_budget_max") if hourly else s.get("fixed_budget")
        jobs_posted = 3 + vet.seq % 40
        return {
            "title": s.get("title"),
            "description": s.get("description") if vet.full else self.short[vet.sample],
            "posted_at": (vet.at - timedelta(hours=20)).isoformat(),
            "budget_type": "hourly" if hourly else "fixed",
            "budget_min": low or None,
            "budget_max": high or None,
            "experience_level": (s.get("tier_text") or "intermediate").lower(),
            "connects_required": vet.connects,
            "proposals_min": 10,
            "proposals_max": 15,
            "last_viewed_at": (vet.at - timedelta(days=1)).isoformat(),
            "hires": 0,
            "interviewing": vet.seq % 4,
            "invites_sent": vet.seq % 7,
            "unanswered_invites": vet.seq % 3,
            "payment_verified": bool(s.get("client_payment_verified")),
            "client_rating": s.get("client_avg_feedback"),
            "client_reviews": s.get("client_total_reviews"),
            "client_country": s.get("client_country"),
            "client_jobs_posted": jobs_posted,
            "client_hire_rate": 20 + vet.seq % 80,
            "client_open_jobs": 1,
            "client_total_spent": s.get("client_total_spent"),
            "client_hires": jobs_posted // 2,
            "client_active_hires": 1,
            "client_avg_hourly_rate": 25,
            "client_member_since": "2021-09-08",
            "job_url": self.url(vet),
        }

    def signals(self, vet: VetSpec, description: str | None) -> dict[str, Any] | None:
        from vetting.rules import description_signals

        key = (vet.sample, vet.full)
        if key not in self._signals:
            self._signals[key] = description_signals(description).to_json() if description else None
        return self._signals[key]

    @staticmethod
    def cipher(vet: VetSpec) -> str:
        return f"~02{vet.user:06d}{vet.seq:012d}"

    def url(self, vet: VetSpec) -> str:
        return f"https://www.upwork.com/jobs/{self.cipher(vet)}"

    def users(self, datas: list[UserData]) -> Iterator[Any]:
        from accounts.models import User
        from accounts.usernames import username_key

        joined = datetime.combine(
            self.today - timedelta(days=DAYS + 5), datetime.min.time(), tzinfo=UTC
        )
        for d in datas:
            name = "heavy" if d.index == 0 else f"bench{d.index:04d}"
            yield User(
                id=d.user_id,
                username=name,
                username_key=username_key(name),  # bulk_create skips User.save()
                email=f"{name}@example.com",
                password="!",  # unusable: the benchmark logs in with force_login
                date_joined=joined,
            )

    def ledger_settings(self, datas: list[UserData]) -> Iterator[Any]:
        from ledger.models import LedgerSettings

        for d in datas:
            yield LedgerSettings(
                id=d.user_id, user_id=d.user_id, plan=d.plan, grant_day=d.grant_day
            )

    def jobs(self, vets: list[VetSpec]) -> Iterator[Any]:
        from vetting.models import Job

        for v in vets:
            s = self.samples[v.sample]
            hourly = s.get("job_type") == "hourly"
            low = s.get("hourly_budget_min") if hourly else s.get("fixed_budget")
            high = s.get("hourly_budget_max") if hourly else s.get("fixed_budget")
            yield Job(
                id=v.id,
                owner_id=v.user,
                ciphertext=self.cipher(v),
                url=self.url(v),
                title=(s.get("title") or "")[:300],
                description=(s.get("description") or "") if v.full else self.short[v.sample],
                client_fingerprint=f"{v.sample:016x}",
                budget_type="hourly" if hourly else "fixed",
                budget_min=Decimal(str(low)) if low else None,
                budget_max=Decimal(str(high)) if high else None,
                experience_level=(s.get("tier_text") or "").lower(),
                connects_required=v.connects,
                created_at=v.at,
                updated_at=v.at,
            )

    def vettings(self, vets: list[VetSpec]) -> Iterator[Any]:
        from vetting.models import Vetting

        for v in vets:
            facts = self.facts(v)
            yield Vetting(
                id=v.id,
                owner_id=v.user,
                job_id=v.id,
                created_at=v.at,
                facts=facts,
                raw_text=_paste(self.samples[v.sample], facts) if v.full else "",
                source="paste",
                score=v.score,
                verdict=v.verdict,
                ruleset_version=self.rules.version,
                thresholds=self.rules.thresholds,
                description_signals=self.signals(v, facts["description"]),
            )

    def rule_results(self, vets: list[VetSpec]) -> Iterator[Any]:
        from vetting.models import RuleResult

        codes, reasons = self.rules.codes, self.rules.reasons
        next_id = 1
        for v in vets:
            for code, status in zip(codes, v.statuses, strict=True):
                if v.full or status in ("fail", "warn"):
                    yield RuleResult(
                        id=next_id,
                        vetting_id=v.id,
                        code=code,
                        status=status,
                        reason=reasons[(code, status)],
                    )
                    next_id += 1

    def applications(self, apps: list[AppSpec]) -> Iterator[Any]:
        from ledger.models import Application

        for a in apps:
            s = self.samples[a.sample]
            created = datetime.combine(a.submitted_on, datetime.min.time(), tzinfo=UTC) + (
                timedelta(hours=12, seconds=int(a.order * 36000))
            )
            if a.vet is not None:
                url = self.url(a.vet)
            elif a.url:
                url = f"https://www.upwork.com/jobs/~01{a.user:06d}{a.id:012d}"
            else:
                url = ""
            updated = created
            if a.outcome_on:
                updated = datetime.combine(a.outcome_on, datetime.min.time(), tzinfo=UTC)
            yield Application(
                id=a.id,
                owner_id=a.user,
                job_id=a.vet.id if a.vet else None,
                vetting_id=a.vet.id if a.vet else None,
                job_title=(s.get("title") or "Upwork job")[:300],
                job_url=url,
                submitted_on=a.submitted_on,
                connects_paid=a.connects,
                boost_connects=a.boost,
                bid_amount=a.bid,
                status=a.status,
                outcome=a.outcome,
                outcome_on=a.outcome_on,
                contract_value_usd=a.contract,
                source=a.source,
                created_at=created,
                updated_at=updated,
            )

    def entries(self, entries: list[EntrySpec]) -> Iterator[Any]:
        from ledger.writer import EntryRow

        for on, order, uid, kind, connects, app, usd, note, key in entries:
            yield EntryRow(
                owner_id=uid,
                kind=kind,
                connects=connects,
                occurred_on=on,
                usd_paid=usd,
                application_id=app.id if app is not None else None,
                note=note,
                idempotency_key=key,
                created_at=datetime.combine(on, datetime.min.time(), tzinfo=UTC)
                + timedelta(hours=8, seconds=int(order * 50000)),
            )

    def decisions(self, vets: list[VetSpec]) -> Iterator[Any]:
        from vetting.models import Decision

        n = 0
        for v in vets:
            if v.decided_on is None:
                continue
            n += 1
            yield Decision(
                id=n,
                owner_id=v.user,
                job_id=v.id,
                vetting_id=v.id,
                kind="skipped",
                connects_saved=v.connects,
                decided_on=v.decided_on,
                created_at=v.at,
            )


def build(plan: Plan, *, today: date | None = None, log: Progress = progress) -> BuildResult:
    """Write the whole data set into the (empty, migrated) default database."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from ledger.models import Application, ConnectsEntry, LedgerSettings
    from vetting.models import Decision, Job, RuleResult, Vetting

    today = today or timezone.localdate()
    started = time.perf_counter()
    phases: dict[str, float] = {}
    rules = Rules()
    samples = load_samples()
    counts = plan.application_counts()
    indexes = [0] if plan.heavy_only else list(range(plan.users))

    t = time.perf_counter()
    datas = [
        generate_user(i, counts[i], today=today, seed=plan.seed, rules=rules, samples=len(samples))
        for i in indexes
    ]
    # Interleave users the way time would: ids follow dates, users mixed within a day.
    vets = sorted((v for d in datas for v in d.vettings), key=lambda v: (v.at, v.order))
    for i, v in enumerate(vets, 1):
        v.id = i
    apps = sorted(
        (a for d in datas for a in d.applications), key=lambda a: (a.submitted_on, a.order)
    )
    for i, a in enumerate(apps, 1):
        a.id = i
    entries = sorted((e for d in datas for e in d.entries), key=lambda e: (e[0], e[1]))
    phases["generate"] = time.perf_counter() - t
    log(
        f"generated {len(datas):,} users, {len(apps):,} applications, {len(vets):,} vettings, "
        f"{len(entries):,} entries in {phases['generate']:.1f} s"
    )

    writer = _Writer(plan, today, samples, rules)
    batch = plan.batch_size
    written: dict[str, int] = {}
    steps: list[tuple[str, Any, Iterable[Any]]] = [
        ("users", User, writer.users(datas)),
        ("ledger_settings", LedgerSettings, writer.ledger_settings(datas)),
        ("jobs", Job, writer.jobs(vets)),
        ("vettings", Vetting, writer.vettings(vets)),
        ("rule_results", RuleResult, writer.rule_results(vets)),
        ("applications", Application, writer.applications(apps)),
        ("entries", ConnectsEntry, writer.entries(entries)),
        ("decisions", Decision, writer.decisions(vets)),
    ]
    with transaction.atomic(), _generated_timestamps():
        for name, model, objects in steps:
            t = time.perf_counter()
            written[name] = _bulk(model, objects, batch)
            phases[name] = time.perf_counter() - t
            log(f"wrote {written[name]:>9,} {name} in {phases[name]:.1f} s")
        if connection.vendor == "postgresql":
            models = [User, LedgerSettings, Job, Vetting, RuleResult, Application, ConnectsEntry]
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), [*models, Decision]):
                    cursor.execute(statement)
    t = time.perf_counter()
    analyze()
    phases["analyze"] = time.perf_counter() - t
    if phases["analyze"] > 0.01:
        log(f"VACUUM ANALYZE in {phases['analyze']:.1f} s")

    light = sorted(datas[1:], key=lambda d: len(d.applications))
    small = light[len(light) // 2] if light else datas[0]
    return BuildResult(
        heavy_user_id=datas[0].user_id,
        small_user_id=small.user_id,
        today=today,
        counts={
            **written,
            "heavy_user_applications": len(datas[0].applications),
            "small_user_applications": len(small.applications),
        },
        seconds=time.perf_counter() - started,
        phases={k: round(v, 2) for k, v in phases.items()},
    )
