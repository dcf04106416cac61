"""Merge proposals across municipalities: asked, listed per side, decided, undone."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain.merge_proposal import CLOSED_BY_ERASURE, MergeProposal
from intake.match_keys import PossibleMatch
from intake.schema import merge_proposals as table
from lgnet_events.ids import uuid7

Direction = Literal["incoming", "outgoing"]


@dataclass(frozen=True, slots=True)
class Asking:
    """Who asks, from which record."""

    beneficiary_id: UUID
    municipality: str
    actor: str
    at: datetime


async def propose(
    conn: AsyncConnection, asking: Asking, found: list[PossibleMatch]
) -> list[tuple[UUID, PossibleMatch]]:
    """One open proposal per record found; those already open are not asked again.

    Returns the new proposals' ids with the record each is about."""
    made = []
    for match in found:
        proposal_id = uuid7()
        row = {
            "proposal_id": proposal_id,
            "asking_municipality": asking.municipality,
            "asking_id": asking.beneficiary_id,
            "receiving_municipality": match.municipality,
            "receiving_id": match.beneficiary_id,
            "kind": match.kind,
            "status": "open",
            "asked_by": asking.actor,
            "created_at": asking.at,
        }
        query = insert(table).values(row).on_conflict_do_nothing().returning(table.c.proposal_id)
        if (await conn.execute(query)).first() is not None:
            made.append((proposal_id, match))
    return made


async def proposal(conn: AsyncConnection, proposal_id: UUID) -> RowMapping | None:
    query = select(table).where(table.c.proposal_id == proposal_id).with_for_update()
    return (await conn.execute(query)).mappings().first()


def of_row(row: RowMapping) -> MergeProposal:
    return MergeProposal(row["proposal_id"], row["asking_id"], row["receiving_id"], row["status"])


async def listed(
    conn: AsyncConnection,
    municipalities: frozenset[str],
    direction: Direction | None,
    status: str | None,
    after: UUID | None,
    limit: int,
) -> list[RowMapping]:
    """Newest first; *limit* + 1 rows to tell whether more follow."""
    c = table.c
    query = select(table).where(_side(municipalities, direction))
    if status is not None:
        query = query.where(c.status == status)
    if after is not None:
        query = query.where(c.proposal_id < after)
    query = query.order_by(c.proposal_id.desc()).limit(limit + 1)
    return list((await conn.execute(query)).mappings())


def _side(municipalities: frozenset[str], direction: Direction | None) -> ColumnElement[bool]:
    ours = sorted(municipalities)
    incoming = table.c.receiving_municipality.in_(ours)
    outgoing = table.c.asking_municipality.in_(ours)
    if direction == "incoming":
        return incoming
    if direction == "outgoing":
        return outgoing
    return or_(incoming, outgoing)


@dataclass(frozen=True, slots=True)
class Decision:
    status: str
    actor: str
    at: datetime
    stays: str | None = None
    reason: str | None = None


async def decide(conn: AsyncConnection, proposal_id: UUID, decision: Decision) -> None:
    await conn.execute(
        update(table)
        .where(table.c.proposal_id == proposal_id)
        .values(
            status=decision.status,
            decided_by=decision.actor,
            decided_at=decision.at,
            stays=decision.stays,
            reason=decision.reason,
        )
    )


async def undone(conn: AsyncConnection, merged_id: UUID) -> None:
    """The merge of *merged_id* was undone: the proposal that made it says so."""
    c = table.c
    merged = or_(
        (c.stays == "asking") & (c.receiving_id == merged_id),
        (c.stays == "receiving") & (c.asking_id == merged_id),
    )
    query = update(table).where(c.status == "accepted", merged).values(status="undone")
    await conn.execute(query)


async def close_about(conn: AsyncConnection, erased_id: UUID) -> None:
    """The personal data of *erased_id* was erased: its open proposals can never be decided."""
    c = table.c
    about = or_(c.asking_id == erased_id, c.receiving_id == erased_id)
    query = update(table).where(c.status == "open", about)
    closed = {"status": "closed", "reason": CLOSED_BY_ERASURE, "decided_at": func.now()}
    await conn.execute(query.values(closed))
