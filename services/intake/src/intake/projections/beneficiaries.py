"""The beneficiary directory: who is registered where, with their sealed personal data."""

from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Integer, Table, Text, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    BeneficiaryMerged,
    BeneficiaryMergeUndone,
    BeneficiaryPersonalDataErased,
    BeneficiaryPersonalDataUpdated,
    BeneficiaryRegistered,
    ConsentGiven,
    ConsentTerms,
    ConsentWithdrawn,
)
from lgnet_events.envelope import Envelope

beneficiary_directory = Table(
    "beneficiary_directory",
    metadata,
    Column("beneficiary_id", UUID(as_uuid=True), primary_key=True),
    Column("municipality", Text, nullable=False, index=True),
    Column("sex", Text, nullable=False),
    Column("birth_year", Integer, nullable=False),
    Column("nationality", Text, nullable=False),
    Column("languages", ARRAY(Text), nullable=False),
    Column("personal_data", Text),
    Column("erased", Boolean, nullable=False, default=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    #: purpose -> {"given_on", "expires_on", "withdrawn_on"} (ISO dates or null)
    Column("consents", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    #: the record this one was merged into, while the merge stands
    Column("merged_into", UUID(as_uuid=True)),
    #: ``merged_into`` is another municipality's record: never shown to this one
    Column("merged_elsewhere", Boolean, nullable=False, server_default=text("false")),
)


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, BeneficiaryRegistered):
        await _registered(conn, envelope, event)
    elif isinstance(event, BeneficiaryPersonalDataUpdated):
        changes = event.model_dump(
            include={"personal_data", "sex", "birth_year", "nationality", "languages"},
            exclude_none=True,
        )
        await _change(conn, envelope, changes)
    elif isinstance(event, BeneficiaryPersonalDataErased):
        await _change(conn, envelope, {"personal_data": None, "erased": True})
    elif isinstance(event, BeneficiaryMerged):
        merged = {"merged_into": event.merged_into, "merged_elsewhere": event.across_municipalities}
        await _change(conn, envelope, merged)
    elif isinstance(event, BeneficiaryMergeUndone):
        await _change(conn, envelope, {"merged_into": None, "merged_elsewhere": False})
    elif isinstance(event, ConsentGiven | ConsentWithdrawn):
        await _consent(conn, envelope, event)


async def _consent(
    conn: AsyncConnection, envelope: Envelope, event: ConsentGiven | ConsentWithdrawn
) -> None:
    c = beneficiary_directory.c
    query = select(c.consents).where(c.beneficiary_id == envelope.stream_id).with_for_update()
    consents = dict((await conn.execute(query)).scalar_one())
    if isinstance(event, ConsentGiven):
        entry = _consent_entry(event)
    else:
        entry = {**consents[event.purpose], "withdrawn_on": event.withdrawn_on.isoformat()}
    await _change(conn, envelope, {"consents": {**consents, event.purpose: entry}})


async def _registered(
    conn: AsyncConnection, envelope: Envelope, event: BeneficiaryRegistered
) -> None:
    await conn.execute(
        insert(beneficiary_directory).values(
            beneficiary_id=event.beneficiary_id,
            municipality=envelope.municipality,
            sex=event.sex,
            birth_year=event.birth_year,
            nationality=event.nationality,
            languages=event.languages,
            personal_data=event.personal_data,
            erased=False,
            consents={c.purpose: _consent_entry(c) for c in event.consents},
            registered_at=envelope.occurred_at,
            updated_at=envelope.occurred_at,
            version=envelope.stream_version,
        )
    )


async def _change(conn: AsyncConnection, envelope: Envelope, changes: dict[str, Any]) -> None:
    await conn.execute(
        update(beneficiary_directory)
        .where(beneficiary_directory.c.beneficiary_id == envelope.stream_id)
        .values(**changes, updated_at=envelope.occurred_at, version=envelope.stream_version)
    )


def _consent_entry(given: ConsentGiven | ConsentTerms) -> dict[str, Any]:
    expires_on = given.expires_on.isoformat() if given.expires_on else None
    return {"given_on": given.given_on.isoformat(), "expires_on": expires_on, "withdrawn_on": None}
