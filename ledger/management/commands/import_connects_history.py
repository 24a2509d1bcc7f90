from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from ledger.importers.history_import import HistoryImportError, history_import


class Command(BaseCommand):
    help = "Import a saved or copied Upwork Connects History page into a user's ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username")
        parser.add_argument("file", help="the page as text or HTML; - reads standard input")
        parser.add_argument(
            "--now", help="ISO 8601 moment 'Today' on the page refers to (default: now)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}")
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now must be ISO 8601, got {options['now']!r}") from exc
            if now.tzinfo is None:
                now = now.replace(tzinfo=UTC)
        if options["file"] == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(options["file"]).read_bytes().decode("utf-8", errors="replace")
            except OSError as exc:
                raise CommandError(f"Cannot read {options['file']}: {exc.strerror}") from exc
        try:
            summary = history_import(owner=user, text=text, now=now)
        except HistoryImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{summary['rows']} rows read: {summary['written']} entries added, "
            f"{summary['already']} already in the ledger, "
            f"{summary['new_applications']} new applications, "
            f"{summary['not_understood']} not understood (kept as adjustments)."
        )
        for kind, count in dict(summary["new_by_kind"]).items():  # type: ignore[call-overload]
            self.stdout.write(f"  {kind}: {count}")
        if summary["difference"] not in (None, 0):
            self.stdout.write(
                f"Upwork's balance is {summary['upwork_balance']}, Bidbook's is "
                f"{summary['balance_after']}: a difference of {summary['difference']:+d}."
            )
