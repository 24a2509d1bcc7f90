from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workspace.demo import DEMO_PASSWORD, DEMO_USERNAME


class Command(BaseCommand):
    help = "Print how to log in to the demo account (used by `make run`)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"  Log in as: {DEMO_USERNAME}  /  password: {DEMO_PASSWORD}")
