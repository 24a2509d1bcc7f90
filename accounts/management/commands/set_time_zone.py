from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from accounts.services import user_time_zone_set
from accounts.zones import activated_for


class Command(BaseCommand):
    help = (
        "Set a user's time zone (an IANA name such as Pacific/Auckland): the zone their days, "
        "'today' and months are read in. Nothing recorded moves: moments are stored in UTC."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username")
        parser.add_argument("time_zone", help="an IANA zone name, e.g. Europe/Berlin")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}")
        try:
            user_time_zone_set(user=user, time_zone=options["time_zone"])
        except ValidationError as exc:
            raise CommandError(f"time_zone: {' '.join(exc.messages)}") from exc
        with activated_for(user):
            now = timezone.localtime()
        self.stdout.write(
            f"Time zone of {user.username}: {user.time_zone} "
            f"(it is {now:%b %d, %Y %H:%M %Z} there)."
        )
