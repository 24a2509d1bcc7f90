"""The monthly report's tasks, run eagerly: last month, once, to those who asked."""

from __future__ import annotations

import pytest
from django.core import mail

from dashboards import tasks
from tests.dashboards.test_emails import patch_monthly_report
from tests.ledger.test_tasks import _member

pytestmark = pytest.mark.django_db


class TestMonthlyReportTasks:
    def test_the_monthly_report_on_the_1st_covers_last_month_once(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = patch_monthly_report(monkeypatch)
        alice = _member("alice", monthly_report=True)
        _member("bob")
        tasks.send_monthly_reports.delay("2026-11-01")
        tasks.send_monthly_reports.delay("2026-11-01")
        assert [m.to for m in mail.outbox] == [["alice@example.com"]]
        assert calls == [(alice.pk, 2026, 10)]
