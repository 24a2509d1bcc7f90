"""Planner statistics after a bulk write: ANALYZE the tables an import filled (PostgreSQL).

A user who imports 20,000 applications is, to the planner, still the user with none until
autovacuum gets round to the tables (it waits for 10% of a table to change, and then for its
turn): it picks nested loops for what are now big joins, and the dashboard went from 0.1 s to
9 s. ANALYZE samples a fixed number of rows (about 30,000 a table), so it costs the same a
fraction of a second whatever the table's size; it runs inside the import's transaction,
which sees its own rows, and its figures are kept when that transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model

# Fewer new rows than this cannot move the estimates enough to change a plan.
ANALYZE_AFTER_ROWS = 1000


def analyze_after_bulk_write(models: Iterable[type[Model]], rows: int) -> bool:
    """ANALYZE the models' tables when `rows` rows were just written; returns whether it did.

    Only on PostgreSQL: SQLite keeps no statistics unless someone runs ANALYZE by hand, and
    its planner does without them.
    """
    if connection.vendor != "postgresql" or rows < ANALYZE_AFTER_ROWS:
        return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
    return True
