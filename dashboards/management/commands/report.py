from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.zones import activated_for
from dashboards.periods import Month
from dashboards.selectors import monthly_review, report_json
from vetting.rules import RULES_BY_CODE


class Command(BaseCommand):
    help = "Print a user's monthly review: connects and dollars by fate, rules, skipped jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        month = Month.parse(options["month"])
        if month is None:
            raise CommandError(f"--month must look like 2026-01, got {options['month']!r}")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}")
        # Every date it reads, writes or prints is the user's day (accounts.zones).
        with activated_for(user):
            data = report_json(monthly_review(user, month), month)
            if options["json"]:
                self.stdout.write(json.dumps(data, indent=2))
                return
            c, usd = data["connects"], data["usd"]
            apps = data["applications"]
            rate = "n/a (fewer than 10)" if apps["win_rate"] is None else f"{apps['win_rate']:.0%}"
            lines = [
                f"Bidbook review for {user.username}, {month.label}",
                f"  Spent     {c['spent']:>6} connects  ${usd['spent']}",
                f"  Refunded  {c['refunded']:>6} connects  ${usd['refunded']}",
                f"  Lost      {c['lost']:>6} connects  ${usd['lost']}",
                f"  Won       {c['won']:>6} connects  ${usd['won']}",
                f"  Pending   {c['pending']:>6} connects  ${usd['pending']}",
                f"  Purchased {c['purchased']:>6} connects  ${usd['purchases_paid']} paid",
                f"  Granted   {c['granted']:>6} connects",
                f"  Balance at month's end: {c['balance_end']} connects",
                f"  Applications: {apps['count']}, hired {apps['hired']}, win rate {rate}",
                f"  Skipped jobs: {data['skipped']['count']} "
                f"({data['skipped']['connects_avoided']} connects kept)",
            ]
            failing = [r for r in data["rules"] if r["failed_applications"]]
            if failing:
                lines.append("  Rules that would have saved you:")
                lines += [
                    f"    {_rule_name(r['code'])}: {r['failed_applications']} sent, "
                    f"{r['connects_lost']} connects (${r['usd_lost']}) lost, "
                    f"{r['hires_missed']} hires (${r['revenue_missed']}) missed"
                    for r in failing
                ]
            self.stdout.write("\n".join(lines))


def _rule_name(code: str) -> str:
    """A rule as the pages name it; a retired rule's code is all that is left of it."""
    rule = RULES_BY_CODE.get(code)
    return rule.title if rule is not None else code
