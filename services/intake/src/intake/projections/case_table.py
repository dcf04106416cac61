"""The case view's table and its row update, shared by the modules that project into it."""

from typing import Any

from sqlalchemy import Column, Date, DateTime, Index, Integer, Table, Text, text, update
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.schema import metadata
from lgnet_events.envelope import Envelope

case_view = Table(
    "case_view",
    metadata,
    Column("case_id", UUID(as_uuid=True), primary_key=True),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("municipality", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("contact_point", Text, nullable=False),
    Column("urgency", Text, nullable=False),
    Column("vulnerabilities", Text),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("outcome", Text),
    Column("assessments", JSONB, nullable=False),
    Column("support_count", Integer, nullable=False),
    Column("support_minutes", Integer, nullable=False),
    Column("referrals", JSONB, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    #: the caseworker whose queue holds the case: whoever opened it until it is reassigned
    Column("assigned_to", Text),
    Column("follow_ups", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    #: the earliest due date among follow-ups not yet done
    Column("next_due_on", Date),
    #: when the oldest referral still waiting for its answer was issued
    Column("pending_referral_since", DateTime(timezone=True)),
    #: every version of the case plan and the progress recorded against its goals
    Column("plan", JSONB),
    Index("case_view_listing", "municipality", "case_id"),
    Index("case_view_work_queue", "assigned_to", "next_due_on"),
)


async def change(conn: AsyncConnection, envelope: Envelope, **changes: Any) -> None:
    await conn.execute(
        update(case_view)
        .where(case_view.c.case_id == envelope.stream_id)
        .values(**changes, updated_at=envelope.occurred_at, version=envelope.stream_version)
    )
