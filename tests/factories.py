"""factory-boy factories for every model; tests build data through these, never by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from ledger.models import Application, ConnectsEntry
from vetting.models import Job, RuleResult, Vetting


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"freelancer{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class JobFactory(DjangoModelFactory[Job]):
    class Meta:
        model = Job

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Django developer for a booking site #{n}")
    ciphertext = factory.Sequence(lambda n: f"~01{n:016x}")
    url = factory.LazyAttribute(lambda o: f"https://www.upwork.com/jobs/{o.ciphertext}")
    description = "Build a booking flow with Django and PostgreSQL. Deliverables: ..."
    budget_type = "fixed"
    budget_min = Decimal("500")
    budget_max = Decimal("500")
    connects_required = 16


class VettingFactory(DjangoModelFactory[Vetting]):
    class Meta:
        model = Vetting

    job = factory.SubFactory(JobFactory)
    owner = factory.LazyAttribute(lambda o: o.job.owner)
    facts = factory.LazyAttribute(lambda o: {"title": o.job.title, "connects_required": 16})
    score = 80
    verdict = "apply"
    ruleset_version = "test"
    thresholds = factory.LazyFunction(dict)


class RuleResultFactory(DjangoModelFactory[RuleResult]):
    class Meta:
        model = RuleResult

    vetting = factory.SubFactory(VettingFactory)
    code = "hire_rate"
    status = "pass"
    reason = "Hire rate 80%; your bar is 50%"


class ApplicationFactory(DjangoModelFactory[Application]):
    """An application row only; use ledger.services.application_submit for one with entries."""

    class Meta:
        model = Application

    owner = factory.SubFactory(UserFactory)
    job_title = factory.Sequence(lambda n: f"Landing page in Webflow #{n}")
    job_url = factory.Sequence(lambda n: f"https://www.upwork.com/jobs/~02{n:016x}")
    submitted_on = factory.LazyFunction(lambda: date(2026, 1, 10))
    connects_paid = 16
    boost_connects = 0


class EntryFactory(DjangoModelFactory[ConnectsEntry]):
    class Meta:
        model = ConnectsEntry

    owner = factory.SubFactory(UserFactory)
    kind = "purchase"
    connects = 40
    occurred_on = factory.LazyFunction(lambda: date(2026, 1, 2))


# Background work (ledger.tasks, ledger.import_progress): imports waiting for a worker.
from datetime import UTC, datetime  # noqa: E402

from ledger.models import ImportBatch  # noqa: E402


class ImportBatchFactory(DjangoModelFactory[ImportBatch]):
    class Meta:
        model = ImportBatch

    owner = factory.SubFactory(UserFactory)
    kind = ImportBatch.Kind.HISTORY
    state = ImportBatch.State.QUEUED
    parsed_at = factory.LazyFunction(lambda: datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
