"""Checks behind /healthz beyond the database."""

from __future__ import annotations

from django.conf import settings


def broker_status() -> str | None:
    """'ok' or 'error' for the Celery broker; None when tasks run in-process (no broker)."""
    if not settings.CELERY_BROKER_URL:
        return None
    from config.celery_app import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # any transport error means the broker is not usable
        return "error"
    return "ok"
