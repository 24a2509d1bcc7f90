"""Importing applications from CSV: the preview, the write, twice adding nothing, the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from ledger import services
from ledger.importers.applications_import import (
    applications_csv_import,
    applications_csv_preview,
)
from ledger.models import Application, ImportBatch
from ledger.selectors import balance_of

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)
IMPORT = reverse("ledger:applications_import")
HEADER = (
    "submitted_at,job_title,job_url,connects,boost_connects,outcome,outcome_at,contract_value_usd"
)
FILE = "\n".join(
    [
        HEADER,
        "2026-01-10,Django booking site,https://www.upwork.com/jobs/~01abc,16,30,,,",
        "2026-01-12,Shopify theme fixes,,12,0,client_cancelled,2026-01-20,",
        "2026-01-15,Webflow landing page,https://www.upwork.com/jobs/~01def,10,0,hired,,1500.00",
        "2026-01-18,Logo design,,8,0,declined,2026-01-19,",
        "",
    ]
)


def _titles(owner: User) -> list[str]:
    return sorted(Application.objects.filter(owner=owner).values_list("job_title", flat=True))


class TestPreview:
    def test_it_splits_new_already_there_and_rejected_rows(self, alice: User) -> None:
        services.application_submit(
            owner=alice,
            job_title="Django booking site",
            job_url="https://www.upwork.com/jobs/~01abc",
            submitted_on=date(2026, 1, 10),
            connects_paid=16,
        )
        data = FILE + "not-a-date,Broken row,,5,0,,,\n"
        preview = applications_csv_preview(owner=alice, data=data, today=TODAY)
        assert [row.job_title for row in preview.new] == [
            "Shopify theme fixes",
            "Webflow landing page",
            "Logo design",
        ]
        assert [row.job_title for row in preview.existing] == ["Django booking site"]
        assert [row.line for row in preview.rejected] == [6]
        assert Application.objects.filter(owner=alice).count() == 1

    def test_a_title_matches_when_there_is_no_url(self, alice: User) -> None:
        services.application_submit(
            owner=alice,
            job_title="  shopify THEME   fixes ",
            submitted_on=date(2026, 1, 12),
            connects_paid=12,
        )
        preview = applications_csv_preview(owner=alice, data=FILE, today=TODAY)
        assert [row.job_title for row in preview.existing] == ["Shopify theme fixes"]

    def test_another_day_or_price_is_a_new_application(self, alice: User) -> None:
        for on, connects in [(date(2026, 1, 11), 16), (date(2026, 1, 10), 14)]:
            services.application_submit(
                owner=alice,
                job_title="Django booking site",
                job_url="https://www.upwork.com/jobs/~01abc",
                submitted_on=on,
                connects_paid=connects,
            )
        preview = applications_csv_preview(owner=alice, data=FILE, today=TODAY)
        assert len(preview.new) == 4 and preview.existing == []

    def test_a_title_alike_matches_one_application_of_its_own_day_only(self, alice: User) -> None:
        # Logged by hand with other prices (so no key matches): one on the row's day with a
        # link, one without, one without on the next day.
        for on, url in [
            (date(2026, 1, 12), "https://www.upwork.com/jobs/~01xyz"),
            (date(2026, 1, 12), ""),
            (date(2026, 1, 13), ""),
        ]:
            services.application_submit(
                owner=alice,
                job_title="Shopify theme fixs",
                job_url=url,
                submitted_on=on,
                connects_paid=20,
            )
        data = "\n".join(
            [
                HEADER,
                "2026-01-12,Shopify theme fixes,https://www.upwork.com/jobs/~01aaa,12,0,,,",
                "2026-01-12,Shopify theme fixes,,12,0,,,",
                "2026-01-14,Shopify theme fixes,,12,0,,,",
                "",
            ]
        )
        preview = applications_csv_preview(owner=alice, data=data, today=TODAY)
        # The linked row can only take the unlinked application of its day; the unlinked row
        # then takes the linked one (one side without a link is enough); the 14th has none.
        assert [row.line for row in preview.existing] == [2, 3]
        assert [row.line for row in preview.new] == [4]

    def test_cut_titles_changed_punctuation_twins_and_a_removed_duplicate(
        self, alice: User
    ) -> None:
        # Logged by hand on the 12th, none with a link: a long title, a short one, and one
        # removed as a duplicate (its last charge said 8).
        for title, connects in [
            ("Full-Stack Development Team \u2013 AI-based Platform (Web, iOS, Android)", 20),
            ("Shopify theme fixes", 12),
            ("Logo design", 8),
        ]:
            app = services.application_submit(
                owner=alice, job_title=title, submitted_on=date(2026, 1, 12), connects_paid=connects
            )
        services.application_remove_duplicate(application=app)
        data = "\n".join(
            [
                HEADER,
                # Cut short by Upwork's history, other connects: the long title, by its start.
                "2026-01-12,Full Stack Development Team - AI based Platform (Web...,,16,0,,,",
                # Case and punctuation changed, other connects: the short title.
                "2026-01-12,SHOPIFY theme fixes!,,10,0,,,",
                # The same again: the short title is taken, so this is another proposal.
                "2026-01-12,SHOPIFY theme fixes!,,10,0,,,",
                # The removed duplicate, by its key: importing it again must not bring it back.
                "2026-01-12,Logo design,,8,0,,,",
                # The short title on another day.
                "2026-01-13,Shopify theme fixes,,12,0,,,",
                "",
            ]
        )
        preview = applications_csv_preview(owner=alice, data=data, today=TODAY)
        assert [row.line for row in preview.existing] == [2, 3, 5]
        assert [row.line for row in preview.new] == [4, 6]
        result = applications_csv_import(owner=alice, data=data, today=TODAY)
        assert [(a.submitted_on.day, a.job_title, a.connects_paid) for a in result.added] == [
            (12, "SHOPIFY theme fixes!", 10),
            (13, "Shopify theme fixes", 12),
        ]
        assert [row.line for row in result.skipped] == [2, 3, 5]
        assert Application.objects.filter(owner=alice).count() == 4
        assert balance_of(alice) == -(20 + 12 + 10 + 12)

    def test_someone_elses_applications_do_not_count(self, alice: User, bob: User) -> None:
        applications_csv_import(owner=bob, data=FILE, today=TODAY)
        preview = applications_csv_preview(owner=alice, data=FILE, today=TODAY)
        assert (len(preview.new), len(preview.existing)) == (4, 0)


class TestImport:
    def test_it_writes_applications_entries_and_outcomes(self, alice: User) -> None:
        result = applications_csv_import(owner=alice, data=FILE.encode(), today=TODAY)
        assert (len(result.added), len(result.skipped), len(result.rejected)) == (4, 0, 0)
        assert {a.source for a in result.added} == {"csv"}
        apps = {a.job_title: a for a in Application.objects.filter(owner=alice)}
        shopify = apps["Shopify theme fixes"]
        assert (shopify.outcome, shopify.outcome_on) == ("client_cancelled", date(2026, 1, 20))
        assert list(shopify.entries.order_by("id").values_list("kind", "connects")) == [
            ("proposal", -12),
            ("refund", 12),
        ]
        webflow = apps["Webflow landing page"]
        # No outcome date: the outcome is dated the day the proposal was sent.
        assert (webflow.outcome, webflow.outcome_on, webflow.contract_value_usd) == (
            "hired",
            date(2026, 1, 15),
            Decimal("1500.00"),
        )
        assert apps["Django booking site"].boost_connects == 30
        # -16 -30 (Django) + 0 (Shopify, refunded) -10 (Webflow) -8 (Logo)
        assert balance_of(alice) == -64

    def test_importing_the_same_file_twice_adds_nothing(self, alice: User) -> None:
        applications_csv_import(owner=alice, data=FILE, today=TODAY)
        again = applications_csv_import(owner=alice, data=FILE, today=TODAY)
        assert (len(again.added), len(again.skipped)) == (0, 4)
        assert Application.objects.filter(owner=alice).count() == 4
        assert balance_of(alice) == -64

    def test_two_identical_rows_are_two_applications_once(self, alice: User) -> None:
        row = "2026-01-10,Logo design,,8,0,,,"
        data = f"{HEADER}\n{row}\n{row}\n"
        assert len(applications_csv_import(owner=alice, data=data, today=TODAY).added) == 2
        assert len(applications_csv_import(owner=alice, data=data, today=TODAY).added) == 0
        assert Application.objects.filter(owner=alice).count() == 2

    def test_a_bad_row_never_stops_the_good_ones(self, alice: User) -> None:
        data = "\n".join(
            [
                HEADER,
                "2026-01-10,Good one,,8,0,,,",
                "2026-01-11,Bad connects,,many,0,,,",
                "2999-01-01,From the future,,8,0,,,",
                "2026-01-12,Good two,,6,0,,,",
            ]
        )
        result = applications_csv_import(owner=alice, data=data, today=TODAY)
        assert _titles(alice) == ["Good one", "Good two"]
        assert [r.line for r in result.rejected] == [3, 4]
        assert all(r.reason for r in result.rejected)

    def test_a_spreadsheet_saved_in_windows_ansi_keeps_its_accents(self, alice: User) -> None:
        data = f"{HEADER}\n2026-01-10,Café menu in Français,,8,0,,,\n".encode("cp1252")
        applications_csv_import(owner=alice, data=data, today=TODAY)
        assert _titles(alice) == ["Café menu in Français"]

    def test_excels_unicode_text_reads_too(self, alice: User) -> None:
        data = f"{HEADER}\n2026-01-10,Logo für Café,,8,0,,,\n".encode("utf-16")
        applications_csv_import(owner=alice, data=data, today=TODAY)
        assert _titles(alice) == ["Logo für Café"]

    def test_a_file_without_the_columns_writes_nothing(self, alice: User) -> None:
        result = applications_csv_import(owner=alice, data="title,cost\nx,1\n", today=TODAY)
        assert result.added == []
        assert result.missing_columns or result.error
        assert not Application.objects.exists()


class TestThePage:
    def _upload(self, client: Client, data: str | bytes, name: str = "sent.csv") -> Any:
        content = data.encode() if isinstance(data, str) else data
        return client.post(IMPORT, {"file": SimpleUploadedFile(name, content, "text/csv")})

    def test_it_shows_the_upload_form(self, alice_client: Client) -> None:
        response = alice_client.get(IMPORT)
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in response.content.decode()

    def test_the_preview_shows_counts_and_writes_nothing_until_confirmed(
        self, alice: User, alice_client: Client, django_capture_on_commit_callbacks
    ) -> None:
        services.application_submit(
            owner=alice,
            job_title="Logo design",
            submitted_on=date(2026, 1, 18),
            connects_paid=8,
        )
        response = self._upload(alice_client, FILE + "bad,row,,x,0,,,\n")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-testid="preview-new">3<' in html
        assert 'data-testid="preview-existing">1<' in html
        assert 'data-testid="preview-rejected">1<' in html
        assert "connects: must be a whole number from 0 to 500" in html
        assert "bad, row, x, 0" in html
        assert "Import 3 applications" in html
        assert Application.objects.filter(owner=alice).count() == 1
        batch = ImportBatch.objects.get(owner=alice)
        assert (batch.kind, batch.state, batch.file_name) == ("csv", "preview", "sent.csv")
        assert f'name="batch" value="{batch.pk}"' in html

        # The import runs as a task once the confirmation is committed; the page follows it.
        with django_capture_on_commit_callbacks(execute=True):
            confirmed = alice_client.post(IMPORT, {"batch": batch.pk})
        assert confirmed.status_code == 302
        assert confirmed["Location"] == reverse("imports:progress", args=[batch.pk])
        assert Application.objects.filter(owner=alice).count() == 4
        batch.refresh_from_db()
        assert (batch.state, batch.payload, batch.summary) == (
            "done",
            "",
            {"added": 3, "skipped": 1, "rejected": 1},
        )
        progress = alice_client.get(confirmed["Location"]).content.decode()
        assert "3 applications added" in progress

    def test_confirming_twice_imports_once(
        self, alice: User, alice_client: Client, django_capture_on_commit_callbacks
    ) -> None:
        self._upload(alice_client, FILE)
        batch = ImportBatch.objects.get(owner=alice)
        with django_capture_on_commit_callbacks(execute=True):
            alice_client.post(IMPORT, {"batch": batch.pk})
            again = alice_client.post(IMPORT, {"batch": batch.pk})
        assert again.status_code == 302
        assert Application.objects.filter(owner=alice).count() == 4

    def test_a_file_with_nothing_new_offers_no_import(
        self, alice: User, alice_client: Client
    ) -> None:
        applications_csv_import(owner=alice, data=FILE, today=TODAY)
        html = self._upload(alice_client, FILE).content.decode()
        assert "Nothing new to import." in html
        assert not ImportBatch.objects.filter(owner=alice).exists()

    def test_a_file_over_5_mb_is_refused_with_a_clear_message(
        self, alice: User, alice_client: Client
    ) -> None:
        big = (HEADER + "\n").encode() + b"x" * (5 * 1024 * 1024)
        response = self._upload(alice_client, big)
        assert response.status_code == 200
        assert "the limit is 5 MB" in response.content.decode()
        assert not ImportBatch.objects.exists()

    def test_a_file_far_over_the_limit_gets_the_same_message(self, alice_client: Client) -> None:
        response = self._upload(alice_client, b"x" * (7 * 1024 * 1024))
        assert response.status_code == 200
        assert "the limit is 5 MB" in response.content.decode()

    def test_a_picture_instead_of_a_csv_is_explained_not_a_500(self, alice_client: Client) -> None:
        png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256))
        response = self._upload(alice_client, png, name="photo.png")
        assert response.status_code == 200
        assert 'class="form-errors"' in response.content.decode()
        assert not ImportBatch.objects.exists()

    def test_a_missing_file_is_named(self, alice_client: Client) -> None:
        response = alice_client.post(IMPORT, {})
        assert "CSV file: This field is required." in response.content.decode()

    def test_a_file_without_the_columns_says_what_is_missing(self, alice_client: Client) -> None:
        response = self._upload(alice_client, "title,cost\nLogo,8\n")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="form-errors"' in html
        assert 'name="batch"' not in html
        assert not ImportBatch.objects.exists()
