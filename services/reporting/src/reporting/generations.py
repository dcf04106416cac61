"""Projection generations: each lives in a schema of its own; a pointer row names the live one."""

from collections.abc import Sequence

from sqlalchemy import Table, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import CreateIndex, DropIndex

from reporting.schema import PLACEHOLDER, PROJECTION_TABLES, metadata, projection_pointer

POINTER_ID = 1


def schema_of(generation: int) -> str:
    return f"projection_{int(generation)}"


def create_generation(conn: Connection, generation: int, *, indexed: bool = True) -> None:
    """Empty projection tables for *generation* (synchronous: migrations and ``run_sync``).

    A rebuild creates them without keys and indexes, and without autovacuum, loads them,
    then calls :func:`index_generation`: building an index once is far cheaper than row by
    row, and autovacuum would otherwise vacuum and analyze each table in the middle of its
    load, against the load for the 2 cores.
    """
    schema = schema_of(generation)
    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    translated = _translated(conn, generation)
    metadata.create_all(translated, tables=list(PROJECTION_TABLES))
    if not indexed:
        for table in PROJECTION_TABLES:
            for index in table.indexes:
                translated.execute(DropIndex(index))
            translated.execute(
                text(f'ALTER TABLE "{schema}".{table.name} DROP CONSTRAINT {table.name}_pkey')
            )
            translated.execute(
                text(f'ALTER TABLE "{schema}".{table.name} SET (autovacuum_enabled = false)')
            )


def index_generation(
    conn: Connection, generation: int, tables: Sequence[Table] = PROJECTION_TABLES
) -> None:
    """Primary keys, indexes and statistics of *tables* (all by default) of a generation
    loaded bare; autovacuum looks after them again from here."""
    translated = _translated(conn, generation)
    for table in tables:
        name = f'"{schema_of(generation)}".{table.name}'
        # Plain SQL: SQLAlchemy's AddConstraint would leave the key out of later CREATE TABLEs.
        key = ", ".join(column.name for column in table.primary_key.columns)
        translated.execute(text(f"ALTER TABLE {name} ADD PRIMARY KEY ({key})"))
        for index in table.indexes:
            translated.execute(CreateIndex(index))
        translated.execute(text(f"ANALYZE {name}"))
        translated.execute(text(f"ALTER TABLE {name} RESET (autovacuum_enabled)"))


def _translated(conn: Connection, generation: int) -> Connection:
    return conn.execution_options(schema_translate_map={PLACEHOLDER: schema_of(generation)})


def drop_generation(conn: Connection, generation: int) -> None:
    conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema_of(generation)}" CASCADE'))


async def use_generation(conn: AsyncConnection, generation: int) -> AsyncConnection:
    """Point *conn*'s projection statements at *generation*'s tables."""
    return await conn.execution_options(schema_translate_map={PLACEHOLDER: schema_of(generation)})


async def live_generation(conn: AsyncConnection, *, lock: bool = False) -> int:
    """The generation serving now; ``lock`` holds it (shared) until the transaction ends,
    so a rebuild cannot swap while this transaction writes to it."""
    query = select(projection_pointer.c.generation).where(projection_pointer.c.id == POINTER_ID)
    if lock:
        query = query.with_for_update(read=True)
    return int((await conn.execute(query)).scalar_one())


async def use_live_generation(conn: AsyncConnection, *, lock: bool = False) -> int:
    generation = await live_generation(conn, lock=lock)
    await use_generation(conn, generation)
    return generation


async def hold_for_swap(conn: AsyncConnection) -> int:
    """Lock the pointer exclusively: writers of the live generation wait until commit."""
    query = (
        select(projection_pointer.c.generation)
        .where(projection_pointer.c.id == POINTER_ID)
        .with_for_update()
    )
    return int((await conn.execute(query)).scalar_one())


#: the schema of every generation there is, in no order
GENERATION_SCHEMAS = text(
    "SELECT schema_name FROM information_schema.schemata WHERE schema_name ~ '^projection_[0-9]+$'"
)


async def existing_generations(conn: AsyncConnection) -> list[int]:
    names = await conn.execute(GENERATION_SCHEMAS)
    return sorted(int(name.removeprefix("projection_")) for name in names.scalars())
