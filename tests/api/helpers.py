"""Fixture pages and the moment the vetting tests read them at."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

JOBS = Path(__file__).resolve().parent.parent / "fixtures" / "jobs"
# The moment the parser tests read the fixtures at ("posted 2 days ago" resolves against it).
CAPTURED_AT = "2026-01-15T12:00:00Z"


def page(name: str) -> str:
    return (JOBS / name).read_text(encoding="utf-8")


def vet_json(name: str) -> dict[str, Any]:
    """What `manage.py vet --json` prints for a fixture: the API must agree with it."""
    out = StringIO()
    call_command("vet", str(JOBS / name), "--json", "--now", CAPTURED_AT, stdout=out)
    data: dict[str, Any] = json.loads(out.getvalue())
    return data
