"""Read the description signals of the vettings written before they were stored.

The reading is today's vetting.rules.description_signals: what it stores is stamped with
SIGNALS_VERSION, so if the reading changes later the stale shapes are simply read again by
their users (and a later migration like this one may refill them). Vettings without a
description stay null: there is nothing to read.
"""

from django.db import migrations

# Rows are taken in keyset batches (id > last) rather than from one open cursor: SQLite gives no
# isolation between a cursor and the updates written while it is open.
BATCH = 2000


def signals_fill(apps, schema_editor):
    from vetting.rules import description_signals

    vetting_model = apps.get_model("vetting", "Vetting")
    unread = vetting_model.objects.filter(description_signals__isnull=True).order_by("pk")
    last = 0
    while True:
        batch = list(unread.filter(pk__gt=last).only("pk", "facts")[:BATCH])
        if not batch:
            break
        last = batch[-1].pk
        changed = []
        for vetting in batch:
            facts = vetting.facts if isinstance(vetting.facts, dict) else {}
            text = facts.get("description")
            if isinstance(text, str) and text:
                vetting.description_signals = description_signals(text).to_json()
                changed.append(vetting)
        vetting_model.objects.bulk_update(changed, ["description_signals"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("vetting", "0006_vetting_description_signals"),
    ]

    operations = [
        # Backwards is a no-op: 0006's reverse drops the column anyway.
        migrations.RunPython(signals_fill, migrations.RunPython.noop, elidable=True),
    ]
