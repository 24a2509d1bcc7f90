"""How the ledger's writer inserts many rows at once: PostgreSQL's COPY, else bulk_create.

Only ledger.writer calls these. `bulk_create` spends most of an import's time in Python,
preparing every value of every row through the field's `get_db_prep_save` and building a
statement of tens of thousands of parameters; COPY streams the rows as they are, and psycopg
adapts the plain values these tables hold (int, str, date, datetime, Decimal, None). The ids a
caller needs back are taken from the table's sequence first, in one query, so the rows go in
with their ids already set, as `bulk_create` would have set them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import DateField, Model
from django.utils import timezone

M = TypeVar("M", bound=Model)
BATCH = 2000


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor:

        def run(sql: str, params: Any, many: bool, context: Any) -> None:
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)

        # Through Django's execute wrappers, as every other statement goes: query logging,
        # connection.execute_wrapper() hooks (the crash tests') and debug timing see the COPY.
        cursor._execute_with_wrappers(sql, None, False, executor=run)


def _ids(model: type[Model], count: int) -> list[int]:
    """`count` fresh ids from the sequence behind the model's primary key."""
    table, pk = model._meta.db_table, model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def objects_insert(model: type[M], objects: Sequence[M]) -> Sequence[M]:
    """Insert new model instances and give each its id (bulk_create's contract, faster)."""
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objects, batch_size=BATCH)
    meta = model._meta
    fields = list(meta.concrete_fields)
    stamped = [f for f in fields if isinstance(f, DateField) and (f.auto_now or f.auto_now_add)]
    for obj, pk in zip(objects, _ids(model, len(objects)), strict=True):
        obj.pk = pk
        for field in stamped:
            field.pre_save(obj, add=True)  # what save() and bulk_create() do: set the stamp
        obj._state.adding = False
        obj._state.db = connection.alias
    attnames = [f.attname for f in fields]
    _copy(
        meta.db_table,
        [str(f.column) for f in fields],
        ([getattr(obj, name) for name in attnames] for obj in objects),
    )
    return objects


def rows_insert(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Insert plain rows (values in the order of the fields named in `columns`) where no
    caller needs the ids back; time stamps left out of `columns` are set to now. Returns how
    many rows went in."""
    if not rows:
        return 0
    meta = model._meta
    fields = [meta.get_field(name) for name in columns]
    now = timezone.now()
    stamps = [
        f
        for f in meta.concrete_fields
        if isinstance(f, DateField) and (f.auto_now or f.auto_now_add) and f.name not in columns
    ]
    db_columns = [str(f.column) for f in (*fields, *stamps)]  # type: ignore[union-attr]
    tail = [now] * len(stamps)
    if connection.vendor == "postgresql":
        _copy(meta.db_table, db_columns, ([*row, *tail] for row in rows))
        return len(rows)
    # Elsewhere the values go through each field's own preparation, as bulk_create does.
    prepare = [f.get_db_prep_save for f in (*fields, *stamps)]  # type: ignore[union-attr]
    values = [
        [p(v, connection) for p, v in zip(prepare, [*row, *tail], strict=True)] for row in rows
    ]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in db_columns)}) "
        f"VALUES ({', '.join(['%s'] * len(db_columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
    return len(rows)
