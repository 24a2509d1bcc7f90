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


# The columns whose figures one user's import moves and the dashboard's plans read: whose rows
# (the estimate that went wrong), which application, which day. ANALYZE of these alone costs
# about a third of a whole-table ANALYZE (the text columns are the expensive part: 530 ms ->
# 190 ms for the two tables of the full-scale bench), and it still refreshes the tables' row
# counts; the other columns' distributions hardly move when one user's rows arrive.
ANALYZED_COLUMNS = {
    "ledger_application": ("owner_id", "submitted_on"),
    "ledger_connectsentry": ("owner_id", "application_id", "occurred_on"),
}


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
            table = model._meta.db_table
            names = ANALYZED_COLUMNS.get(table)
            columns = f" ({', '.join(quote(n) for n in names)})" if names else ""
            cursor.execute(f"ANALYZE {quote(table)}{columns}")
    return True
