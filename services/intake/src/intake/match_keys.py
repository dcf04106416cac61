"""Possible matches across spellings and municipalities, from keyed hashes only.

Two keys per person: their names coded by sound (``domain.phonetics``) with the birth date,
and their identity document number. Equal keys make a *possible* match: shown with its id
inside the caller's municipalities, and only as "a possible match exists elsewhere" outside.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain.personal_data import PersonalData
from intake.domain.phonetics import document_key, person_key
from intake.projections.beneficiaries import beneficiary_directory as directory
from intake.schema import match_keys as table


@dataclass(frozen=True, slots=True)
class Identity:
    """What a match is computed from: never stored, only its keyed hashes are."""

    given_names: str
    family_names: str
    birth_date: date
    document_number: str | None = None

    @classmethod
    def of(cls, data: PersonalData) -> "Identity":
        document = data.identity_document.number if data.identity_document else None
        return cls(data.given_names, data.family_names, data.birth_date, document)


@dataclass(frozen=True, slots=True)
class PossibleMatch:
    beneficiary_id: UUID
    municipality: str
    #: ``similar_names_and_birth_date`` or ``same_document``
    kind: str


KINDS = {"name": "similar_names_and_birth_date", "document": "same_document"}


class MatchKeys:
    def __init__(self, fingerprint_key: bytes) -> None:
        self._key = hmac.new(fingerprint_key, b"lgnet intake match keys", hashlib.sha256).digest()

    def of(self, who: Identity) -> dict[str, bytes]:
        names = person_key(who.given_names, who.family_names)
        keys = {"name": self._hash(f"name|{names}|{who.birth_date.isoformat()}")}
        if who.document_number:
            keys["document"] = self._hash(f"doc|{document_key(who.document_number)}")
        return keys

    async def record(
        self, conn: AsyncConnection, beneficiary_id: UUID, municipality: str, data: PersonalData
    ) -> None:
        await self.forget(conn, beneficiary_id)
        rows = [
            {
                "beneficiary_id": beneficiary_id,
                "kind": kind,
                "municipality": municipality,
                "match_key": key,
            }
            for kind, key in self.of(Identity.of(data)).items()
        ]
        await conn.execute(insert(table), rows)

    async def find(self, conn: AsyncConnection, who: Identity) -> list[PossibleMatch]:
        keys = self.of(who)
        query = select(table).where(table.c.match_key.in_(list(keys.values())))
        rows = (await conn.execute(query.order_by(table.c.beneficiary_id))).mappings()
        return [
            PossibleMatch(r["beneficiary_id"], r["municipality"], KINDS[r["kind"]]) for r in rows
        ]

    @staticmethod
    async def elsewhere(conn: AsyncConnection, beneficiary_id: UUID) -> list[PossibleMatch]:
        """The records of other municipalities whose stored keys equal this record's, once
        each (a same document first), leaving out records merged into another."""
        mine, theirs = table.alias("mine"), table.alias("theirs")
        query = (
            select(theirs.c.beneficiary_id, theirs.c.municipality, theirs.c.kind)
            .join(mine, (mine.c.kind == theirs.c.kind) & (mine.c.match_key == theirs.c.match_key))
            .join(directory, directory.c.beneficiary_id == theirs.c.beneficiary_id)
            .where(
                mine.c.beneficiary_id == beneficiary_id,
                theirs.c.municipality != mine.c.municipality,
                directory.c.merged_into.is_(None),
            )
            .order_by(theirs.c.beneficiary_id, theirs.c.kind)
        )
        found: dict[UUID, PossibleMatch] = {}
        for r in (await conn.execute(query)).mappings():
            match = PossibleMatch(r["beneficiary_id"], r["municipality"], KINDS[r["kind"]])
            found.setdefault(match.beneficiary_id, match)
        return list(found.values())

    @staticmethod
    async def forget(conn: AsyncConnection, beneficiary_id: UUID) -> None:
        await conn.execute(delete(table).where(table.c.beneficiary_id == beneficiary_id))

    def _hash(self, text: str) -> bytes:
        return hmac.new(self._key, text.encode(), hashlib.sha256).digest()
