import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.ids import uuid7
from lgnet_events.store import ConcurrencyConflict, EventStore

from .conftest import envelopes_for, new_unit_envelopes, unit_history

store = EventStore()


async def test_appended_events_are_read_back_in_stream_order(engine: AsyncEngine) -> None:
    envelopes = new_unit_envelopes(3)
    async with engine.begin() as conn:
        assert await store.append(conn, envelopes, expected_version=0) == 3
    async with engine.connect() as conn:
        read = await store.read_stream(conn, envelopes[0].stream_id)
    assert [e.event_id for e in read] == [e.event_id for e in envelopes]
    assert [e.stream_version for e in read] == [1, 2, 3]
    assert read[0].data == envelopes[0].data


async def test_of_two_concurrent_writers_exactly_one_wins(engine: AsyncEngine) -> None:
    unit_id = uuid7()
    async with engine.begin() as conn:
        await store.append(conn, envelopes_for(unit_history(unit_id)), expected_version=0)
    later = unit_history(unit_id, refurbishments=1)[1:2]
    attempts = [envelopes_for(later, after_version=1) for _ in range(8)]

    async def write(envelopes: list) -> str:  # type: ignore[type-arg]
        try:
            async with engine.begin() as conn:
                await store.append(conn, envelopes, expected_version=1)
                await asyncio.sleep(0.05)  # keep the transaction open while others try
        except ConcurrencyConflict as conflict:
            return f"conflict at {conflict.actual}"
        return "won"

    outcomes = await asyncio.gather(*(write(a) for a in attempts))
    assert sorted(outcomes) == ["conflict at 2"] * 7 + ["won"]
    async with engine.connect() as conn:
        assert len(await store.read_stream(conn, unit_id)) == 2


async def test_a_new_stream_created_twice_concurrently_is_created_once(engine: AsyncEngine) -> None:
    unit_id = uuid7()
    results = await asyncio.gather(
        *(_append_new(engine, unit_id) for _ in range(5)), return_exceptions=True
    )
    assert sum(1 for r in results if r == 1) == 1
    assert all(isinstance(r, ConcurrencyConflict) for r in results if r != 1)


async def _append_new(engine: AsyncEngine, unit_id: object) -> int:
    async with engine.begin() as conn:
        return await store.append(conn, envelopes_for(unit_history(unit_id)), 0)  # type: ignore[arg-type]


async def test_an_expected_version_ahead_of_the_stream_is_a_conflict(engine: AsyncEngine) -> None:
    unit_id = uuid7()
    history = unit_history(unit_id, refurbishments=1)
    async with engine.begin() as conn:
        await store.append(conn, envelopes_for(history[:1]), 0)
    with pytest.raises(ConcurrencyConflict) as raised:
        async with engine.begin() as conn:
            await store.append(conn, envelopes_for(history[1:2], after_version=5), 5)
    assert (raised.value.expected, raised.value.actual) == (5, 1)


async def test_a_retried_append_with_the_same_event_ids_is_a_no_op(engine: AsyncEngine) -> None:
    envelopes = new_unit_envelopes(2)
    for _ in range(3):
        async with engine.begin() as conn:
            assert await store.append(conn, envelopes, expected_version=0) == 2
    async with engine.connect() as conn:
        assert len(await store.read_stream(conn, envelopes[0].stream_id)) == 2
        outbox_rows = await conn.scalar(text("SELECT count(*) FROM outbox"))
    assert outbox_rows == 2


async def test_the_event_store_refuses_updates_and_deletes(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await store.append(conn, new_unit_envelopes(1), 0)
    for statement in ("UPDATE events SET actor = 'x'", "DELETE FROM events", "TRUNCATE events"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as conn:
                await conn.execute(text(statement))


async def test_read_all_stops_below_a_transaction_that_is_still_open(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await store.append(conn, new_unit_envelopes(1), 0)
    slow = await engine.connect()
    slow_tx = await slow.begin()
    await store.append(slow, new_unit_envelopes(1), 0)  # lower position, not yet committed
    async with engine.begin() as conn:
        await store.append(conn, new_unit_envelopes(1), 0)  # higher position, committed
    async with engine.connect() as conn:
        assert len(await store.read_all(conn)) == 1
    await slow_tx.commit()
    await slow.close()
    async with engine.connect() as conn:
        positions = [e.position for e in await store.read_all(conn)]
    assert positions == sorted(positions)
    assert len(positions) == 3
