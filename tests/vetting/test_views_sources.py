"""The vetting page says which facts are exact and which Upwork rounded, and checks the balance."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from tests.vetting.test_views import text_of
from vetting.models import Vetting

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jobs"


def upload(client: Client, name: str) -> Vetting:
    page = SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), "text/html")
    client.post("/vet/", {"text": "", "file": page})
    return Vetting.objects.latest("pk")


def test_a_saved_page_with_upworks_state_shows_its_exact_facts(
    alice_client: Client, alice: User
) -> None:
    vetting = upload(alice_client, "job_page_saved_with_state.html")
    html = alice_client.get(f"/vet/{vetting.pk}/").content.decode()

    assert 'data-testid="source-posted_at">exact<' in html
    assert 'data-testid="source-client_total_spent">exact<' in html
    assert 'data-testid="source-connects_required"' not in html  # read off the text, not rounded
    assert vetting.facts["sources"]["proposals_min"] == "embedded"
    assert vetting.facts["client_total_spent"] == 1864


def test_a_copied_page_marks_what_upwork_rounded(alice_client: Client, alice: User) -> None:
    text = (FIXTURES / "job_page_fixed_intermediate.txt").read_text(encoding="utf-8")
    alice_client.post("/vet/", {"text": text})
    vetting = Vetting.objects.latest("pk")
    html = alice_client.get(f"/vet/{vetting.pk}/").content.decode()

    assert 'data-testid="source-posted_at">rounded by Upwork<' in html
    assert 'data-testid="source-client_total_spent">rounded by Upwork<' in html
    assert 'data-testid="source-client_hire_rate"' not in html


def test_upworks_balance_is_set_beside_bidbooks(alice_client: Client, alice: User) -> None:
    text = (FIXTURES / "job_page_fixed_intermediate.txt").read_text(encoding="utf-8")
    alice_client.post("/vet/", {"text": text})
    vetting = Vetting.objects.latest("pk")
    page = text_of(alice_client.get(f"/vet/{vetting.pk}/"))

    # alice has no ledger entries yet: her Bidbook balance is 0.
    assert "Available Connects: Upwork says 31, Bidbook 0 (import your Connects History" in page
    assert "Screening questions 4" in page
    assert "Stars this client gave 3.4" in page
