from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workspace.demo import DEMO_USERNAME, demo_account_load


class Command(BaseCommand):
    help = "Create the demo account with realistic data (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        _, created = demo_account_load()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo account '{DEMO_USERNAME}' created."))
        else:
            self.stdout.write(f"Demo account '{DEMO_USERNAME}' already there; nothing changed.")
