"""The case view: one row per case for the list and the detail screens."""

from typing import Any

from sqlalchemy import Column, DateTime, Index, Integer, Table, Text, select, update
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    CaseAssessed,
    CaseClosed,
    CaseOpened,
    CaseReopened,
    ReferralIssued,
    ReferralOutcomeRecorded,
    SupportProvided,
)
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
    Index("case_view_listing", "municipality", "case_id"),
)


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, CaseOpened):
        await _opened(conn, envelope, event)
    elif isinstance(event, CaseClosed):
        await _change(
            conn, envelope, status="closed", outcome=event.outcome, closed_at=envelope.occurred_at
        )
    elif isinstance(event, CaseReopened):
        await _change(conn, envelope, status="open", outcome=None, closed_at=None)
    elif isinstance(event, SupportProvided):
        await _change(
            conn,
            envelope,
            support_count=case_view.c.support_count + 1,
            support_minutes=case_view.c.support_minutes + event.minutes,
        )
    elif isinstance(event, CaseAssessed | ReferralIssued | ReferralOutcomeRecorded):
        await _change_lists(conn, envelope, event)
    else:
        return


async def _opened(conn: AsyncConnection, envelope: Envelope, event: CaseOpened) -> None:
    await conn.execute(
        insert(case_view).values(
            case_id=event.case_id,
            beneficiary_id=event.beneficiary_id,
            municipality=envelope.municipality,
            status="open",
            channel=event.channel,
            contact_point=event.contact_point,
            urgency=event.urgency,
            vulnerabilities=event.vulnerabilities,
            opened_at=envelope.occurred_at,
            assessments=[],
            support_count=0,
            support_minutes=0,
            referrals=[],
            updated_at=envelope.occurred_at,
            version=envelope.stream_version,
        )
    )


async def _change(conn: AsyncConnection, envelope: Envelope, **changes: Any) -> None:
    await conn.execute(
        update(case_view)
        .where(case_view.c.case_id == envelope.stream_id)
        .values(**changes, updated_at=envelope.occurred_at, version=envelope.stream_version)
    )


async def _change_lists(
    conn: AsyncConnection,
    envelope: Envelope,
    event: CaseAssessed | ReferralIssued | ReferralOutcomeRecorded,
) -> None:
    row = (
        await conn.execute(
            select(case_view.c.assessments, case_view.c.referrals)
            .where(case_view.c.case_id == envelope.stream_id)
            .with_for_update()
        )
    ).one()
    at = envelope.occurred_at.isoformat()
    if isinstance(event, CaseAssessed):
        entry = {"team_roles": event.team_roles, "assessment": event.assessment, "at": at}
        await _change(conn, envelope, assessments=[*row.assessments, entry])
    elif isinstance(event, ReferralIssued):
        await _change(conn, envelope, referrals=[*row.referrals, _referral(event, at)])
    else:
        referrals = [_with_outcome(r, event, at) for r in row.referrals]
        await _change(conn, envelope, referrals=referrals)


def _referral(event: ReferralIssued, at: str) -> dict[str, Any]:
    return {
        "referral_id": str(event.referral_id),
        "target": event.target,
        "urgency": event.urgency,
        "note": event.note,
        "issued_at": at,
        "outcome": None,
        "reason": None,
        "outcome_at": None,
    }


def _with_outcome(
    referral: dict[str, Any], event: ReferralOutcomeRecorded, at: str
) -> dict[str, Any]:
    if referral["referral_id"] != str(event.referral_id):
        return referral
    return {**referral, "outcome": event.outcome, "reason": event.reason, "outcome_at": at}
