from __future__ import annotations

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = "Ledger"

    def ready(self) -> None:
        # Celery's autodiscovery finds ledger.tasks; the importers keep their task beside them.
        from ledger.importers import tasks  # noqa: F401
