from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from accounts.zones import activated_for
from ledger.management.moments import iso_moment
from ledger.selectors import balance_of
from ledger.services import LedgerError, starting_balance_set


class Command(BaseCommand):
    help = (
        "Set a user's starting balance: the connects Upwork showed at a moment. Entries dated at "
        "or before the moment are inside it, whether they are in the ledger yet or imported later."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username")
        parser.add_argument("connects", type=int, help="the balance Upwork showed")
        parser.add_argument(
            "--as-of", dest="as_of", help="ISO 8601 moment Upwork showed it (default: now)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}")
        # Every date it reads, writes or prints is the user's day (accounts.zones).
        with activated_for(user):
            as_of = iso_moment(options["as_of"], "--as-of") if options["as_of"] else timezone.now()
            try:
                written = starting_balance_set(
                    owner=user, connects=options["connects"], as_of=as_of
                )
            except LedgerError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"Starting balance of {user.username}: {options['connects']} connects as of "
                f"{timezone.localtime(as_of):%b %d, %Y %H:%M %Z} "
                f"({len(written)} opening entr{'y' if len(written) == 1 else 'ies'} written). "
                f"Balance now: {balance_of(user)}."
            )
