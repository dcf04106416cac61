"""What reporting holds once it has drained a backlog, as one fingerprint per table.

Every table of reporting's database is read whole, each row as JSON without the columns
that say *when* or *where from* rather than *what*: the store time, the audit position,
the topic (each member count has its own namespace) and the raw record. Two databases that
ingested the same events must give the same fingerprints, whatever the member count.
"""

import asyncpg

#: bookkeeping of the process or of the schema, not results
SKIPPED_TABLES = ("alembic_version", "rebuild_jobs", "projection_pointer")
#: columns that differ between two correct runs (when, in which transaction, from where)
VOLATILE = ["stored_at", "position", "tx_id", "topic", "raw", "envelope", "handled_at"]

_TABLES = """
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT table_name = ANY($1)
ORDER BY table_name
"""


_FINGERPRINT = """
SELECT count(*) || ':' || md5(coalesce(string_agg(r, E'\\n' ORDER BY r), ''))
FROM (SELECT (to_jsonb(t) - $1::text[])::text AS r FROM "{table}" t) s
"""


async def _fingerprint(conn: asyncpg.Connection, table: str) -> str:
    # The table names come from the catalog just read, not from outside.
    query = _FINGERPRINT.format(table=table)
    return str(await conn.fetchval(query, VOLATILE))


async def fingerprints(database_url: str) -> dict[str, str]:
    """Table -> ``rows:md5`` of its rows without the volatile columns."""
    conn = await asyncpg.connect(database_url)
    try:
        tables = [row[0] for row in await conn.fetch(_TABLES, list(SKIPPED_TABLES))]
        return {table: await _fingerprint(conn, table) for table in tables}
    finally:
        await conn.close()
