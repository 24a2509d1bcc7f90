"""A Connects History page's "Today" and "Yesterday" are days where its owner is."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from accounts.zones import activated_for
from ledger.importers.history_import import history_parse, history_upload
from ledger.importers.tasks import import_history_task
from ledger.models import ConnectsEntry, ImportBatch
from tests.factories import UserFactory

# 23:30 on Nov 30 in Los Angeles; 07:30 on Dec 1 in UTC.
SAVED = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
PAGE = "\n".join(
    [
        "Today",
        "Applied to job",
        "Late job",
        "-14",
        "Yesterday",
        "Applied to job",
        "Other job",
        "-16",
    ]
)


def test_today_is_the_day_it_was_where_the_reader_is() -> None:
    with activated_for("America/Los_Angeles"):
        assert [row.date for row in history_parse(PAGE, SAVED).rows] == [
            date(2026, 11, 30),
            date(2026, 11, 29),
        ]
    with activated_for("Pacific/Auckland"):  # 20:30 on Dec 1
        assert [row.date for row in history_parse(PAGE, SAVED).rows] == [
            date(2026, 12, 1),
            date(2026, 11, 30),
        ]
    assert [row.date for row in history_parse(PAGE, SAVED).rows] == [
        date(2026, 12, 1),
        date(2026, 11, 30),
    ]


@pytest.mark.django_db
def test_the_import_task_reads_the_page_in_the_owners_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: SAVED)
    carol = UserFactory(username="carol", time_zone="America/Los_Angeles")
    batch = history_upload(owner=carol, text=PAGE, file_name="", saved_at=None)
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.QUEUED)  # confirmed

    import_history_task.delay(batch.pk)  # run as a worker would: no zone active

    assert sorted(carol.connects_entries.values_list("occurred_on", "connects")) == [
        (date(2026, 11, 29), -16),
        (date(2026, 11, 30), -14),
    ]
    assert ConnectsEntry.objects.count() == 2
