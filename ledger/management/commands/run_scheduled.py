from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ledger.tasks import (
    expire_connects_all,
    grant_due_all,
    purge_old_imports,
    recover_stalled_imports,
)


class Command(BaseCommand):
    help = (
        "Run the scheduled upkeep now: monthly grants that are due, connects that expired, "
        "imports whose worker was lost, and unconfirmed or failed imports older than 7 days. "
        "Celery beat does this with a broker; without one, run this daily (cron) or rely on "
        "`make run`, which runs it at start. Safe to repeat: each movement is written once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        grants = grant_due_all.apply(kwargs={"today": options["today"]}).get()
        expiry = expire_connects_all.apply(kwargs={"today": options["today"]}).get()
        stalled = recover_stalled_imports.apply().get()
        purged = purge_old_imports.apply().get()
        self.stdout.write(
            f"Monthly grants: {grants}. Expiry: {expiry}. Stalled imports: {stalled}. "
            f"Old imports purged: {purged}."
        )
