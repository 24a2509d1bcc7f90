"""Reading a moment given on the command line."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.management.base import CommandError


def iso_moment(value: str, option: str) -> datetime:
    """`2026-01-12T09:18`, `2026-01-12T09:18:01+05:00` or `2026-01-12`; UTC when it has no zone."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option} must be an ISO 8601 moment, got {value!r}") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
