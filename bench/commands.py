"""HTTP scenarios: commands per second a service answers with a 2xx, at N concurrent clients.

Each client sends one request at a time, each with its own ``Idempotency-Key``, as fast as
the answers come. intake registers beneficiaries (personal data sealed with a fresh key each),
housing registers units, civic creates projects: every command opens a stream of its own.
reporting has no commands: its figure is the per-municipality table read by the national
office (``GET /reports/municipalities``).
"""

import asyncio
import itertools
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx

from bench.latency import percentiles
from bench.measurement import Measurement
from bench.mesh import BenchMesh
from bench.stopwatch import Stopwatch
from lgnet_cli.scenario import generate_people, rome_today
from lgnet_service.auth.principal import Role

MUNICIPALITY = "bologna"
#: numbers the requests of every scenario of the run, so that no two bodies are the same
REQUEST_NUMBERS = itertools.count()
Body = Callable[[int], Any]


#: intake refuses a second person with the same names and birth date: each request gets a
#: birth date of its own (18,000 days from 1950), then the next generated person's names
_BIRTH_DATES = 18_000


def _intake_bodies() -> Body:
    today = rome_today()
    people = generate_people(500, seed=77, today=today)

    def body(i: int) -> Any:
        registration = people[(i // _BIRTH_DATES) % len(people)].registration(today)
        born = date(1950, 1, 1) + timedelta(days=i % _BIRTH_DATES)
        registration["personal_data"]["birth_date"] = born.isoformat()
        return {**registration, "municipality": MUNICIPALITY}

    return body


def _unit(i: int) -> Any:
    address = f"Via Indipendenza {i % 200 + 1}, Bologna"
    return {"municipality": MUNICIPALITY, "kind": "apartment", "beds": 4,
            "name": f"Casa Bench {i}", "address": address}  # fmt: skip


def _project(i: int) -> Any:
    return {"municipality": MUNICIPALITY, "title": f"Orti condivisi {i}", "sector": "green_care",
            "host_organisation": "Legambiente", "places": 8, "planned_hours": 60}  # fmt: skip


#: service -> (method, path, body of the i-th request or None, what one request is)
SCENARIOS: dict[str, tuple[str, str, Body | None, str]] = {
    "intake": ("POST", "/beneficiaries", _intake_bodies(), "command"),
    "housing": ("POST", "/units", _unit, "command"),
    "civic": ("POST", "/projects", _project, "command"),
    "reporting": ("GET", "/reports/municipalities", None, "read"),
}


async def _client(
    http: httpx.AsyncClient, service: str, counter: "itertools.count[int]", deadline: float,
    samples: list[float], failures: list[str],
) -> None:  # fmt: skip
    method, path, body, _ = SCENARIOS[service]
    while time.perf_counter() < deadline:
        i = next(counter)
        headers = {"Idempotency-Key": str(uuid.uuid4())} if method == "POST" else {}
        started = time.perf_counter()
        answer = await http.request(method, path, json=body(i) if body else None, headers=headers)
        samples.append(time.perf_counter() - started)
        if not answer.is_success:
            failures.append(f"{answer.status_code} {answer.text[:200]}")


async def command_rate(
    mesh: BenchMesh, service: str, clients: int, duration: float, watch: Stopwatch
) -> Measurement:
    """2xx answers per second from *clients* concurrent clients for *duration* seconds."""
    role: Role = "national_office" if service == "reporting" else "coordinator"
    token = mesh.tokens.token(role, "*" if service == "reporting" else MUNICIPALITY)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    samples: list[float] = []
    failures: list[str] = []
    async with httpx.AsyncClient(base_url=mesh.urls[service], timeout=60, limits=limits,
                                 headers={"Authorization": f"Bearer {token}"}) as http:  # fmt: skip
        await http.get("/health")  # connect first: not timed
        watch.start()
        deadline = time.perf_counter() + duration
        await asyncio.gather(*(_client(http, service, REQUEST_NUMBERS, deadline, samples, failures)
                               for _ in range(clients)))  # fmt: skip
        seconds, cpu = watch.stop()
    if failures:
        raise RuntimeError(f"{service}: {len(failures)} requests failed, e.g. {failures[0]}")
    unit = SCENARIOS[service][3]
    name = "client" if clients == 1 else "clients"
    return Measurement(
        key=f"http.{service}.{clients}_{name}",
        label=f"{service} {SCENARIOS[service][0]} {SCENARIOS[service][1]}, {clients} {name}",
        unit=unit, count=len(samples), seconds=seconds, cpu=cpu,
        latency_ms=percentiles(samples),
    )  # fmt: skip
