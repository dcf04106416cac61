"""Reporting's tables: the audit log, the projection pointer, rebuild jobs, projection facts.

Projection tables are declared in the placeholder schema ``projection``; each generation
lives in a real schema (``projection_1``, ``projection_2``…) reached through SQLAlchemy's
``schema_translate_map``. A rebuild fills a new generation, then moves the pointer.
"""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

metadata = MetaData()

#: the schema name projection tables are written against; translated per generation
PLACEHOLDER = "projection"
STAMP = DateTime(timezone=True)

audit_log = Table(
    "audit_log",
    metadata,
    Column("position", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("event_type", Text, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("stream_type", Text, nullable=False),
    Column("stream_id", UUID(as_uuid=True), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("municipality", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("occurred_at", STAMP, nullable=False),
    Column("recorded_at", STAMP, nullable=False),
    Column("topic", Text, nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("envelope", JSONB, nullable=False),
    #: the record's bytes exactly as they came off the topic
    Column("raw", Text, nullable=False),
    Column("stored_at", STAMP, nullable=False, server_default=func.now()),
    Index("audit_log_stream", "stream_id", "position"),
    Index("audit_log_type", "event_type", "position"),
    Index("audit_log_municipality", "municipality", "position"),
    Index("audit_log_recorded", "recorded_at"),
    schema="public",
)

projection_pointer = Table(
    "projection_pointer",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("swapped_at", STAMP, nullable=False, server_default=func.now()),
    #: the derivation of facts the live generation holds (``reporting.projections.version``)
    Column("facts_version", Integer, nullable=False, server_default="0"),
    schema="public",
)

rebuild_jobs = Table(
    "rebuild_jobs",
    metadata,
    Column("job_id", UUID(as_uuid=True), primary_key=True),
    Column("status", Text, nullable=False),
    Column("generation", Integer, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("done", BigInteger, nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("started_at", STAMP, nullable=False),
    Column("finished_at", STAMP),
    Column("error", Text),
    schema="public",
)

#: one row per (event, fact): the figures are aggregates of these at query time
facts = Table(
    "facts",
    metadata,
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("fact", Text, nullable=False),
    Column("municipality", Text, nullable=False),
    Column("beneficiary_id", UUID(as_uuid=True)),
    Column("item_id", UUID(as_uuid=True)),
    Column("label", Text),
    Column("amount", Numeric(14, 2)),
    Column("occurred_at", STAMP, nullable=False),
    Column("recorded_at", STAMP, nullable=False),
    #: what a fact holds beyond one label, as the payload had it (a registration's consents):
    #: copied as JSON, never turned into text. Last: migration 0005 added it to the tables.
    Column("detail", JSONB),
    PrimaryKeyConstraint("event_id", "fact"),
    Index("facts_by_fact", "fact", "recorded_at"),
    Index("facts_by_item", "item_id"),
    schema=PLACEHOLDER,
)

#: the statistical attributes of a person as each event left them (never personal data)
beneficiary_attributes = Table(
    "beneficiary_attributes",
    metadata,
    Column("event_id", UUID(as_uuid=True), primary_key=True),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False),
    Column("municipality", Text, nullable=False),
    Column("sex", Text, nullable=False),
    Column("birth_year", Integer, nullable=False),
    Column("nationality", Text, nullable=False),
    Column("recorded_at", STAMP, nullable=False),
    Index("beneficiary_attributes_lookup", "beneficiary_id", "recorded_at"),
    schema=PLACEHOLDER,
)

PROJECTION_TABLES = (facts, beneficiary_attributes)
