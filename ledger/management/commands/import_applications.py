"""Import applications from a CSV file for one user, as the Import page does, without a preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from accounts.zones import activated_for
from ledger.importers.applications_import import applications_csv_import


class Command(BaseCommand):
    help = (
        "Import applications from a CSV file (submitted_at, job_title, job_url, connects, "
        "boost_connects, outcome, outcome_at, contract_value_usd). Rows already there are "
        "skipped, so running it twice adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The username to import for.")
        parser.add_argument("file", help="Path to the CSV file.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            owner = User.objects.get(username=options["user"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {options['user']!r}.") from exc
        # Every date it reads, writes or prints is the user's day (accounts.zones).
        with activated_for(owner):
            path = Path(options["file"])
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc

            result = applications_csv_import(owner=owner, data=data, today=timezone.localdate())
            if result.error:
                raise CommandError(f"{path}: {result.error}")
            if result.missing_columns:
                raise CommandError(f"{path} lacks the columns: {', '.join(result.missing_columns)}")

            for app in result.added:
                self.stdout.write(
                    f"added    {app.submitted_on}  {app.connects_paid:>4} connects  {app.job_title}"
                )
            for row in result.skipped:
                self.stdout.write(
                    f"skipped  line {row.line}: already there ({row.submitted_at} {row.job_title})"
                )
            for rejected in result.rejected:
                self.stdout.write(f"rejected line {rejected.line}: {rejected.reason}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(result.added)} added, {len(result.skipped)} skipped (already there), "
                    f"{len(result.rejected)} rejected."
                )
            )
