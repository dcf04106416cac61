import asyncio

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.envelope import Envelope
from lgnet_events.publisher import KafkaPublisher
from lgnet_events.testing.infra import Infra
from lgnet_events.topics import ensure_topics
from reporting.schema import audit_log

from .conftest import ADMIN, AUDITOR, auth, known_programme, store_all
from .programme import topic_of

pytestmark = pytest.mark.integration


async def publish(infra: Infra, namespace: str, envelopes: list[Envelope]) -> None:
    topics = sorted({topic_of(e, namespace) for e in envelopes})
    await ensure_topics(infra.bootstrap, topics)
    publisher = KafkaPublisher(infra.bootstrap)
    await publisher.start()
    try:
        for envelope in envelopes:
            await publisher.publish(topic_of(envelope, namespace), [envelope])
    finally:
        await publisher.stop()


async def stored(db: AsyncEngine) -> int:
    async with db.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(audit_log))).scalar_one())


async def wait_for(db: AsyncEngine, count: int, timeout: float = 30) -> None:
    for _ in range(int(timeout * 10)):
        if await stored(db) >= count:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{await stored(db)} events stored, expected {count}")


class TestFromTheBroker:
    @pytest.fixture
    def run_workers(self) -> bool:
        return True

    async def test_every_event_is_stored_once_with_its_topic_partition_and_offset(
        self, client: httpx.AsyncClient, db: AsyncEngine, infra: Infra, namespace: str
    ) -> None:
        envelopes = known_programme().envelopes
        await publish(infra, namespace, envelopes)
        await publish(infra, namespace, envelopes[:5])  # redelivered by a republish
        await wait_for(db, len(envelopes))
        await asyncio.sleep(1.0)  # time for the duplicates to be consumed too
        assert await stored(db) == len(envelopes)
        async with db.connect() as conn:
            row = (
                await conn.execute(
                    select(audit_log).where(audit_log.c.event_id == envelopes[0].event_id)
                )
            ).one()
        assert row.topic == f"{namespace}.intake.events"
        assert row.offset >= 0
        assert 0 <= row.partition < 6
        assert Envelope.model_validate_json(row.raw) == envelopes[0]
        kpis = (await client.get("/reports/kpis", headers=ADMIN)).json()["kpis"]
        assert kpis[0]["value"] == 5
        ready = await client.get("/ready")
        assert ready.status_code == 200, ready.text
        metrics = (await client.get("/metrics")).text
        assert "lgnet_consumer_lag_messages" in metrics


async def test_storing_an_event_again_changes_nothing(db: AsyncEngine) -> None:
    envelopes = known_programme().envelopes
    await store_all(db, envelopes)
    await store_all(db, envelopes)
    assert await stored(db) == len(envelopes)


async def test_the_audit_log_refuses_updates_and_deletes(db: AsyncEngine) -> None:
    await store_all(db, known_programme().envelopes[:1])
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with db.begin() as conn:
                await conn.execute(text(statement))
    assert await stored(db) == 1


async def test_auditors_browse_with_filters_and_cursors_without_personal_data(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    programme = known_programme()
    await store_all(db, programme.envelopes)
    first = await client.get("/audit/events?limit=4", headers=AUDITOR)
    assert first.status_code == 200, first.text
    page = first.json()
    assert len(page["items"]) == 4
    assert page["items"][0]["data"]["personal_data"] == "[sealed]"
    rest = await client.get(
        f"/audit/events?cursor={page['next_cursor']}&limit=200", headers=AUDITOR
    )
    events = page["items"] + rest.json()["items"]
    assert [e["event_id"] for e in events] == [str(e.event_id) for e in programme.envelopes]
    assert rest.json()["next_cursor"] is None
    assert "lgnet:v1:" not in first.text + rest.text
    assert "Maria Rossi" not in rest.text


async def test_audit_filters_by_stream_type_municipality_and_time(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    programme = known_programme()
    await store_all(db, programme.envelopes)
    stream = programme.envelopes[0].stream_id
    by_stream = (await client.get(f"/audit/events?stream_id={stream}", headers=AUDITOR)).json()
    assert {e["stream_id"] for e in by_stream["items"]} == {str(stream)}
    cases = (
        await client.get(
            "/audit/events?event_type=intake.CaseOpened&municipality=roma", headers=AUDITOR
        )
    ).json()
    assert len(cases["items"]) == 2
    late = (await client.get("/audit/events?from=2026-04-02T00:00:00Z", headers=AUDITOR)).json()
    assert [e["event_type"] for e in late["items"]] == ["intake.CaseOpened"]
    a_day = (await client.get("/audit/events?from=2026-04-02", headers=AUDITOR)).json()
    assert len(a_day["items"]) == 1
    before = await client.get("/audit/events?to=2026-01-11T00:00:00Z", headers=AUDITOR)
    assert len(before.json()["items"]) == 2


@pytest.mark.parametrize("role", ["national_office", "operator", "coordinator"])
async def test_only_auditors_and_admins_read_the_audit_log(
    client: httpx.AsyncClient, role: str
) -> None:
    response = await client.get("/audit/events", headers=auth(role, "bologna"))  # type: ignore[arg-type]
    assert response.status_code == 403
    assert (await client.get("/audit/events", headers=ADMIN)).status_code == 200
