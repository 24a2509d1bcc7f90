from __future__ import annotations

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The top floor: what needs every app (the demo account, the settings page, the header)."""

    name = "workspace"
    verbose_name = "Workspace"
