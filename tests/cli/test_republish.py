import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from typer.testing import CliRunner

from lgnet_cli.main import app
from lgnet_events.catalog.housing import HousingUnitRegistered, UnitRefurbishmentStarted
from lgnet_events.envelope import EventContext
from lgnet_events.ids import uuid7
from lgnet_events.schema import install_store_schema
from lgnet_events.store import EventStore, build_envelopes
from lgnet_events.testing.infra import Infra
from lgnet_events.testing.kafka import read_topic

pytestmark = pytest.mark.integration


async def store_unit_events(database_url: str, units: int) -> list[str]:
    """Each unit: registered, then a refurbishment started; returns the event ids in order."""
    engine = create_async_engine(database_url)
    ids: list[str] = []
    try:
        async with engine.begin() as conn:
            await conn.run_sync(install_store_schema)
        for _ in range(units):
            unit_id = uuid7()
            history = [
                HousingUnitRegistered(unit_id=unit_id, kind="shelter", beds=2, name="Casa",
                                      address="Via Roma 1"),
                UnitRefurbishmentStarted(unit_id=unit_id, date="2026-03-01"),
            ]  # fmt: skip
            envelopes = build_envelopes(history, EventContext(actor="t", municipality="roma"), 0)
            async with engine.begin() as conn:
                await EventStore().append(conn, envelopes, 0)
            ids += [str(envelope.event_id) for envelope in envelopes]
    finally:
        await engine.dispose()
    return ids


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, unique_name: str) -> CliRunner:
    monkeypatch.setenv("LGNET_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("LGNET_TOPIC_NAMESPACE", unique_name)
    return CliRunner()


def test_republish_sends_the_events_stored_after_the_position(
    runner: CliRunner, infra: Infra, unique_name: str
) -> None:
    database_url = asyncio.run(infra.create_database(unique_name))
    stored = asyncio.run(store_unit_events(database_url, 3))
    argv = ["republish", "housing", "--from", "2", "--database-url", database_url,
            "--bootstrap", infra.bootstrap]  # fmt: skip

    result = runner.invoke(app, argv)

    assert result.exit_code == 0, result.output
    assert f"4 events re-sent to {unique_name}.housing.events" in result.stdout
    records = asyncio.run(read_topic(infra.bootstrap, f"{unique_name}.housing.events", at_least=4))
    assert sorted(json.loads(r.value)["event_id"] for r in records) == sorted(stored[2:])


def test_reporting_cannot_be_republished_for_it_publishes_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["republish", "reporting", "--bootstrap", "127.0.0.1:1"])

    assert result.exit_code != 0
    assert "publishes no events" in result.stderr


def test_republish_without_a_database_says_where_to_find_one(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LGNET_CIVIC_DATABASE_URL", raising=False)
    result = runner.invoke(app, ["republish", "civic", "--bootstrap", "127.0.0.1:1"])

    assert result.exit_code != 0
    assert "LGNET_CIVIC_DATABASE_URL" in result.stderr
