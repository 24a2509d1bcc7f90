"""The data migration fills the description signals of vettings written before they were stored."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import UserFactory
from vetting.rules import DescriptionSignals, description_signals

BEFORE = [("vetting", "0006_vetting_description_signals")]
AFTER = [("vetting", "0007_fill_description_signals")]
TEXT = (
    "Build a booking flow in Django.\n- models\n- REST API\nDeliverables: code. Timeline: 3 weeks."
)


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_signals_of_a_vetting_with_a_description() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    # Only vetting goes back: the user is today's (accounts stays migrated).
    user = UserFactory(username="old")
    job = apps.get_model("vetting", "Job").objects.create(owner_id=user.pk, title="Booking flow")
    vetting_model = apps.get_model("vetting", "Vetting")

    def old_vetting(facts: dict[str, object]) -> int:
        row = vetting_model.objects.create(
            owner_id=user.pk, job=job, facts=facts, score=80, verdict="apply", ruleset_version="old"
        )
        return int(row.pk)

    described = old_vetting({"title": "Booking flow", "description": TEXT})
    bare = old_vetting({"title": "Booking flow"})
    damaged = old_vetting({"description": 12})

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    stored = dict(
        apps.get_model("vetting", "Vetting").objects.values_list("pk", "description_signals")
    )
    assert DescriptionSignals.from_json(stored[described]) == description_signals(TEXT)
    assert stored[described]["bullets"] == 2
    assert stored[bare] is None
    assert stored[damaged] is None

    # Backwards is a no-op: back to 0006 and forward again fills nothing twice.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
