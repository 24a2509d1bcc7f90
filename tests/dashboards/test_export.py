"""Download everything: one zip, every table as CSV and JSON, settings, a README; nothing of bob."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.test import Client

from accounts.models import User
from ledger import services
from ledger.models import Application, ConnectsEntry
from tests.security.test_isolation_walk import CANARY, build_world
from vetting.models import Decision, Job, RuleResult, Vetting

pytestmark = pytest.mark.django_db

URL = "/settings/export/"
TABLES = (
    "jobs",
    "vettings",
    "rule_results",
    "decisions",
    "applications",
    "entries",
    "imports",
    "sent_emails",
)


def _zip(client: Client) -> zipfile.ZipFile:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="bidbook-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))


def _json(archive: zipfile.ZipFile, name: str) -> object:
    return json.loads(archive.read(name).decode())


def test_it_holds_every_table_twice_settings_and_a_readme(
    alice: User, alice_client: Client
) -> None:
    build_world(alice)

    archive = _zip(alice_client)

    assert sorted(archive.namelist()) == sorted(
        ["README.txt", "settings.json"] + [f"{t}.{ext}" for t in TABLES for ext in ("csv", "json")]
    )
    counts = {
        "jobs": Job.objects.filter(owner=alice).count(),
        "vettings": Vetting.objects.filter(owner=alice).count(),
        "rule_results": RuleResult.objects.filter(vetting__owner=alice).count(),
        "decisions": Decision.objects.filter(owner=alice).count(),
        "applications": Application.objects.filter(owner=alice).count(),
        "entries": ConnectsEntry.objects.filter(owner=alice).count(),
    }
    for name, count in counts.items():
        assert count > 0, name
        assert len(_csv(archive, name)) == count, name
        assert len(_json(archive, f"{name}.json")) == count, name  # type: ignore[arg-type]
    readme = archive.read("README.txt").decode()
    assert f"applications.csv / applications.json: {counts['applications']} row(s)" in readme
    assert "Times are ISO 8601 in UTC" in readme


def test_vettings_carry_their_facts_and_applications_their_fates(
    alice: User, alice_client: Client
) -> None:
    build_world(alice)
    vetting = Vetting.objects.filter(owner=alice).order_by("id").first()
    assert vetting is not None

    archive = _zip(alice_client)

    vettings = _json(archive, "vettings.json")
    assert isinstance(vettings, list)
    first = next(v for v in vettings if v["id"] == vetting.pk)
    assert first["facts"] == vetting.facts
    assert first["verdict"] == vetting.verdict and first["score"] == vetting.score
    assert first["created_at"] == vetting.created_at.isoformat()
    row = next(r for r in _csv(archive, "vettings") if r["id"] == str(vetting.pk))
    assert json.loads(row["facts"]) == vetting.facts
    applications = {a["job_title"]: a for a in _csv(archive, "applications")}
    cancelled = applications[f"{CANARY} cancelled"]
    assert (cancelled["paid"], cancelled["refunded"], cancelled["fate"]) == ("10", "10", "refunded")
    entries = _json(archive, "entries.json")
    assert isinstance(entries, list)
    assert sum(e["connects"] for e in entries) == sum(
        ConnectsEntry.objects.filter(owner=alice).values_list("connects", flat=True)
    )
    purchase = next(e for e in entries if e["kind"] == "purchase")
    assert purchase["usd_paid"] == "12.00"
    rules = _csv(archive, "rule_results")
    assert {"vetting_id", "code", "rule", "status", "reason"} <= set(rules[0])


def test_settings_hold_the_account_the_ledger_and_the_thresholds(
    alice: User, alice_client: Client
) -> None:
    build_world(alice)

    settings = _json(_zip(alice_client), "settings.json")

    assert isinstance(settings, dict)
    assert settings["account"]["username"] == "alice"
    assert settings["ledger"]["plan"] == "plus"
    assert settings["ledger"]["price_per_connect"] == "0.1500"
    assert settings["vetting"]["hire_rate_min"] == 40  # build_world saves 60, then applies 40
    assert "hire_rate" in settings["vetting"]["decisive"]


def test_nothing_of_bob_is_in_alices_zip(alice: User, bob: User, alice_client: Client) -> None:
    build_world(bob)  # bob's texts carry the canary; alice has nothing

    archive = _zip(alice_client)

    for name in archive.namelist():
        assert CANARY not in archive.read(name).decode(), name
    assert _json(archive, "applications.json") == []


def test_a_cell_a_spreadsheet_would_run_is_defused(alice: User, alice_client: Client) -> None:
    services.connects_adjust(
        owner=alice, connects=5, note="=HYPERLINK(1)", occurred_on=date(2026, 1, 5)
    )

    entries = _csv(_zip(alice_client), "entries")

    assert entries[0]["note"] == "'=HYPERLINK(1)"


def test_sent_emails_list_each_digest_and_report_with_its_period(
    alice: User, alice_client: Client
) -> None:
    build_world(alice)  # December 2025's report sent, the week of Jan 12 closed without mail

    archive = _zip(alice_client)

    rows = _csv(archive, "sent_emails")
    assert [(r["kind"], r["period"], r["sent_at"] != "") for r in rows] == [
        ("report", "2025-12", True),
        ("digest", "2026-W03", False),
    ]
    assert "user_id" not in rows[0]
    assert "sent_emails.csv / sent_emails.json: 2 row(s)" in archive.read("README.txt").decode()
