"""Read-model rows as response bodies; personal data opened only when asked to."""

import json
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.api.plan_presenters import closure_readiness, plan_out
from intake.api.schemas import (
    AssessmentOut,
    BeneficiaryOut,
    CaseOut,
    CaseSummary,
    ConsentOut,
    FollowUpOut,
    HistoryItem,
    ReferralOut,
)
from intake.domain.consent import ConsentRecord, terms
from intake.domain.follow_up import Deadlines
from intake.domain.personal_data import Assessment, PersonalData, Vulnerabilities
from intake.vault import Vault
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope
from lgnet_events.registry import EventRegistry

M = TypeVar("M", bound=BaseModel)


class Opener:
    """Opens a person's sealed values, or shows none when the caller may not see them."""

    def __init__(self, conn: AsyncConnection, vault: Vault, beneficiary_id: UUID, allowed: bool):
        self.conn, self.vault, self.beneficiary_id, self.allowed = (
            conn,
            vault,
            beneficiary_id,
            allowed,
        )

    async def text(self, sealed: str | None) -> str | None:
        if not self.allowed or sealed is None:
            return None
        return await self.vault.open(self.conn, self.beneficiary_id, sealed)

    async def model(self, kind: type[M], sealed: str | None) -> M | None:
        clear = await self.text(sealed)
        return None if clear is None else kind.model_validate(json.loads(clear))


async def beneficiary_out(row: RowMapping, opener: Opener) -> BeneficiaryOut:
    fields = {k: v for k, v in row.items() if k in BeneficiaryOut.model_fields}
    if row.get("merged_elsewhere"):
        fields["merged_into"] = None  # another municipality's record: its id is not shown
    personal = await opener.model(PersonalData, row["personal_data"])
    consents = consents_out(row["consents"], datetime.now(UTC).date())
    return BeneficiaryOut(**{**fields, "personal_data": personal, "consents": consents})


def consents_out(stored: dict[str, dict[str, Any]], day: date) -> list[ConsentOut]:
    return [_consent_out(purpose, entry, day) for purpose, entry in sorted(stored.items())]


def _consent_out(purpose: str, entry: dict[str, Any], day: date) -> ConsentOut:
    given = ConsentOut.model_validate({"purpose": purpose, **entry, "valid": False})
    agreed = terms(given.purpose, given.given_on, given.expires_on)
    reason = ConsentRecord(agreed, given.withdrawn_on).refusal_on(day)
    return given.model_copy(update={"valid": reason is None, "reason": reason})


def case_summary(row: RowMapping, deadlines: Deadlines) -> CaseSummary:
    fields = {k: v for k, v in row.items() if k in CaseSummary.model_fields}
    return CaseSummary(**fields, overdue=_overdue(row, deadlines))


def _overdue(row: RowMapping, deadlines: Deadlines) -> bool:
    if row["status"] != "open":
        return False
    due, since = row["next_due_on"], row["pending_referral_since"]
    return (due is not None and deadlines.follow_up_overdue(due, None)) or (
        since is not None and deadlines.referral_overdue(since, None)
    )


async def case_out(row: RowMapping, opener: Opener, deadlines: Deadlines) -> CaseOut:
    summary = case_summary(row, deadlines).model_dump()
    referrals = [await _referral(r, opener, deadlines) for r in row["referrals"]]
    follow_ups = [await _follow_up(f, opener, deadlines) for f in row["follow_ups"]]
    assessments = [
        AssessmentOut(
            team_roles=a["team_roles"],
            at=a["at"],
            assessment=await opener.model(Assessment, a["assessment"]),
        )
        for a in row["assessments"]
    ]
    vulnerabilities = await opener.model(Vulnerabilities, row["vulnerabilities"])
    return CaseOut(
        **summary,
        plan=await plan_out(row["plan"], opener),
        closure_readiness=closure_readiness(row),
        referrals=referrals,
        follow_ups=follow_ups,
        assessments=assessments,
        vulnerabilities=vulnerabilities,
    )


async def _referral(stored: dict[str, Any], opener: Opener, deadlines: Deadlines) -> ReferralOut:
    out = ReferralOut(**{**stored, "note": await opener.text(stored.get("note"))})
    overdue = deadlines.referral_overdue(out.issued_at, out.outcome)
    return out.model_copy(update={"overdue": overdue})


async def _follow_up(stored: dict[str, Any], opener: Opener, deadlines: Deadlines) -> FollowUpOut:
    note = await opener.text(stored.get("note"))
    out = FollowUpOut(**{**stored, "note": note, "overdue": False})
    return out.model_copy(update={"overdue": deadlines.follow_up_overdue(out.due_on, out.done_on)})


def history_item(envelope: Envelope, registry: EventRegistry) -> HistoryItem:
    event = registry.decode(envelope)
    return HistoryItem(
        event_id=envelope.event_id,
        event_type=envelope.event_type,
        stream_version=envelope.stream_version,
        occurred_at=envelope.occurred_at,
        recorded_at=envelope.recorded_at,
        actor=envelope.actor,
        data=_without_sealed(event),
    )


SEALED_FIELDS = frozenset({"personal_data", "vulnerabilities", "assessment", "note"})


def _without_sealed(event: DomainEvent) -> dict[str, Any]:
    return event.model_dump(mode="json", exclude=set(SEALED_FIELDS))
