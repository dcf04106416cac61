"""The vault against a real PostgreSQL: seal, erase, restore, rotate."""

import asyncio
from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Column, MetaData, Table, Text, Uuid, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_privacy import (
    ERASED,
    ErasedError,
    KeyStore,
    MasterKey,
    MasterKeyError,
    MissingKeyError,
    PersonalDataVault,
    PersonalValue,
    TamperedError,
    beneficiary_keys,
    metadata,
    rewrap,
)

pytestmark = pytest.mark.integration

MASTER = MasterKey.generate()
PERSONAL = {"name": "Amina Diallo", "phone": "+39 333 1234567", "vulnerabilities": ["trauma"]}
test_metadata = MetaData()
sealed_values = Table("sealed_values", test_metadata, Column("id", Uuid), Column("sealed", Text))


@pytest.fixture
async def keys_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.run_sync(test_metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def vault() -> PersonalDataVault:
    return PersonalDataVault(MASTER)


async def seal(
    engine: AsyncEngine, vault: PersonalDataVault, person: UUID, value: PersonalValue
) -> str:
    """What intake does: seal within the command's transaction, store the ciphertext."""
    async with engine.begin() as conn:
        sealed = await vault.seal(conn, person, value)
        await conn.execute(insert(sealed_values).values(id=person, sealed=sealed))
    return sealed


async def test_a_sealed_value_opens_in_a_later_transaction(
    keys_engine: AsyncEngine, vault: PersonalDataVault
) -> None:
    person = uuid4()
    sealed = await seal(keys_engine, vault, person, PERSONAL)
    other = await seal(keys_engine, vault, person, "a note")

    async with keys_engine.connect() as conn:
        assert await vault.open(conn, person, sealed) == PERSONAL
        assert await vault.open(conn, person, other) == "a note"


async def test_erasure_makes_the_person_unreadable_and_leaves_others_alone(
    keys_engine: AsyncEngine, vault: PersonalDataVault
) -> None:
    erased, kept = uuid4(), uuid4()
    erased_sealed = await seal(keys_engine, vault, erased, PERSONAL)
    kept_sealed = await seal(keys_engine, vault, kept, {"name": "Other"})

    async with keys_engine.begin() as conn:
        await vault.erase(conn, erased)
    async with keys_engine.begin() as conn:
        assert await vault.open(conn, erased, erased_sealed) is ERASED
        assert await vault.open(conn, kept, kept_sealed) == {"name": "Other"}
        with pytest.raises(ErasedError):
            await vault.seal(conn, erased, "new data for an erased person")


async def test_an_erasure_rolled_back_with_its_command_never_happened(
    keys_engine: AsyncEngine, vault: PersonalDataVault
) -> None:
    person = uuid4()
    sealed = await seal(keys_engine, vault, person, PERSONAL)

    async with keys_engine.connect() as conn:
        await vault.erase(conn, person)
        await conn.rollback()
        assert await vault.open(conn, person, sealed) == PERSONAL


async def test_a_ciphertext_presented_as_another_persons_is_refused(
    keys_engine: AsyncEngine, vault: PersonalDataVault
) -> None:
    victim, impostor = uuid4(), uuid4()
    sealed = await seal(keys_engine, vault, victim, PERSONAL)
    await seal(keys_engine, vault, impostor, "mine")

    async with keys_engine.connect() as conn:
        with pytest.raises(TamperedError):
            await vault.open(conn, impostor, sealed)


async def test_opening_for_a_person_without_a_key_is_an_error(
    keys_engine: AsyncEngine, vault: PersonalDataVault
) -> None:
    sealed = await seal(keys_engine, vault, uuid4(), "x")

    async with keys_engine.connect() as conn:
        with pytest.raises(MissingKeyError):
            await vault.open(conn, uuid4(), sealed)


async def test_neither_the_clear_text_nor_the_raw_key_is_stored(
    keys_engine: AsyncEngine, vault: PersonalDataVault
) -> None:
    person = uuid4()
    await seal(keys_engine, vault, person, PERSONAL)
    async with keys_engine.connect() as conn:
        raw_key = await KeyStore(conn, MASTER).get(person)
        rows = await conn.execute(text("SELECT k::text FROM beneficiary_keys k"))
        values = await conn.execute(text("SELECT v::text FROM sealed_values v"))
        wrapped = (await conn.execute(select(beneficiary_keys.c.wrapped_key))).scalars().all()
    stored = " ".join(row[0] for row in [*rows, *values])

    assert raw_key is not None
    assert all(raw_key.secret not in blob for blob in wrapped)
    assert raw_key.secret.hex() not in stored
    for clear in ("Amina", "333 1234567", "trauma"):
        assert clear not in stored


async def test_a_restore_reapplies_the_destroyed_keys(
    keys_engine: AsyncEngine, vault: PersonalDataVault, database_url: str
) -> None:
    person = uuid4()
    sealed = await seal(keys_engine, vault, person, PERSONAL)
    async with keys_engine.begin() as conn:
        backup = [row._asdict() for row in await conn.execute(select(beneficiary_keys))]
        await vault.erase(conn, person)
        destroyed = await KeyStore(conn, MASTER).destroyed_ids()

    async with keys_engine.begin() as conn:  # the old backup comes back...
        await conn.execute(beneficiary_keys.delete())
        await conn.execute(insert(beneficiary_keys), backup)
        assert await vault.open(conn, person, sealed) == PERSONAL
        await KeyStore(conn, MASTER).reapply_destroyed(destroyed)  # ...and is fixed
        assert destroyed == [person]
        assert await vault.open(conn, person, sealed) is ERASED


async def test_rotating_the_master_key_keeps_every_value_readable(
    keys_engine: AsyncEngine, vault: PersonalDataVault
) -> None:
    live, gone = uuid4(), uuid4()
    sealed = await seal(keys_engine, vault, live, PERSONAL)
    await seal(keys_engine, vault, gone, "x")
    new_master = MasterKey.generate()

    async with keys_engine.begin() as conn:
        await vault.erase(conn, gone)
        assert await rewrap(conn, MASTER, new_master) == 1
    async with keys_engine.connect() as conn:
        assert await PersonalDataVault(new_master).open(conn, live, sealed) == PERSONAL
        with pytest.raises(MasterKeyError):
            await vault.open(conn, live, sealed)


async def test_two_commands_sealing_for_a_new_person_at_once_share_one_key(
    keys_engine: AsyncEngine, vault: PersonalDataVault
) -> None:
    person = uuid4()

    first, second = await asyncio.gather(
        seal(keys_engine, vault, person, "first"), seal(keys_engine, vault, person, "second")
    )

    async with keys_engine.connect() as conn:
        assert await vault.open(conn, person, first) == "first"
        assert await vault.open(conn, person, second) == "second"
