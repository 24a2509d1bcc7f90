from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.zones import activated_for
from ledger.importers.history_import import HistoryImportError, history_import
from ledger.management.moments import iso_moment


class Command(BaseCommand):
    help = "Import a saved or copied Upwork Connects History page into a user's ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username")
        parser.add_argument("file", help="the page as text or HTML; - reads standard input")
        parser.add_argument(
            "--saved-at",
            "--now",  # its first name, kept for scripts that use it
            dest="saved_at",
            help="ISO 8601 moment the page was saved: what 'Today' on it means (default: the "
            "times Upwork embeds in a saved page, else now)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}")
        # Every date it reads, writes or prints is the user's day (accounts.zones).
        with activated_for(user):
            saved_at = (
                iso_moment(options["saved_at"], "--saved-at") if options["saved_at"] else None
            )
            if options["file"] == "-":
                text = sys.stdin.read()
            else:
                try:
                    text = Path(options["file"]).read_bytes().decode("utf-8", errors="replace")
                except OSError as exc:
                    raise CommandError(f"Cannot read {options['file']}: {exc.strerror}") from exc
            try:
                summary = history_import(owner=user, text=text, saved_at=saved_at)
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
            if summary["inside_starting_balance"]:
                self.stdout.write(
                    f"{summary['inside_starting_balance']} of them are dated at or before your "
                    "starting balance's moment: already inside it, not counted again."
                )
            if summary["difference"] == 0:
                self.stdout.write(f"Bidbook and Upwork agree: {summary['balance_after']}")
            elif summary["difference"] is not None:
                self.stdout.write(
                    f"Upwork's balance is {summary['upwork_balance']}, Bidbook's is "
                    f"{summary['balance_after']}: a difference of {summary['difference']:+d}."
                )
