"""The ledger's pages: applications, the connects ledger, CSV import and export, settings."""

from __future__ import annotations

from ledger.views.applications import (
    application_boost_returned,
    application_detail,
    application_new,
    application_outcome,
    application_status,
    applications,
)
from ledger.views.corrections import application_edit, application_remove
from ledger.views.entries import adjust, entries, grant, purchase
from ledger.views.ledger_settings import ledger_settings
from ledger.views.transfer import applications_export, applications_import, entries_export

__all__ = [
    "adjust",
    "application_boost_returned",
    "application_detail",
    "application_edit",
    "application_new",
    "application_outcome",
    "application_remove",
    "application_status",
    "applications",
    "applications_export",
    "applications_import",
    "entries",
    "entries_export",
    "grant",
    "ledger_settings",
    "purchase",
]
