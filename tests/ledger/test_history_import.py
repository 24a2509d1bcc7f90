"""Importing Upwork's Connects History: every row once, never twice, reconciled."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from ledger import selectors, services
from ledger.emails import send_weekly_digest
from ledger.importers.history_import import HistoryImportError, history_import
from ledger.models import Application, ConnectsEntry, EntryKind, ImportBatch
from ledger.selectors import balance_of

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "history"
SAMPLE_NOW = datetime(2026, 1, 12, 18, 30, tzinfo=UTC)
OVERLAP_NOW = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)
CANCELLED_JOB = "Senior full-stack engineer for AI startup in Canada"
DENTAL_JOB = "Android App for Dental Appointments"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _kinds(owner: User) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in ConnectsEntry.objects.filter(owner=owner).values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


class TestTheRealSample:
    def test_every_row_is_accounted_for(self, alice: User) -> None:
        summary = history_import(
            owner=alice, text=_read("connects_history_sample.html"), saved_at=SAMPLE_NOW
        )
        assert _kinds(alice) == {
            "proposal": 9,
            "availability_badge": 4,
            "refund": 2,
            "boost_returned": 1,
            "boost": 1,
            "adjustment": 1,
        }
        assert balance_of(alice) == -56
        assert summary["rows"] == 18
        assert summary["written"] == 18
        assert summary["new_applications"] == 9
        assert summary["not_understood"] == 1  # "Refunded Connects for Connects Award"
        # Upwork says 451; the ledger knows only the page's 7 days: 507 connects are older.
        assert summary["upwork_balance"] == 451
        assert summary["difference"] == 507

    def test_the_unknown_action_keeps_its_wording_to_be_reclassified(self, alice: User) -> None:
        history_import(owner=alice, text=_read("connects_history_sample.html"), saved_at=SAMPLE_NOW)
        entry = ConnectsEntry.objects.get(owner=alice, kind=EntryKind.ADJUSTMENT)
        assert entry.upwork_action == "Refunded Connects for Connects Award"
        assert entry.connects == 20

    def test_proposal_rows_become_applications_marked_as_imported(self, alice: User) -> None:
        history_import(owner=alice, text=_read("connects_history_sample.html"), saved_at=SAMPLE_NOW)
        apps = Application.objects.filter(owner=alice)
        assert apps.count() == 9
        assert set(apps.values_list("source", flat=True)) == {Application.Source.HISTORY}
        dental = apps.get(job_title=DENTAL_JOB)
        assert (dental.submitted_on, dental.connects_paid) == (date(2026, 1, 12), 10)
        assert dental.job_url.startswith("https://www.upwork.com/jobs/~0")

    def test_importing_the_same_page_again_adds_nothing(self, alice: User) -> None:
        history_import(owner=alice, text=_read("connects_history_sample.html"), saved_at=SAMPLE_NOW)
        again = history_import(
            owner=alice, text=_read("connects_history_sample.html"), saved_at=SAMPLE_NOW
        )
        assert again["written"] == 0 and again["already"] == 18
        assert ConnectsEntry.objects.filter(owner=alice).count() == 18

    def test_the_copied_text_of_the_same_page_adds_nothing_after_the_html(
        self, alice: User
    ) -> None:
        history_import(owner=alice, text=_read("connects_history_sample.html"), saved_at=SAMPLE_NOW)
        again = history_import(
            owner=alice, text=_read("connects_history_sample.txt"), saved_at=SAMPLE_NOW
        )
        assert again["written"] == 0
        assert balance_of(alice) == -56

    def test_an_overlapping_later_window_adds_only_the_new_rows(self, alice: User) -> None:
        history_import(owner=alice, text=_read("connects_history_sample.txt"), saved_at=SAMPLE_NOW)
        later = history_import(
            owner=alice, text=_read("connects_history_overlap.txt"), saved_at=OVERLAP_NOW
        )
        assert later["written"] == 2
        assert later["new_by_kind"] == {"monthly_grant": 1, "proposal": 1}
        assert balance_of(alice) == -56 + 100 - 16
        assert later["upwork_balance"] == 535 and later["difference"] == 507


class TestMatchingWhatWasLoggedByHand:
    def test_a_proposal_logged_by_hand_is_confirmed_not_doubled(self, alice: User) -> None:
        services.application_submit(
            owner=alice, job_title=DENTAL_JOB, submitted_on=date(2026, 1, 12), connects_paid=10
        )
        summary = history_import(
            owner=alice, text=_read("connects_history_sample.txt"), saved_at=SAMPLE_NOW
        )
        assert summary["matched_to_applications"] == 1
        app = Application.objects.get(owner=alice, job_title=DENTAL_JOB)
        assert list(app.entries.values_list("kind", "connects")) == [("proposal", -10)]
        assert Application.objects.filter(owner=alice).count() == 9

    def test_a_proposal_logged_at_the_wrong_cost_gets_a_correction(self, alice: User) -> None:
        services.application_submit(
            owner=alice, job_title=DENTAL_JOB, submitted_on=date(2026, 1, 12), connects_paid=8
        )
        history_import(owner=alice, text=_read("connects_history_sample.txt"), saved_at=SAMPLE_NOW)
        app = Application.objects.get(owner=alice, job_title=DENTAL_JOB)
        assert sorted(app.entries.values_list("connects", flat=True)) == [-8, -2]
        assert selectors.application_money(app).paid == 10

    def test_a_proposal_corrected_by_upwork_shows_upworks_figure_everywhere(
        self, alice: User
    ) -> None:
        # The e-mails and the log form read connects_paid: it must say what the entries say.
        services.application_submit(
            owner=alice, job_title=DENTAL_JOB, submitted_on=date(2026, 1, 12), connects_paid=8
        )
        history_import(owner=alice, text=_read("connects_history_sample.txt"), saved_at=SAMPLE_NOW)
        app = Application.objects.get(owner=alice, job_title=DENTAL_JOB)
        assert (app.connects_paid, app.boost_connects) == (10, 0)
        assert send_weekly_digest(user=alice, today=date(2026, 3, 1))
        body = mail.outbox[-1].body
        assert f"- {DENTAL_JOB}: sent 12 Jan 2026, 48 days ago, 10 connects" in body

    @pytest.mark.parametrize("spelling", ["Job cancelled", "Job canceled"])
    def test_a_job_cancelled_row_closes_the_application_and_is_its_refund(
        self, alice: User, spelling: str
    ) -> None:
        # Upwork writes both; the US spelling once refunded the connects and left it pending.
        app = services.application_submit(
            owner=alice, job_title=CANCELLED_JOB, submitted_on=date(2025, 12, 20), connects_paid=21
        )
        text = _read("connects_history_sample.txt").replace("Job cancelled", spelling)
        history_import(owner=alice, text=text, saved_at=SAMPLE_NOW)
        app.refresh_from_db()
        assert (app.outcome, app.outcome_on) == ("client_cancelled", date(2026, 1, 11))
        assert list(app.entries.order_by("id").values_list("kind", "connects")) == [
            ("proposal", -21),
            ("refund", 21),
        ]

    def test_a_refund_already_recorded_by_setting_the_outcome_is_not_counted_twice(
        self, alice: User
    ) -> None:
        app = services.application_submit(
            owner=alice, job_title=CANCELLED_JOB, submitted_on=date(2025, 12, 20), connects_paid=21
        )
        services.application_set_outcome(
            application=app, outcome="client_cancelled", outcome_on=date(2026, 1, 11)
        )
        summary = history_import(
            owner=alice, text=_read("connects_history_sample.txt"), saved_at=SAMPLE_NOW
        )
        assert app.entries.filter(kind=EntryKind.REFUND).count() == 1
        assert summary["already"] == 1

    def test_a_monthly_grant_bidbook_already_wrote_is_not_granted_again(self, alice: User) -> None:
        history_import(owner=alice, text=_read("connects_history_sample.txt"), saved_at=SAMPLE_NOW)
        services.connects_grant(
            owner=alice, connects=100, occurred_on=date(2026, 1, 12), monthly=True
        )
        history_import(
            owner=alice, text=_read("connects_history_overlap.txt"), saved_at=OVERLAP_NOW
        )
        assert ConnectsEntry.objects.filter(owner=alice, kind="monthly_grant").count() == 1


class TestBadInput:
    @pytest.mark.parametrize("text", ["", "hello world", "\x00\xff" * 500, "<html></html>"])
    def test_garbage_gives_a_clear_message_and_writes_nothing(self, alice: User, text: str) -> None:
        with pytest.raises(HistoryImportError, match="No Connects History rows"):
            history_import(owner=alice, text=text, saved_at=SAMPLE_NOW)
        assert ConnectsEntry.objects.count() == 0


class TestPages:
    def test_paste_preview_confirm_and_see_it_finished(
        self, alice: User, alice_client: Client, django_capture_on_commit_callbacks
    ) -> None:
        response = alice_client.post(
            reverse("history:import"), {"text": _read("connects_history_sample.txt")}
        )
        batch = ImportBatch.objects.get(owner=alice)
        assert response["Location"] == reverse("history:preview", args=[batch.pk])
        preview = alice_client.get(response["Location"])
        assert preview.context["summary"]["new"] == 18
        assert "a difference of" in preview.content.decode()
        assert ConnectsEntry.objects.count() == 0  # nothing is written before the confirmation
        with django_capture_on_commit_callbacks(execute=True):
            alice_client.post(reverse("history:confirm", args=[batch.pk]))
        done = alice_client.get(reverse("imports:progress", args=[batch.pk]))
        batch.refresh_from_db()
        assert batch.state == ImportBatch.State.DONE
        assert batch.payload == ""
        assert batch.summary["written"] == 18
        assert "Done" in done.content.decode() or "done" in done.content.decode()
        assert ConnectsEntry.objects.filter(owner=alice).count() == 18

    def test_confirming_twice_imports_once(
        self, alice: User, alice_client: Client, django_capture_on_commit_callbacks
    ) -> None:
        alice_client.post(reverse("history:import"), {"text": _read("connects_history_sample.txt")})
        batch = ImportBatch.objects.get(owner=alice)
        with django_capture_on_commit_callbacks(execute=True):
            alice_client.post(reverse("history:confirm", args=[batch.pk]))
            alice_client.post(reverse("history:confirm", args=[batch.pk]))
        assert ConnectsEntry.objects.filter(owner=alice).count() == 18

    def test_a_saved_page_can_be_uploaded(self, alice: User, alice_client: Client) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(
            "history.html", (FIXTURES / "connects_history_sample.html").read_bytes()
        )
        response = alice_client.post(reverse("history:import"), {"file": upload})
        assert response.status_code == 302
        assert ImportBatch.objects.get(owner=alice).file_name == "history.html"

    def test_garbage_keeps_the_text_and_says_what_is_missing(self, alice_client: Client) -> None:
        response = alice_client.post(reverse("history:import"), {"text": "my cat walked here"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "No Connects History rows were found" in html
        assert "my cat walked here" in html
        assert ImportBatch.objects.count() == 0

    def test_an_oversized_paste_is_refused_with_a_message(self, alice_client: Client) -> None:
        response = alice_client.post(reverse("history:import"), {"text": "x" * (1024 * 1024 + 1)})
        assert response.status_code == 200
        assert "over 1 MB" in response.content.decode()

    def test_bob_cannot_see_or_confirm_alices_import(
        self, alice: User, alice_client: Client, bob_client: Client
    ) -> None:
        alice_client.post(reverse("history:import"), {"text": _read("connects_history_sample.txt")})
        batch = ImportBatch.objects.get(owner=alice)
        assert bob_client.get(reverse("history:preview", args=[batch.pk])).status_code == 404
        assert bob_client.post(reverse("history:confirm", args=[batch.pk])).status_code == 404
        assert bob_client.get(reverse("imports:progress", args=[batch.pk])).status_code == 404
        batch.refresh_from_db()
        assert batch.state == ImportBatch.State.PREVIEW

    def test_an_unknown_action_can_be_reclassified_without_changing_the_balance(
        self, alice: User, alice_client: Client
    ) -> None:
        history_import(owner=alice, text=_read("connects_history_sample.txt"), saved_at=SAMPLE_NOW)
        entry = ConnectsEntry.objects.get(owner=alice, kind=EntryKind.ADJUSTMENT)
        before = balance_of(alice)
        url = reverse("history:reclassify", args=[entry.pk])
        alice_client.post(url, {"kind": "award"})
        alice_client.post(url, {"kind": "award"})
        assert balance_of(alice) == before
        assert ConnectsEntry.objects.filter(owner=alice, kind=EntryKind.AWARD).count() == 1
        entry.refresh_from_db()
        assert entry.connects == 20  # the original entry is never changed


class TestCommand:
    def test_it_imports_a_file_and_prints_what_it_added(self, alice: User) -> None:
        out = StringIO()
        call_command(
            "import_connects_history",
            "--user",
            "alice",
            str(FIXTURES / "connects_history_sample.html"),
            "--now",
            "2026-01-12T18:30:00+00:00",
            stdout=out,
        )
        text = out.getvalue()
        assert "18 rows read: 18 entries added" in text
        assert "difference of +507" in text
        assert balance_of(alice) == -56

    def test_it_names_what_is_wrong(self, alice: User, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="No user"):
            call_command("import_connects_history", "--user", "nobody", "x.txt")
        with pytest.raises(CommandError, match="--saved-at"):
            call_command("import_connects_history", "--user", "alice", "x", "--now", "soon")
        with pytest.raises(CommandError, match="Cannot read"):
            call_command("import_connects_history", "--user", "alice", str(tmp_path / "none"))
        garbage = tmp_path / "garbage.txt"
        garbage.write_text("nothing here")
        with pytest.raises(CommandError, match="No Connects History rows"):
            call_command("import_connects_history", "--user", "alice", str(garbage))


def test_the_preview_offers_the_difference_as_a_prefilled_adjustment(
    alice: User, alice_client: Client
) -> None:
    alice_client.post(reverse("history:import"), {"text": _read("connects_history_sample.txt")})
    batch = ImportBatch.objects.get(owner=alice)
    preview = alice_client.get(reverse("history:preview", args=[batch.pk])).content.decode()
    assert f"{reverse('ledger:adjust')}?connects=507" in preview
    form = alice_client.get(reverse("ledger:adjust") + "?connects=507&note=Reconcile").context[
        "form"
    ]
    assert (form.initial["connects"], form.initial["note"]) == ("507", "Reconcile")
