from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.zones import activated_for
from dashboards.forms import form_errors, unknown_names, whatif_form
from dashboards.history import whatif_report
from dashboards.whatif import FIGURES
from vetting.selectors import thresholds_for


class Command(BaseCommand):
    help = (
        "Re-score a user's applications under other thresholds: per rule and combined, what "
        "skipping would have saved and missed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a threshold (as on the Settings page), e.g. hire_rate_min=60; "
            "decisive=hire_rate,idle_job for the rules that mean skip; repeat for more",
        )
        parser.add_argument("--from", dest="date_from", help="YYYY-MM-DD (default: the first)")
        parser.add_argument("--to", dest="date_to", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}")
        # Every date it reads, writes or prints is the user's day (accounts.zones).
        with activated_for(user):
            given: dict[str, str] = {}
            for pair in options["set"]:
                name, sep, value = pair.partition("=")
                if not sep or not name.strip():
                    raise CommandError(f"--set takes NAME=VALUE, got {pair!r}")
                given[name.strip()] = value.strip()
            unknown = unknown_names(list(given))
            if unknown:
                raise CommandError(f"Unknown threshold {', '.join(map(repr, unknown))}")
            for key, option in (("from", "date_from"), ("to", "date_to")):
                if options[option]:
                    given[key] = options[option]
            form = whatif_form(thresholds_for(user), given)
            if not form.is_valid():
                raise CommandError(form_errors(form))
            report = whatif_report(user, form.to_thresholds(), form.date_from, form.date_to)
            data = report.to_json()
            if options["json"]:
                self.stdout.write(json.dumps(data, indent=2))
                return
            period = data["period"]
            lines = [
                f"What-if for {user.username}, {period['from']} to {period['to']}: "
                f"{report.vetted} of {report.total} applications had a vetting to re-score",
                f"  {'':<20}" + "".join(f"{name:>{len(name) + 2}}" for name in FIGURES),
            ]
            for code, row in [*data["rules"].items(), ("combined (skip)", data["combined"])]:
                cells = "".join(f"{row[name]!s:>{len(name) + 2}}" for name in FIGURES)
                lines.append(f"  {code:<20}{cells}")
            self.stdout.write("\n".join(lines))
