"""Set every application's connects_paid / boost_connects to what its entries say.

Before ledger.writer kept them in step, a Connects History correction (Upwork charged 18 for a
proposal logged at 16) changed the entries but not these figures, so the e-mails and the log
form showed 16. The writer now keeps them equal to minus the sum of the proposal and boost
entries; this brings existing rows there once. Only applications that have such entries change.
"""

from __future__ import annotations

from django.db import migrations
from django.db.models import Sum

FIGURE_OF_KIND = {"proposal": "connects_paid", "boost": "boost_connects"}


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Application = apps.get_model("ledger", "Application")
    ConnectsEntry = apps.get_model("ledger", "ConnectsEntry")
    totals: dict[int, dict[str, int]] = {}
    for app_id, kind, total in (
        ConnectsEntry.objects.filter(application__isnull=False, kind__in=list(FIGURE_OF_KIND))
        .values_list("application_id", "kind")
        .annotate(total=Sum("connects"))
        .order_by()
    ):
        totals.setdefault(app_id, {})[FIGURE_OF_KIND[kind]] = max(-total, 0)
    changed = []
    for app in Application.objects.filter(pk__in=list(totals)).only(*FIGURE_OF_KIND.values()):
        want = {"connects_paid": 0, "boost_connects": 0, **totals[app.pk]}
        if (app.connects_paid, app.boost_connects) != (
            want["connects_paid"],
            want["boost_connects"],
        ):
            app.connects_paid = want["connects_paid"]
            app.boost_connects = want["boost_connects"]
            changed.append(app)
    Application.objects.bulk_update(changed, list(FIGURE_OF_KIND.values()), batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_review_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
