"""The writes that start from a dashboard: applying the suggested thresholds."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from accounts.models import User
from dashboards.history import threshold_suggestions
from vetting.models import ThresholdChange
from vetting.rules import Thresholds
from vetting.selectors import thresholds_for
from vetting.services import vetting_settings_save


@dataclass(frozen=True)
class AppliedSuggestions:
    change: ThresholdChange
    changed_labels: list[str]


@transaction.atomic
def thresholds_apply_suggested(*, user: User) -> AppliedSuggestions | None:
    """Apply every suggested value at once, recorded as a change of source "suggested".

    The suggestions are computed again here from the history as it is now, not taken from the
    page, so what is applied is what the page would show at this moment. None when there is
    nothing to change.
    """
    changes: dict[str, Any] = threshold_suggestions(user).changes
    if not changes:
        return None
    current = thresholds_for(user)
    vetting_settings_save(
        user=user,
        thresholds=dataclasses.replace(current, **changes),
        source=ThresholdChange.Source.SUGGESTED,
    )
    change = ThresholdChange.objects.filter(user=user).order_by("-pk").first()
    assert change is not None  # the save above changed something, so it recorded it
    labels = {f.name: str(f.metadata["label"]) for f in Thresholds.numeric_fields()}
    return AppliedSuggestions(change=change, changed_labels=[labels[n] for n in sorted(changes)])
