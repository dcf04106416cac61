"""The port to personal-data encryption, and its adapter over ``lgnet_privacy``."""

from typing import Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_privacy import Erased, PersonalDataVault


class Vault(Protocol):
    """Seals text for one beneficiary; after ``destroy`` nothing sealed for them opens again."""

    async def seal(self, conn: AsyncConnection, beneficiary_id: UUID, clear: str) -> str: ...

    async def open(self, conn: AsyncConnection, beneficiary_id: UUID, sealed: str) -> str | None:
        """The clear text, or ``None`` once the person's key is destroyed."""
        ...

    async def destroy(self, conn: AsyncConnection, beneficiary_id: UUID) -> None: ...


class PrivacyVault:
    """AES-256-GCM under a key per person, wrapped by the master key (DESIGN 7)."""

    def __init__(self, vault: PersonalDataVault) -> None:
        self._vault = vault

    async def seal(self, conn: AsyncConnection, beneficiary_id: UUID, clear: str) -> str:
        return await self._vault.seal(conn, beneficiary_id, clear)

    async def open(self, conn: AsyncConnection, beneficiary_id: UUID, sealed: str) -> str | None:
        value = await self._vault.open(conn, beneficiary_id, sealed)
        if isinstance(value, Erased):
            return None
        return value if isinstance(value, str) else None

    async def destroy(self, conn: AsyncConnection, beneficiary_id: UUID) -> None:
        await self._vault.erase(conn, beneficiary_id)
