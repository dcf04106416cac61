import asyncio
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog import default_registry, intake
from lgnet_events.testing.infra import Infra
from reporting import rebuild
from reporting.generations import existing_generations, live_generation, use_live_generation
from reporting.queries.casework import casework_counts, consent_column
from reporting.queries.window import Window, moment
from reporting.rebuild import RebuildRunning, generation_rows, rebuild_projections

from .conftest import ADMIN, NATIONAL, known_programme, store_all
from .programme import SEALED, Programme
from .test_access_and_suppression import REPORTS, mixed_programme
from .test_audit_log import publish, wait_for
from .test_casework import registered

pytestmark = pytest.mark.integration


async def reports(client: httpx.AsyncClient) -> list[Any]:
    bodies = []
    for url in [*REPORTS, "/reports/municipalities?as_of=2026-03-01"]:
        for headers in (ADMIN, NATIONAL):
            bodies.append((await client.get(url, headers=headers)).json())
    for body in bodies:
        body.pop("as_of", None)
    return bodies


async def test_a_rebuilt_generation_is_identical_to_the_live_one(db: AsyncEngine) -> None:
    await store_all(db, mixed_programme().envelopes)
    new = await rebuild_projections(db, default_registry(), batch_size=4)
    async with db.connect() as conn:
        assert await live_generation(conn) == new == 2
        rebuilt = await generation_rows(conn, 2)
        live = await generation_rows(conn, 1)
    assert rebuilt == live
    assert len(rebuilt["facts"]) > 10
    assert len(rebuilt["beneficiary_attributes"]) == 6 + 3


async def test_reports_answer_the_same_after_a_rebuild_through_the_api(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    await store_all(db, mixed_programme().envelopes)
    before = await reports(client)
    started = await client.post("/admin/rebuild", headers=ADMIN)
    assert started.status_code == 202, started.text
    status_url = started.headers["Location"]
    for _ in range(100):
        job = (await client.get(status_url, headers=ADMIN)).json()
        if job["status"] != "running":
            break
        await asyncio.sleep(0.1)
    assert job["status"] == "succeeded", job
    assert job["done"] == job["total"] == len(mixed_programme().envelopes)
    assert job["generation"] == 2
    assert job["events_per_second"] > 0
    assert await reports(client) == before


async def test_events_stored_during_a_rebuild_reach_the_new_generation(db: AsyncEngine) -> None:
    programme = mixed_programme()
    early, late = programme.envelopes[:20], programme.envelopes[20:]
    await store_all(db, early)
    registry = default_registry()
    old, new = await rebuild._prepare(db)
    snapshot = await rebuild._replay(db, new, 5, rebuild._no_progress)
    await store_all(db, late)  # the consumer kept writing to the old generation meanwhile
    await rebuild._catch_up_and_swap(db, registry, old, new, snapshot)
    async with db.connect() as conn:
        assert await generation_rows(conn, new) == await generation_rows(conn, old)


async def test_generations_older_than_the_previous_one_are_dropped(db: AsyncEngine) -> None:
    await store_all(db, known_programme().envelopes)
    for _ in range(3):
        await rebuild_projections(db, default_registry())
    async with db.connect() as conn:
        assert await existing_generations(conn) == [3, 4]
        assert await live_generation(conn) == 4


async def test_a_second_rebuild_waits_for_none_it_is_refused(db: AsyncEngine) -> None:
    await store_all(db, known_programme().envelopes)
    async with db.connect() as conn:
        from sqlalchemy import func, select

        await conn.execute(select(func.pg_advisory_lock(rebuild.REBUILD_LOCK)))
        with pytest.raises(RebuildRunning):
            await rebuild_projections(db, default_registry())


class TestWhileConsuming:
    @pytest.fixture
    def run_workers(self) -> bool:
        return True

    async def test_a_rebuild_while_events_arrive_loses_none(
        self, client: httpx.AsyncClient, db: AsyncEngine, infra: Infra, namespace: str
    ) -> None:
        envelopes = mixed_programme().envelopes
        half = len(envelopes) // 2
        await publish(infra, namespace, envelopes[:half])
        await wait_for(db, half)
        started = await client.post("/admin/rebuild", headers=ADMIN)
        await publish(infra, namespace, envelopes[half:])
        job = (await client.get(started.headers["Location"], headers=ADMIN)).json()
        for _ in range(200):
            if job["status"] != "running":
                break
            await asyncio.sleep(0.1)
            job = (await client.get(started.headers["Location"], headers=ADMIN)).json()
        assert job["status"] == "succeeded", job
        await wait_for(db, len(envelopes))
        await asyncio.sleep(0.5)
        kpis = (await client.get("/reports/kpis", headers=ADMIN)).json()["kpis"]
        assert [k["value"] for k in kpis] == [8, 2, 2]
        again = await rebuild_projections(db, default_registry())
        async with db.connect() as conn:
            assert await generation_rows(conn, again) == await generation_rows(conn, again - 1)


async def test_a_registration_giving_one_purpose_twice_rebuilds_as_its_first_consent(
    db: AsyncEngine,
) -> None:
    p = Programme()
    terms = [
        intake.ConsentTerms(purpose="statistics", given_on=date(2026, 1, 5)),
        intake.ConsentTerms(purpose="case_work", given_on=date(2026, 1, 6)),
        intake.ConsentTerms(purpose="statistics", given_on=date(2026, 1, 7)),
    ]
    registered(p, "bologna", "2026-01-08", *terms)
    await store_all(db, p.envelopes)
    await rebuild_projections(db, default_registry())
    async with db.connect() as conn:
        rebuilt, live = await generation_rows(conn, 2), await generation_rows(conn, 1)
        await use_live_generation(conn)
        on_the_5th = Window(moment(date(2026, 1, 8), datetime.now(UTC)), frozenset({"bologna"}),
                            date(2026, 1, 5), date(2026, 1, 5))  # fmt: skip
        counts = await casework_counts(conn, on_the_5th, referral_answer_days=30)
    assert rebuilt == live
    given = {column: dict(by) for column, by in counts.columns.items() if "given" in column}
    assert given == {consent_column("given", "statistics"): {"bologna": 1}}


async def test_people_whose_data_was_updated_rebuild_as_the_live_path_left_them(
    db: AsyncEngine,
) -> None:
    p = Programme()
    unchanged = p.person("bologna", "2026-01-02", sex="male", born=1980, nationality="MA")
    moved = p.person("bologna", "2026-01-03", sex="female", born=1990, nationality="SN")
    for day, change in (
        ("2026-02-01", {"nationality": "GM"}),
        ("2026-03-01", {"birth_year": 1991}),
    ):
        updated = intake.BeneficiaryPersonalDataUpdated(
            beneficiary_id=moved, personal_data=SEALED, **change
        )
        p.add(updated, "bologna", day)
    await store_all(db, p.envelopes)
    await rebuild_projections(db, default_registry())
    async with db.connect() as conn:
        rebuilt, live = await generation_rows(conn, 2), await generation_rows(conn, 1)
    assert rebuilt == live
    by_time = sorted(rebuilt["beneficiary_attributes"], key=lambda row: str(row[6]))
    latest = {row[1]: row[3:6] for row in by_time}
    assert latest == {unchanged: ("male", 1980, "MA"), moved: ("female", 1991, "GM")}
    assert len(rebuilt["beneficiary_attributes"]) == 4
