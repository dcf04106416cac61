"""The case view: one row per case for the list and the detail screens."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.projections import follow_ups, plans
from intake.projections.case_table import case_view, change
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    CaseAssessed,
    CaseAssigned,
    CaseClosed,
    CaseOpened,
    CasePlanApproved,
    CasePlanDrafted,
    CaseReopened,
    FollowUpDone,
    FollowUpScheduled,
    GoalProgressRecorded,
    ReferralIssued,
    ReferralOutcomeRecorded,
    SupportProvided,
)
from lgnet_events.envelope import Envelope

__all__ = ["apply", "case_view"]


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, CaseOpened):
        await _opened(conn, envelope, event)
    elif isinstance(event, CaseClosed):
        await change(
            conn, envelope, status="closed", outcome=event.outcome, closed_at=envelope.occurred_at
        )
    elif isinstance(event, CaseReopened):
        await change(conn, envelope, status="open", outcome=None, closed_at=None)
    elif isinstance(event, SupportProvided):
        await change(
            conn,
            envelope,
            support_count=case_view.c.support_count + 1,
            support_minutes=case_view.c.support_minutes + event.minutes,
        )
    elif isinstance(event, CaseAssessed | ReferralIssued | ReferralOutcomeRecorded):
        await _change_lists(conn, envelope, event)
    elif isinstance(event, CaseAssigned):
        await change(conn, envelope, assigned_to=event.assigned_to)
    elif isinstance(event, FollowUpScheduled | FollowUpDone):
        await follow_ups.apply(conn, envelope, event)
    elif isinstance(event, CasePlanDrafted | CasePlanApproved | GoalProgressRecorded):
        await plans.apply(conn, envelope, event)


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
            assigned_to=envelope.actor,
            follow_ups=[],
            updated_at=envelope.occurred_at,
            version=envelope.stream_version,
        )
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
        await change(conn, envelope, assessments=[*row.assessments, entry])
    else:
        if isinstance(event, ReferralIssued):
            referrals = [*row.referrals, _referral(event, at)]
        else:
            referrals = [_with_outcome(r, event, at) for r in row.referrals]
        pending = min((r["issued_at"] for r in referrals if r["outcome"] is None), default=None)
        since = None if pending is None else datetime.fromisoformat(pending)
        await change(conn, envelope, referrals=referrals, pending_referral_since=since)


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
