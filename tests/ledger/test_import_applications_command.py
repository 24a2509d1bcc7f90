"""`manage.py import_applications --user USERNAME FILE`: what it added, skipped and rejected."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from ledger.models import Application
from ledger.selectors import balance_of

pytestmark = pytest.mark.django_db

CSV = (
    "submitted_at,job_title,job_url,connects,boost_connects,outcome,outcome_at,contract_value_usd\n"
    "2026-01-10,Django booking site,https://www.upwork.com/jobs/~01abc,16,0,,,\n"
    "2026-01-12,Shopify theme fixes,,12,0,client_cancelled,2026-01-20,\n"
    "2026-01-13,Broken row,,lots,0,,,\n"
)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import_applications", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "sent.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_it_imports_for_the_user_and_says_what_it_did(alice: User, csv_file: Path) -> None:
    output = _run("--user", "alice", str(csv_file))
    assert Application.objects.filter(owner=alice).count() == 2
    assert balance_of(alice) == -16
    assert "added    2026-01-10    16 connects  Django booking site" in output
    assert "added    2026-01-12    12 connects  Shopify theme fixes" in output
    assert "rejected line 4:" in output
    assert output.strip().endswith("2 added, 0 skipped (already there), 1 rejected.")


def test_running_it_twice_adds_nothing(alice: User, csv_file: Path) -> None:
    _run("--user", "alice", str(csv_file))
    output = _run("--user", "alice", str(csv_file))
    assert Application.objects.filter(owner=alice).count() == 2
    assert "skipped  line 2: already there (2026-01-10 Django booking site)" in output
    assert output.strip().endswith("0 added, 2 skipped (already there), 1 rejected.")


def test_an_unknown_user_is_an_error(alice: User, csv_file: Path) -> None:
    with pytest.raises(CommandError, match="No user named 'carol'"):
        _run("--user", "carol", str(csv_file))
    assert not Application.objects.exists()


def test_an_unreadable_file_is_an_error(alice: User, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        _run("--user", "alice", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="Cannot read"):
        _run("--user", "alice", str(tmp_path))  # a directory


def test_a_file_that_is_not_an_applications_csv_is_an_error(alice: User, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("title,cost\nLogo,8\n", encoding="utf-8")
    with pytest.raises(CommandError):
        _run("--user", "alice", str(path))
