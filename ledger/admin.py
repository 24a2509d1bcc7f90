from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ledger.models import Application, ConnectsEntry, ImportBatch, LedgerSettings


@admin.register(LedgerSettings)
class LedgerSettingsAdmin(admin.ModelAdmin):
    list_display = ("user", "plan", "price_per_connect", "grant_day", "monthly_report")
    search_fields = ("user__username",)


class EntryInline(admin.TabularInline):
    model = ConnectsEntry
    extra = 0
    can_delete = False
    fields = ("occurred_on", "kind", "connects", "note", "upwork_action")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "job_title",
        "owner",
        "submitted_on",
        "connects_paid",
        "status",
        "outcome",
        "removed_at",
    )
    list_filter = ("status", "outcome", "source", ("removed_at", admin.EmptyFieldListFilter))
    search_fields = ("job_title", "job_url", "owner__username")
    date_hierarchy = "submitted_on"
    raw_id_fields = ("owner", "job", "vetting")
    # Removed by ledger.services.application_remove_duplicate only: its entries give back.
    readonly_fields = ("removed_at", "removed_reason")
    inlines = [EntryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        # Removed duplicates too: the admin is where they are looked up.
        return Application.all_objects.select_related("owner")


@admin.register(ConnectsEntry)
class ConnectsEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only, corrections are new entries made in the app."""

    list_display = ("occurred_on", "owner", "kind", "connects", "usd_paid", "note")
    list_filter = ("kind",)
    search_fields = ("owner__username", "note", "upwork_action")
    date_hierarchy = "occurred_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "owner", "kind", "state", "rows_done", "rows_total", "created_at")
    list_filter = ("kind", "state")
    exclude = ("payload",)
    readonly_fields = ("summary", "error")
