"""Likely-duplicate detection without clear names: keyed hashes of names and birth date."""

import hashlib
import hmac
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain.personal_data import PersonalData
from intake.match_keys import MatchKeys
from intake.schema import beneficiary_fingerprints as table


def fingerprint_key(master_key: bytes) -> bytes:
    """A key of its own for the fingerprints, derived so the master key is never used twice."""
    return hmac.new(master_key, b"lgnet intake duplicate fingerprint", hashlib.sha256).digest()


class Fingerprints:
    """Exact fingerprints in one municipality, plus the looser match keys across all."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self.matches = MatchKeys(key)

    def of(self, data: PersonalData) -> bytes:
        return hmac.new(self._key, data.identity_key().encode(), hashlib.sha256).digest()

    async def find(
        self, conn: AsyncConnection, municipality: str, data: PersonalData
    ) -> UUID | None:
        found = await conn.scalar(
            select(table.c.beneficiary_id)
            .where(table.c.municipality == municipality, table.c.fingerprint == self.of(data))
            .limit(1)
        )
        return found

    async def record(
        self, conn: AsyncConnection, beneficiary_id: UUID, municipality: str, data: PersonalData
    ) -> None:
        values = {"municipality": municipality, "fingerprint": self.of(data)}
        await conn.execute(
            insert(table)
            .values(beneficiary_id=beneficiary_id, **values)
            .on_conflict_do_update(index_elements=[table.c.beneficiary_id], set_=values)
        )
        await self.matches.record(conn, beneficiary_id, municipality, data)

    async def forget(self, conn: AsyncConnection, beneficiary_id: UUID) -> None:
        await conn.execute(delete(table).where(table.c.beneficiary_id == beneficiary_id))
        await self.matches.forget(conn, beneficiary_id)
