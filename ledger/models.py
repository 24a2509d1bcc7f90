"""The ledger: append-only connects entries, and the applications they paid for.

The balance is the sum of entries. An entry is never edited or deleted; a correction is a new
entry. Every figure on a dashboard is an aggregate of these rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ledger.kinds import EntryKind as EntryKind  # the table of kinds lives in ledger.kinds
from ledger.policy import Outcome


class Plan(models.TextChoices):
    NONE = "none", "No free connects"
    BASIC = "basic", "Basic (10 a month)"
    PLUS = "plus", "Freelancer Plus (100 a month)"


# Free connects a month by plan (Upwork help 35081534403859, 42460246681619). Data, not logic.
PLAN_MONTHLY_GRANT: dict[str, int] = {Plan.NONE: 0, Plan.BASIC: 10, Plan.PLUS: 100}
# Upwork sells connects in these bundles at the user's price per connect.
PURCHASE_BUNDLES: tuple[int, ...] = (10, 20, 40, 60, 80)
DEFAULT_PRICE_PER_CONNECT = Decimal("0.15")


class LedgerSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger_settings"
    )
    price_per_connect = models.DecimalField(
        max_digits=6,
        decimal_places=4,
        default=DEFAULT_PRICE_PER_CONNECT,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
        help_text="What one connect costs you in US dollars (Upwork: $0.15).",
    )
    plan = models.CharField(max_length=10, choices=Plan.choices, default=Plan.BASIC)
    grant_day = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="Day of the month your free connects arrive (your billing day, 1-28).",
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="List an application as waiting too long after this many days without outcome.",
    )
    weekly_digest = models.BooleanField(
        default=True, help_text="E-mail me a weekly list of applications waiting for an outcome."
    )
    monthly_report = models.BooleanField(
        default=False, help_text="E-mail me last month's review on the 1st."
    )
    # "N connects as of a moment": what Upwork showed then. Entries that happened at or before
    # the moment are inside it; the writer keeps the opening-balance entries equal to the
    # difference (ledger.writer.starting_balance_sync), whichever is entered first.
    starting_balance = models.IntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
        help_text="The connects Upwork showed at the moment below.",
    )
    starting_balance_as_of = models.DateTimeField(
        null=True, blank=True, help_text="When Upwork showed the starting balance."
    )

    class Meta:
        verbose_name_plural = "ledger settings"

    def __str__(self) -> str:
        return f"Ledger settings of {self.user}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    VIEWED = "viewed", "Viewed"
    INTERVIEWING = "interviewing", "Interviewing"


class ActiveApplicationManager(models.Manager["Application"]):
    """Applications not removed as duplicates: what every list, count and review reads.

    A removed duplicate stays a row (its entries reference it and are never deleted); only
    `Application.all_objects` (the admin, the writer, the importers' duplicate checks) sees it.
    """

    def get_queryset(self) -> models.QuerySet[Application]:
        return super().get_queryset().filter(removed_at__isnull=True)


class Application(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Logged by hand"
        VETTING = "vetting", "From a vetting"
        CSV = "csv", "Imported from CSV"
        HISTORY = "history", "Imported from Connects History"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    job = models.ForeignKey(
        "vetting.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    vetting = models.ForeignKey(
        "vetting.Vetting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    job_title = models.CharField(max_length=300)
    job_url = models.URLField(max_length=500, blank=True, default="")
    submitted_on = models.DateField()
    connects_paid = models.PositiveIntegerField(
        help_text="Connects the proposal itself cost.",
        validators=[MaxValueValidator(500)],
    )
    boost_connects = models.PositiveIntegerField(
        default=0,
        help_text="Extra connects bid to boost the proposal.",
        validators=[MaxValueValidator(1000)],
    )
    bid_amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Your bid: the hourly rate or the fixed amount, in USD.",
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True, default="")
    outcome_on = models.DateField(null=True, blank=True)
    contract_value_usd = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # What the apply page showed for the boosted places when it was captured (ledger.bid_table).
    bid_table = models.JSONField(
        default=list,
        blank=True,
        help_text="The boost bids the apply page showed: [{place, connects}], place 1 to 4.",
    )
    notes = models.TextField(blank=True, default="")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    # Removed as a duplicate: its connects were given back by correcting entries
    # (ledger.services.application_remove_duplicate); the row stays for its timeline.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActiveApplicationManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff reads a second manager as a field)

    class Meta:
        # Related access (an entry's application) and cascades read every row, removed or not.
        base_manager_name = "all_objects"
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["owner", "-submitted_on", "-id"]),
            models.Index(fields=["owner", "outcome", "submitted_on"]),
            models.Index(fields=["owner", "job_url"]),
            # Covers the reviews' joins and counts without reading the table (make bench).
            models.Index(
                fields=[
                    "owner",
                    "submitted_on",
                    "outcome",
                    "status",
                    "vetting",
                    "contract_value_usd",
                ],
                name="application_review_cover",
            ),
            # What every list and count of the active applications reads (the dashboard's
            # all-time counts and cache key, the fates' join, the waiting list), so PostgreSQL
            # answers them from the index alone. The index above cannot: it has no removed_at,
            # so each of the user's rows was fetched from the heap to test it, and the heavy
            # user's rows sit on thousands of pages between other users' (the isolation
            # ratio of make bench). SQLite ignores INCLUDE and keeps the partial index.
            models.Index(
                fields=["owner", "submitted_on"],
                include=["id", "outcome", "status", "contract_value_usd", "updated_at", "vetting"],
                condition=models.Q(removed_at__isnull=True),
                name="application_active_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.submitted_on})"


class ImportBatch(models.Model):
    """One import of a Connects History page or an applications CSV, with its progress."""

    class Kind(models.TextChoices):
        HISTORY = "history", "Connects History"
        CSV = "csv", "Applications CSV"

    class State(models.TextChoices):
        PREVIEW = "preview", "Waiting for confirmation"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    # The text as pasted or uploaded, kept until the import is written so a worker can read it;
    # it is never rendered as HTML.
    payload = models.TextField(blank=True, default="")
    file_name = models.CharField(max_length=255, blank=True, default="")
    parsed_at = models.DateTimeField(help_text="The moment 'Today' on the page refers to.")
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The last sign of life of a queued or running import: when it was queued, then every few
    # seconds from the task running it. A batch silent for too long lost its worker
    # (ledger.import_lifecycle sends it again, or fails it with a sentence).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many times the import task was sent for this batch since it was confirmed.
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"
        indexes = [
            # The sweeps: stalled imports (by state and heartbeat), and the daily purge.
            models.Index(fields=["state", "heartbeat_at"], name="importbatch_state_beat"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import #{self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))


class ConnectsEntry(models.Model):
    """One signed movement of connects. Append-only: never updated, never deleted."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connects_entries"
    )
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    connects = models.IntegerField(help_text="Positive when connects arrive, negative when spent.")
    occurred_on = models.DateField()
    # The latest moment it can have happened: Upwork's page saved moment for an imported row of
    # that day, the moment it was written for one logged in Bidbook (ledger.writer sets it).
    # Decides whether a starting balance "as of" a moment already holds it.
    occurred_at = models.DateTimeField(null=True, blank=True)
    usd_paid = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="For purchases."
    )
    application = models.ForeignKey(
        # RESTRICT, not PROTECT: an application with entries cannot be deleted on its own, but
        # deleting the user (which cascades to both) removes them together.
        Application,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="entries",
    )
    note = models.CharField(max_length=500, blank=True, default="")
    # Upwork's own wording for imported rows, so an unknown action can be reclassified later.
    upwork_action = models.CharField(max_length=200, blank=True, default="")
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    # Makes a retried write a no-op: "grant:2026-01", "expiry:<entry id>", ... Unique per owner.
    idempotency_key = models.CharField(max_length=120, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "connects entries"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="entry_idempotency_key_unique_per_owner",
            ),
            models.CheckConstraint(condition=~models.Q(connects=0), name="entry_moves_connects"),
        ]
        indexes = [
            # INCLUDE makes balances and the reviews' sums index-only scans on PostgreSQL
            # (SQLite ignores it: models.W040 is silenced in settings for that reason).
            models.Index(
                fields=["owner", "occurred_on", "id"],
                include=["kind", "connects", "application", "idempotency_key"],
                name="entry_owner_day_cover",
            ),
            models.Index(fields=["owner", "kind", "occurred_on"]),
            models.Index(fields=["application", "kind", "connects"], name="entry_application_sums"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind} {self.connects:+d}"
