"""Seal and open a person's personal data; after erasure it opens as ``ERASED``."""

import json
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_privacy.crypto import MasterKey, open_bytes, seal_bytes
from lgnet_privacy.errors import MissingKeyError
from lgnet_privacy.keystore import KeyStore

PersonalValue = dict[str, Any] | str
#: clear text is padded to a multiple of this, so ciphertext length says little about content
PADDING = 64


class Erased(Enum):
    ERASED = "erased"

    def __repr__(self) -> str:
        return "ERASED"


ERASED = Erased.ERASED


class PersonalDataVault:
    """The one way services read and write personal data (DESIGN 7).

    Every method takes the command's connection, so a new key commits with the event
    that first carries a ciphertext under it.
    """

    def __init__(self, master: MasterKey) -> None:
        self._master = master

    async def seal(self, conn: AsyncConnection, beneficiary_id: UUID, value: PersonalValue) -> str:
        """Encrypt under the person's key, creating the key on first use."""
        keys = KeyStore(conn, self._master)
        key = await keys.get(beneficiary_id) or await keys.create(beneficiary_id)
        return seal_bytes(key, beneficiary_id, _padded(value))

    async def open(
        self, conn: AsyncConnection, beneficiary_id: UUID, sealed: str
    ) -> PersonalValue | Erased:
        """The clear value, ``ERASED`` if the key was destroyed; ``TamperedError`` if altered."""
        keys = KeyStore(conn, self._master)
        key = await keys.get(beneficiary_id)
        if key is None:
            if await keys.exists(beneficiary_id):
                return ERASED
            raise MissingKeyError(f"no data key was ever created for {beneficiary_id}")
        value: PersonalValue = json.loads(open_bytes(key, beneficiary_id, sealed))
        return value

    async def erase(self, conn: AsyncConnection, beneficiary_id: UUID) -> None:
        """Destroy the person's key: every copy of their ciphertexts becomes unreadable."""
        await KeyStore(conn, self._master).destroy(beneficiary_id)


def _padded(value: PersonalValue) -> bytes:
    if not isinstance(value, dict | str):
        raise TypeError("personal data is a JSON object or a string")
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    # JSON ignores trailing whitespace, so padding needs no length field.
    return text + b" " * (-len(text) % PADDING)
