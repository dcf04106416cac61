"""Tables every service's database holds for its event store, outbox and inbox."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.engine import Connection

metadata = MetaData()

events = Table(
    "events",
    metadata,
    Column("position", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("event_type", Text, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("stream_type", Text, nullable=False),
    Column("stream_id", UUID(as_uuid=True), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("municipality", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("correlation_id", UUID(as_uuid=True), nullable=False),
    Column("causation_id", UUID(as_uuid=True), nullable=False),
    Column("traceparent", Text),
    Column("data", JSONB, nullable=False),
    UniqueConstraint("stream_id", "stream_version", name="events_stream_version_key"),
)

streams = Table(
    "streams",
    metadata,
    Column("stream_id", UUID(as_uuid=True), primary_key=True),
    Column("stream_type", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("enqueued_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True)),
    Index("outbox_unsent", "position", postgresql_where=text("sent_at IS NULL")),
)

inbox = Table(
    "inbox",
    metadata,
    Column("event_id", UUID(as_uuid=True), primary_key=True),
    Column("consumer", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("handled_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION lgnet_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
"""


def install_append_only_guard(conn: Connection, table: str) -> None:
    """Make *table* refuse UPDATE, DELETE and TRUNCATE, whoever the database user is."""
    conn.execute(text(_APPEND_ONLY))
    for op, when in (("update_delete", "UPDATE OR DELETE"), ("truncate", "TRUNCATE")):
        level = "ROW" if op == "update_delete" else "STATEMENT"
        conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{op} ON {table}"))
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_{op} BEFORE {when} ON {table} "
                f"FOR EACH {level} EXECUTE FUNCTION lgnet_reject_change()"
            )
        )


def install_store_schema(conn: Connection) -> None:
    """Create the event store, outbox and inbox (idempotent); called by each service's migration.

    ``events.tx_id`` is the writing transaction: read-all returns only rows below the oldest
    open transaction, so a reader that checkpoints by position never steps over a late commit.
    """
    metadata.create_all(conn, tables=[events, streams, outbox, inbox])
    conn.execute(
        text(
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS tx_id xid8 NOT NULL "
            "DEFAULT pg_current_xact_id()"
        )
    )
    install_append_only_guard(conn, "events")
