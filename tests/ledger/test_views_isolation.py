"""Bob never sees or touches anything of alice's: every lookup of hers is a 404 for him."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.models import Application, ConnectsEntry, ImportBatch
from ledger.selectors import balance_of
from tests.factories import VettingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_application(alice: User) -> Application:
    vetting = VettingFactory(owner=alice, job__owner=alice)
    return services.application_submit(
        owner=alice,
        job_title="Secret client of Alice",
        job_url="https://www.upwork.com/jobs/~01alice",
        submitted_on=date(2026, 1, 10),
        connects_paid=16,
        boost_connects=40,
        vetting=vetting,
        job=vetting.job,
    )


@pytest.fixture
def alices_batch(alice: User) -> ImportBatch:
    return ImportBatch.objects.create(
        owner=alice,
        kind=ImportBatch.Kind.CSV,
        payload="submitted_at,job_title,connects\n2026-01-11,Import of Alice,10\n",
        parsed_at=timezone.now(),
    )


def _state(owner: User) -> tuple[object, ...]:
    app = Application.objects.get(owner=owner)
    return (
        app.status,
        app.outcome,
        app.contract_value_usd,
        ConnectsEntry.objects.filter(owner=owner).count(),
        balance_of(owner),
        Application.objects.filter(owner=owner).count(),
    )


def test_every_url_of_alices_application_is_a_404_for_bob(
    alice: User, bob_client: Client, alices_application: Application
) -> None:
    pk = alices_application.pk
    before = _state(alice)
    pages = [reverse("ledger:application_detail", args=[pk])]
    posts = {
        reverse("ledger:application_status", args=[pk]): {"status": "interviewing"},
        reverse("ledger:application_outcome", args=[pk]): {"outcome": "client_cancelled"},
        reverse("ledger:application_boost_returned", args=[pk]): {},
    }
    for url in pages:
        assert bob_client.get(url).status_code == 404, url
        assert bob_client.post(url, {}).status_code == 404, url
    for url, data in posts.items():
        assert bob_client.post(url, data).status_code == 404, url
        assert bob_client.post(url, data, HTTP_HX_REQUEST="true").status_code == 404, url
        # GET is refused the same way for an id that exists and one that does not.
        assert bob_client.get(url).status_code == 405
    assert _state(alice) == before


def test_bob_cannot_start_an_application_from_alices_vetting_or_job(
    alice: User, bob_client: Client, alices_application: Application
) -> None:
    new = reverse("ledger:application_new")
    assert alices_application.vetting is not None and alices_application.job is not None
    assert bob_client.get(new, {"vetting": alices_application.vetting.pk}).status_code == 404
    assert bob_client.get(new, {"job": alices_application.job.pk}).status_code == 404
    response = bob_client.post(
        new,
        {
            "job_title": "x",
            "submitted_on": "2026-01-10",
            "connects_paid": "1",
            "vetting": alices_application.vetting.pk,
            "job": alices_application.job.pk,
        },
    )
    assert response.status_code == 200
    assert Application.objects.count() == 1


def test_bob_cannot_confirm_alices_import(
    alice: User, bob_client: Client, alices_batch: ImportBatch, alices_application: Application
) -> None:
    before = _state(alice)
    response = bob_client.post(reverse("ledger:applications_import"), {"batch": alices_batch.pk})
    assert response.status_code == 404
    alices_batch.refresh_from_db()
    assert alices_batch.state == ImportBatch.State.PREVIEW
    assert _state(alice) == before


def test_bobs_pages_and_exports_show_nothing_of_alices(
    alice: User, bob_client: Client, alices_application: Application
) -> None:
    services.connects_purchase(
        owner=alice,
        connects=40,
        usd_paid=6,
        occurred_on=date(2026, 1, 2),  # type: ignore[arg-type]
    )
    for name in ("ledger:applications", "ledger:entries", "ledger:settings"):
        response = bob_client.get(reverse(name))
        assert response.status_code == 200
        assert "Secret client of Alice" not in response.content.decode()
    applications_csv = bob_client.get(reverse("ledger:applications_export")).content.decode()
    entries_csv = bob_client.get(reverse("ledger:entries_export")).content.decode()
    assert applications_csv.count("\r\n") == 1  # the header only
    assert entries_csv.count("\r\n") == 1
