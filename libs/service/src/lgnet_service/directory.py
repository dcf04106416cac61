"""The local beneficiary directory of housing and civic, built from intake's events.

Only an id and a municipality per person: enough to refuse work for an unknown
beneficiary, or one of another municipality, without calling intake. Include
:data:`metadata` in the service's Alembic target metadata and merge
:data:`DIRECTORY_REACTIONS` into its consumer handlers.
"""

from collections.abc import Set
from datetime import datetime
from uuid import UUID

from sqlalchemy import Column, Connection, DateTime, MetaData, Table, Text, func, select
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import BeneficiaryPersonalDataErased, BeneficiaryRegistered
from lgnet_events.consumer import Handler
from lgnet_events.envelope import Envelope
from lgnet_service.auth.principal import Principal
from lgnet_service.errors import FieldError, ProblemError, unprocessable

metadata = MetaData()

beneficiary_directory = Table(
    "beneficiary_directory",
    metadata,
    Column("beneficiary_id", PgUUID(as_uuid=True), primary_key=True),
    Column("municipality", Text, nullable=False, index=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=True),
)

UNKNOWN = "unknown beneficiary"
ERASED = "the personal data of this beneficiary has been erased"
FIELD = "body.beneficiary_id"


def install_directory_schema(conn: Connection) -> None:
    """Create the directory table (tests; services create it in their migrations)."""
    metadata.create_all(conn)


async def record_registration(
    conn: AsyncConnection, envelope: Envelope, event: DomainEvent
) -> None:
    """``intake.BeneficiaryRegistered``: a known person from now on. Idempotent."""
    if not isinstance(event, BeneficiaryRegistered):
        return
    await conn.execute(
        pg_insert(beneficiary_directory)
        .values(
            beneficiary_id=event.beneficiary_id,
            municipality=envelope.municipality,
            registered_at=envelope.occurred_at,
        )
        .on_conflict_do_nothing(index_elements=["beneficiary_id"])
    )


async def record_erasure(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    """``intake.BeneficiaryPersonalDataErased``: the row stays (counts stay), marked erased."""
    if not isinstance(event, BeneficiaryPersonalDataErased):
        return
    row = beneficiary_directory.c
    insert = pg_insert(beneficiary_directory).values(
        beneficiary_id=event.beneficiary_id,
        municipality=envelope.municipality,
        registered_at=envelope.occurred_at,
        erased_at=envelope.occurred_at,
    )
    # The first erasure's time is kept: a redelivered or repeated erasure changes nothing.
    await conn.execute(
        insert.on_conflict_do_update(
            index_elements=["beneficiary_id"],
            set_={"erased_at": func.coalesce(row.erased_at, insert.excluded.erased_at)},
        )
    )


DIRECTORY_REACTIONS: dict[str, list[Handler]] = {
    "intake.BeneficiaryRegistered": [record_registration],
    "intake.BeneficiaryPersonalDataErased": [record_erasure],
}


def refused(reason: str = UNKNOWN) -> ProblemError:
    return unprocessable("invalid beneficiary", [FieldError(FIELD, reason)])


Scope = Principal | str | Set[str]


async def require_known_beneficiary(
    conn: AsyncConnection, beneficiary_id: UUID, principal_or_municipality: Scope
) -> str:
    """The beneficiary's municipality, or a 422 on ``body.beneficiary_id``.

    Given a municipality (that of the resource the work is for), the beneficiary must belong
    to it; given a principal (or a set of municipalities), to one of the caller's. Another
    municipality's beneficiary is refused exactly like one intake never registered. A
    beneficiary whose personal data was erased takes no new work.
    """
    row = (
        await conn.execute(
            select(beneficiary_directory.c.municipality, beneficiary_directory.c.erased_at).where(
                beneficiary_directory.c.beneficiary_id == beneficiary_id
            )
        )
    ).first()
    if row is None or not _may_see(principal_or_municipality, row.municipality):
        raise refused()
    if row.erased_at is not None:
        raise refused(ERASED)
    return str(row.municipality)


def _may_see(scope: Scope, municipality: str) -> bool:
    if isinstance(scope, Principal):
        return scope.can_see(municipality)
    if isinstance(scope, str):
        return scope == municipality
    return municipality in scope


async def erased_at(conn: AsyncConnection, beneficiary_id: UUID) -> datetime | None:
    """When the beneficiary's personal data was erased, if it was."""
    found: datetime | None = await conn.scalar(
        select(beneficiary_directory.c.erased_at).where(
            beneficiary_directory.c.beneficiary_id == beneficiary_id
        )
    )
    return found
