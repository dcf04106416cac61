"""End-to-end lag: from intake's 2xx for an opened case to reporting's KPI counting it.

Cases are opened at a steady offered rate (each request starts on its schedule, whatever
the earlier ones are doing) for beneficiaries registered beforehand (not timed). The lag of
a case is the time reporting stored its ``CaseOpened`` (``audit_log.stored_at``, the start of
the transaction that also moves the taken-in-charge KPI) minus the time the bench got the
2xx. Same machine, same clock. Reporting has caught up with the registrations before the
first case is sent.
"""

import asyncio
import time
import uuid
from typing import Any

import asyncpg
import httpx

from bench.commands import MUNICIPALITY, REQUEST_NUMBERS, SCENARIOS
from bench.ingest import ingest_rate
from bench.latency import percentiles
from bench.measurement import Measurement
from bench.mesh import BenchMesh
from bench.stopwatch import Stopwatch

#: requests in flight at most while registering (not timed) and while opening cases
IN_FLIGHT = 64
ARRIVAL_TIMEOUT = 600.0


async def _post(http: httpx.AsyncClient, path: str, body: Any) -> Any:
    answer = await http.post(path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    answer.raise_for_status()
    return answer.json()


async def _register(http: httpx.AsyncClient, count: int) -> list[str]:
    _, path, body, _ = SCENARIOS["intake"]
    assert body is not None  # noqa: S101 - intake's scenario has a body
    slots = asyncio.Semaphore(16)

    async def one() -> str:
        async with slots:
            return str((await _post(http, path, body(next(REQUEST_NUMBERS))))["beneficiary_id"])

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def _open_cases(
    http: httpx.AsyncClient, beneficiaries: list[str], rate: float
) -> dict[str, float]:
    """case id -> wall time of its 2xx, the i-th request started at i / *rate* seconds."""
    answered: dict[str, float] = {}
    slots, start = asyncio.Semaphore(IN_FLIGHT), time.perf_counter()

    async def one(i: int, beneficiary: str) -> None:
        await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
        async with slots:
            case = await _post(http, "/cases", {"beneficiary_id": beneficiary,
                               "channel": "one_stop_shop", "contact_point": "sportello_1",
                               "urgency": "high"})  # fmt: skip
        answered[str(case["case_id"])] = time.time()

    await asyncio.gather(*(one(i, b) for i, b in enumerate(beneficiaries)))
    return answered


async def _stored_at(mesh: BenchMesh, cases: list[str]) -> dict[str, float]:
    """case id -> when reporting stored its CaseOpened; waits until every case is there."""
    conn = await asyncpg.connect(mesh.database_url("reporting").replace("+asyncpg", ""))
    query = ("SELECT stream_id::text, extract(epoch FROM stored_at)::float8 FROM audit_log"
             " WHERE event_type = 'intake.CaseOpened' AND stream_id = ANY($1::uuid[])")  # fmt: skip
    deadline = time.monotonic() + ARRIVAL_TIMEOUT
    try:
        while True:
            rows = await conn.fetch(query, cases)
            if len(rows) == len(cases) or time.monotonic() > deadline:
                return {row[0]: row[1] for row in rows}
            await asyncio.sleep(0.2)
    finally:
        await conn.close()


async def lag_at(mesh: BenchMesh, rate: float, duration: float, watch: Stopwatch) -> Measurement:
    """Lag percentiles at *rate* cases/s offered for *duration* seconds."""
    token = mesh.tokens.token("coordinator", MUNICIPALITY)
    async with httpx.AsyncClient(base_url=mesh.urls["intake"], timeout=60,
                                 headers={"Authorization": f"Bearer {token}"}) as http:  # fmt: skip
        beneficiaries = await _register(http, max(10, round(rate * duration)))
        # Reporting (and housing's and civic's reactions) catch up with the registrations
        # first: the first cases would otherwise queue behind them.
        await ingest_rate(mesh, watch)
        watch.start()
        answered = await _open_cases(http, beneficiaries, rate)
        sent_seconds, cpu = watch.stop()
    stored = await _stored_at(mesh, list(answered))
    if len(stored) < len(answered):
        raise RuntimeError(f"reporting has {len(stored)} of {len(answered)} cases")
    lags = [stored[case] - at for case, at in answered.items()]
    return Measurement(
        key=f"e2e.lag.{rate:g}_per_second",
        label=f"intake 2xx -> reporting KPI, {rate:g} cases/s offered",
        unit="case", count=len(answered), seconds=sent_seconds, cpu=cpu,
        latency_ms=percentiles(lags),
    )  # fmt: skip
