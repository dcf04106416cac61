"""The table of wrapped data keys, one row per person, and the store that reads and destroys them.

Services add ``metadata`` to their Alembic target metadata. A ``KeyStore`` works on the
caller's ``AsyncConnection``, so key changes commit or roll back with the command.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import Column, DateTime, LargeBinary, MetaData, Table, Uuid, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_privacy.crypto import DataKey, MasterKey, unwrap, wrap
from lgnet_privacy.errors import ErasedError

metadata = MetaData()

beneficiary_keys = Table(
    "beneficiary_keys",
    metadata,
    Column("beneficiary_id", Uuid, primary_key=True),
    # NULL once destroyed: erasure by key destruction (DESIGN 7)
    Column("wrapped_key", LargeBinary, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("destroyed_at", DateTime(timezone=True), nullable=True),
)


class KeyStore:
    def __init__(self, conn: AsyncConnection, master: MasterKey) -> None:
        self._conn = conn
        self._master = master

    async def create(self, beneficiary_id: UUID) -> DataKey:
        """A new key; if one exists already (say, a concurrent command made it) that one."""
        key = DataKey.generate()
        row = {
            "beneficiary_id": beneficiary_id,
            "wrapped_key": wrap(self._master, beneficiary_id, key),
        }
        insert_new = insert(beneficiary_keys).values(row).on_conflict_do_nothing()
        inserted = await self._conn.execute(insert_new.returning(beneficiary_keys.c.beneficiary_id))
        if inserted.first() is not None:
            return key
        existing = await self.get(beneficiary_id)
        if existing is None:
            raise ErasedError(f"the key of {beneficiary_id} was destroyed")
        return existing

    async def get(self, beneficiary_id: UUID) -> DataKey | None:
        """The person's key; ``None`` if it was destroyed or never created."""
        wrapped = await self._wrapped(beneficiary_id)
        return None if wrapped is None else unwrap(self._master, beneficiary_id, wrapped)

    async def exists(self, beneficiary_id: UUID) -> bool:
        """Whether a key was ever created (or destroyed) for this person."""
        query = select(beneficiary_keys.c.beneficiary_id).where(
            beneficiary_keys.c.beneficiary_id == beneficiary_id
        )
        return (await self._conn.execute(query)).first() is not None

    async def destroy(self, beneficiary_id: UUID) -> None:
        """Erase: the wrapped key is gone, and a tombstone remembers that it was."""
        await self.reapply_destroyed([beneficiary_id])

    async def destroyed_ids(self) -> list[UUID]:
        """The tombstones, in order: what a restore from an older backup must re-apply."""
        query = (
            select(beneficiary_keys.c.beneficiary_id)
            .where(beneficiary_keys.c.destroyed_at.is_not(None))
            .order_by(beneficiary_keys.c.destroyed_at, beneficiary_keys.c.beneficiary_id)
        )
        return list((await self._conn.execute(query)).scalars())

    async def reapply_destroyed(self, beneficiary_ids: Iterable[UUID]) -> None:
        """Destroy these keys (again); keeps the first destruction time. Idempotent."""
        now = datetime.now(UTC)
        rows = [
            {"beneficiary_id": bid, "wrapped_key": None, "destroyed_at": now}
            for bid in beneficiary_ids
        ]
        if not rows:
            return
        statement = insert(beneficiary_keys).values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=[beneficiary_keys.c.beneficiary_id],
            set_={
                "wrapped_key": None,
                "destroyed_at": func.coalesce(
                    beneficiary_keys.c.destroyed_at, statement.excluded.destroyed_at
                ),
            },
        )
        await self._conn.execute(statement)

    async def _wrapped(self, beneficiary_id: UUID) -> bytes | None:
        query = select(beneficiary_keys.c.wrapped_key).where(
            beneficiary_keys.c.beneficiary_id == beneficiary_id
        )
        wrapped: bytes | None = (await self._conn.execute(query)).scalar()
        return wrapped


async def rewrap(conn: AsyncConnection, old: MasterKey, new: MasterKey) -> int:
    """Re-wrap every live data key under ``new``; returns how many. Run in one transaction."""
    query = (
        select(beneficiary_keys.c.beneficiary_id, beneficiary_keys.c.wrapped_key)
        .where(beneficiary_keys.c.wrapped_key.is_not(None))
        .with_for_update()
    )
    rows = (await conn.execute(query)).all()
    for beneficiary_id, wrapped in rows:
        key = unwrap(old, beneficiary_id, wrapped)
        await conn.execute(
            beneficiary_keys.update()
            .where(beneficiary_keys.c.beneficiary_id == beneficiary_id)
            .values(wrapped_key=wrap(new, beneficiary_id, key))
        )
    return len(rows)
