"""The duplicate review queue: pairs proposed by the match keys, merged or dismissed."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.match_keys import PossibleMatch
from intake.schema import duplicate_reviews as table
from lgnet_events.ids import uuid7


async def propose(
    conn: AsyncConnection, beneficiary_id: UUID, municipality: str, found: list[PossibleMatch]
) -> None:
    """Queue the matches of a newly registered person in their own municipality."""
    kinds: dict[UUID, str] = {}
    for match in found:
        if match.beneficiary_id != beneficiary_id and match.municipality == municipality:
            kinds.setdefault(match.beneficiary_id, match.kind)
    rows = [
        {
            "review_id": uuid7(),
            "municipality": municipality,
            "beneficiary_id": beneficiary_id,
            "candidate_id": candidate,
            "kind": kind,
            "status": "open",
        }
        for candidate, kind in kinds.items()
    ]
    if rows:
        await conn.execute(insert(table), rows)


async def review(conn: AsyncConnection, review_id: UUID) -> RowMapping | None:
    query = select(table).where(table.c.review_id == review_id).with_for_update()
    return (await conn.execute(query)).mappings().first()


async def queue(
    conn: AsyncConnection,
    municipalities: frozenset[str],
    status: str | None,
    after: UUID | None,
    limit: int,
) -> list[RowMapping]:
    c = table.c
    query = select(table).where(c.municipality.in_(sorted(municipalities)))
    if status is not None:
        query = query.where(c.status == status)
    if after is not None:
        query = query.where(c.review_id < after)
    query = query.order_by(c.review_id.desc()).limit(limit + 1)
    return list((await conn.execute(query)).mappings())


async def decide(
    conn: AsyncConnection, review_id: UUID, status: str, actor: str, at: datetime
) -> None:
    await conn.execute(
        update(table)
        .where(table.c.review_id == review_id)
        .values(status=status, decided_by=actor, decided_at=at)
    )
