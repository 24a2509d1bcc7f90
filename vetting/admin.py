from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from vetting.models import Decision, Job, RuleResult, ThresholdChange, Vetting, VettingSettings


class RuleResultInline(admin.TabularInline):
    model = RuleResult
    extra = 0
    can_delete = False
    readonly_fields = ("code", "status", "reason")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "budget_type", "connects_required", "updated_at")
    search_fields = ("title", "ciphertext", "owner__username")
    raw_id_fields = ("owner",)


@admin.register(Vetting)
class VettingAdmin(admin.ModelAdmin):
    """Vettings are immutable records of what was seen; support can read, not edit."""

    list_display = ("job", "owner", "verdict", "score", "ruleset_version", "created_at")
    list_filter = ("verdict", "ruleset_version")
    search_fields = ("job__title", "owner__username")
    exclude = ("raw_text",)
    readonly_fields = (
        "owner",
        "job",
        "facts",
        "source",
        "score",
        "verdict",
        "ruleset_version",
        "thresholds",
    )
    inlines = [RuleResultInline]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("job", "owner", "kind", "connects_saved", "decided_on")
    raw_id_fields = ("owner", "job", "vetting")


@admin.register(VettingSettings)
class VettingSettingsAdmin(admin.ModelAdmin):
    list_display = ("user", "updated_at")


@admin.register(ThresholdChange)
class ThresholdChangeAdmin(admin.ModelAdmin):
    list_display = ("user", "source", "created_at")
    list_filter = ("source",)
    raw_id_fields = ("user",)
    readonly_fields = ("user", "source", "before", "after", "created_at")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
