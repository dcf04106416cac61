"""Who read or changed a person's record, when and why: append-only, kept after erasure.

Changes come from the events (one row per event, written in the transaction of the append
and never twice); reads are recorded by the API in the transaction of the read. The table
holds ids and codes only, never personal data. A trigger refuses updates and deletes.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from sqlalchemy import BigInteger, Column, DateTime, Index, Table, Text, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.schema import metadata, retention_runs
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope

#: ``check``: a duplicate check from another municipality found this person;
#: ``proposal``: a merge proposal across municipalities names this person's record;
#: ``decision``: such a proposal was accepted or declined
Action = Literal["read", "change", "check", "proposal", "decision"]
DUPLICATE_CHECK = "duplicate_check"
MERGE_PROPOSAL = "merge_proposal"
PURPOSE_OF_CHANGE = {
    "intake.BreakGlassAccessGranted": "break_glass",
    "intake.BeneficiaryPersonalDataErased": "erasure",
    "intake.ReferralOutcomeRecorded": "referral",
}

access_log = Table(
    "access_log",
    metadata,
    Column("entry_id", BigInteger, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("roles", ARRAY(Text), nullable=False),
    Column("beneficiary_id", PgUUID(as_uuid=True), nullable=False),
    Column("municipality", Text, nullable=False),
    Column("action", Text, nullable=False),
    #: what was read (``beneficiary``, ``case``) or the event type of the change
    Column("what", Text, nullable=False),
    Column("case_id", PgUUID(as_uuid=True)),
    #: why: ``case_work``, ``break_glass``, ``referral``, ``erasure``, ``audit``…
    Column("purpose", Text, nullable=False),
    Column("grant_id", PgUUID(as_uuid=True)),
    Column("event_id", PgUUID(as_uuid=True), unique=True),
    #: duplicate checks: the municipalities of the caller who checked
    Column("requested_from", ARRAY(Text)),
    Index("access_log_person", "beneficiary_id", "entry_id"),
    Index("access_log_purpose", "purpose", "municipality", "entry_id"),
)


@dataclass(frozen=True, slots=True)
class Read:
    actor: str
    roles: tuple[str, ...]
    beneficiary_id: UUID
    municipality: str
    what: str
    purpose: str
    at: datetime
    case_id: UUID | None = None
    grant_id: UUID | None = None


async def record_read(conn: AsyncConnection, read: Read) -> None:
    await conn.execute(
        insert(access_log).values(
            at=read.at,
            actor=read.actor,
            roles=list(read.roles),
            beneficiary_id=read.beneficiary_id,
            municipality=read.municipality,
            action="read",
            what=read.what,
            case_id=read.case_id,
            purpose=read.purpose,
            grant_id=read.grant_id,
        )
    )


@dataclass(frozen=True, slots=True)
class Check:
    """A duplicate check by someone of other municipalities that found this person, or a
    merge proposal naming this person's record (``action="proposal"``)."""

    actor: str
    roles: tuple[str, ...]
    requested_from: tuple[str, ...]
    beneficiary_id: UUID
    municipality: str
    #: the kind of match: ``similar_names_and_birth_date`` or ``same_document``
    what: str
    at: datetime
    action: Action = "check"
    purpose: str = DUPLICATE_CHECK


async def record_checks(conn: AsyncConnection, checks: list[Check]) -> None:
    if not checks:
        return
    rows = [
        {
            "at": check.at,
            "actor": check.actor,
            "roles": list(check.roles),
            "beneficiary_id": check.beneficiary_id,
            "municipality": check.municipality,
            "action": check.action,
            "what": check.what,
            "purpose": check.purpose,
            "requested_from": list(check.requested_from),
        }
        for check in checks
    ]
    await conn.execute(insert(access_log), rows)


async def checks_on(
    conn: AsyncConnection, municipalities: frozenset[str], after: int | None, limit: int
) -> list[RowMapping]:
    """Duplicate checks that found people of *municipalities*, newest first; *limit* + 1
    rows to tell whether more follow."""
    c = access_log.c
    query = select(access_log).where(
        c.purpose == DUPLICATE_CHECK, c.municipality.in_(sorted(municipalities))
    )
    if after is not None:
        query = query.where(c.entry_id < after)
    query = query.order_by(c.entry_id.desc()).limit(limit + 1)
    return list((await conn.execute(query)).mappings())


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    """Every event about a person is a change of their record, by the event's actor."""
    beneficiary_id = getattr(event, "beneficiary_id", None)
    if not isinstance(beneficiary_id, UUID):
        return
    case_id = getattr(event, "case_id", None)
    await conn.execute(
        insert(access_log)
        .values(
            at=envelope.recorded_at,
            actor=envelope.actor,
            roles=[],
            beneficiary_id=beneficiary_id,
            municipality=envelope.municipality,
            action="change",
            what=envelope.event_type,
            case_id=case_id if isinstance(case_id, UUID) else None,
            purpose=PURPOSE_OF_CHANGE.get(envelope.event_type, "case_work"),
            grant_id=getattr(event, "grant_id", None),
            event_id=envelope.event_id,
        )
        .on_conflict_do_nothing(index_elements=[access_log.c.event_id])
    )


async def entries(
    conn: AsyncConnection, beneficiary_id: UUID, after: int | None, limit: int | None
) -> list[RowMapping]:
    """Oldest first; *limit* + 1 rows to tell whether more follow (all when ``None``)."""
    c = access_log.c
    query = select(access_log).where(c.beneficiary_id == beneficiary_id).order_by(c.entry_id)
    if after is not None:
        query = query.where(c.entry_id > after)
    if limit is not None:
        query = query.limit(limit + 1)
    return list((await conn.execute(query)).mappings())


async def count_before(conn: AsyncConnection, cutoff: datetime) -> int:
    query = select(func.count()).select_from(access_log).where(access_log.c.at < cutoff)
    count: int = (await conn.execute(query)).scalar_one()
    return count


async def delete_before(conn: AsyncConnection, cutoff: datetime) -> int:
    """Retention: delete the entries written before *cutoff*. The trigger allows it only in a
    transaction that says so, and only for entries more than a year old."""
    await conn.execute(text("SELECT set_config('lgnet.retention', 'access_log', true)"))
    removed = await conn.execute(access_log.delete().where(access_log.c.at < cutoff))
    await conn.execute(text("SELECT set_config('lgnet.retention', '', true)"))
    return int(removed.rowcount)


async def reapply_retention(conn: AsyncConnection) -> int:
    """After a projection rebuild: remove again the change entries retention had removed."""
    query = select(func.max(retention_runs.c.cutoff)).where(
        retention_runs.c.category == "access_log"
    )
    cutoff = (await conn.execute(query)).scalar_one()
    return 0 if cutoff is None else await delete_before(conn, cutoff)
