"""Jobs as the user saw them, and the vettings of them.

A Vetting is immutable once written: a re-paste adds a new one, so trends stay visible. Its
RuleResult rows make "which rules did this application break" a SQL question.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetting.rules import Status
from vetting.scoring import Verdict


class BudgetType(models.TextChoices):
    FIXED = "fixed", "Fixed price"
    HOURLY = "hourly", "Hourly"


class Job(models.Model):
    """One Upwork posting, per owner. Identified by its ciphertext (`~01...`) when known."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    ciphertext = models.CharField(max_length=40, blank=True, default="")
    url = models.URLField(max_length=500, blank=True, default="")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, default="")
    # Identifies "the same client" for a job pasted without a URL: see vetting.services.
    client_fingerprint = models.CharField(max_length=64, blank=True, default="")
    budget_type = models.CharField(
        max_length=10, choices=BudgetType.choices, blank=True, default=""
    )
    budget_min = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    experience_level = models.CharField(max_length=20, blank=True, default="")
    connects_required = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "ciphertext"],
                condition=~models.Q(ciphertext=""),
                name="job_unique_ciphertext_per_owner",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "-updated_at"]),
            models.Index(fields=["owner", "title"]),
        ]

    def __str__(self) -> str:
        return self.title


_HOW = {
    "paste": "a pasted page",
    "upload": "an uploaded page",
    "form": "facts filled in by hand",
    "edit": "your corrections",
}


class Vetting(models.Model):
    """One assessment of a job at a moment. Never updated after it is written."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vettings"
    )
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="vettings")
    created_at = models.DateTimeField(auto_now_add=True)
    facts = models.JSONField(default=dict)
    raw_text = models.TextField(blank=True, default="")
    source = models.CharField(
        max_length=10,
        choices=[
            ("paste", "Paste"),
            ("upload", "Upload"),
            ("form", "Form"),
            ("edit", "Edited"),
            ("api", "API or extension"),
        ],
        default="paste",
    )
    score = models.PositiveSmallIntegerField()
    verdict = models.CharField(max_length=10, choices=Verdict.choices())
    ruleset_version = models.CharField(max_length=20)
    thresholds = models.JSONField(default=dict)
    # The description's signals (vetting.rules.DescriptionSignals.to_json), read once by the
    # writer so the what-if re-judges a long history without reading every description again.
    # Null: not read yet, or no description; a shape of another SIGNALS_VERSION is read again.
    description_signals = models.JSONField(null=True, blank=True, default=None)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["job", "-created_at"]),
            # The reviews group applications by the verdict and score they were sent on.
            models.Index(fields=["id", "verdict", "score"], name="vetting_verdict_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.job} — {self.verdict} ({self.score})"

    @property
    def how(self) -> str:
        """Where the facts came from, in words (the help page explains them)."""
        return _HOW.get(self.source, self.source)


class RuleResult(models.Model):
    vetting = models.ForeignKey(Vetting, on_delete=models.CASCADE, related_name="rule_results")
    code = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices())
    reason = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["vetting", "code"], name="ruleresult_one_per_rule")
        ]
        indexes = [
            models.Index(fields=["code", "status"]),
            # "Rules that would have saved you" joins applications to their failed rules.
            models.Index(fields=["vetting", "status", "code"], name="ruleresult_vetting_status"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.status}"


class Decision(models.Model):
    """The user skipped a vetted job, keeping the connects it would have cost."""

    class Kind(models.TextChoices):
        SKIPPED = "skipped", "Skipped"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decisions"
    )
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="decisions")
    vetting = models.ForeignKey(Vetting, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SKIPPED)
    connects_saved = models.PositiveIntegerField(default=0)
    decided_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            # One decision per job, however often it was vetted or "Skip" pressed at once.
            models.UniqueConstraint(fields=["job", "kind"], name="decision_once_per_job")
        ]
        indexes = [models.Index(fields=["owner", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.job}"


class VettingSettings(models.Model):
    """A user's thresholds and decisive rules; stored as Thresholds.to_dict()."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vetting_settings"
    )
    thresholds = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "vetting settings"

    def __str__(self) -> str:
        return f"Vetting settings of {self.user}"


class ThresholdChange(models.Model):
    """One change of a user's thresholds: the values before and after, and what made it.

    Vettings keep the thresholds they were judged with (Vetting.thresholds); this is the trail
    of the settings themselves, so "when did I start skipping clients under 60%?" has an answer.
    """

    class Source(models.TextChoices):
        SETTINGS = "settings", "Settings page"
        SUGGESTED = "suggested", "Suggested thresholds"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="threshold_changes"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} change of {self.user} on {self.created_at:%Y-%m-%d}"

    @property
    def changed_names(self) -> list[str]:
        names = sorted(set(self.before) | set(self.after))
        return [name for name in names if self.before.get(name) != self.after.get(name)]
