"""The port to personal-data encryption: values sealed with the person's own key."""

from typing import Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection


class Vault(Protocol):
    """Seals text for one beneficiary; after ``destroy`` nothing sealed for them opens again."""

    async def seal(self, conn: AsyncConnection, beneficiary_id: UUID, clear: str) -> str: ...

    async def open(self, conn: AsyncConnection, beneficiary_id: UUID, sealed: str) -> str | None:
        """The clear text, or ``None`` once the person's key is destroyed."""
        ...

    async def destroy(self, conn: AsyncConnection, beneficiary_id: UUID) -> None: ...
