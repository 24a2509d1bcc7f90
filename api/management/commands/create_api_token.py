"""`manage.py create_api_token --user U [--name N]`: a token for scripts; printed once, last."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from api.services import ApiTokenError, api_token_create


class Command(BaseCommand):
    help = (
        "Make an API token for a user and print it. It is shown this once (only a fingerprint "
        "is stored), alone on the last line, so `| tail -n 1` captures it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username")
        parser.add_argument("--name", default="Command line", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}")
        try:
            row, token = api_token_create(owner=user, name=options["name"])
        except ApiTokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"API token “{row.name}” for {user.username} (starts {row.prefix}):")
        self.stdout.write(token)
