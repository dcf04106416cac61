"""OWASP API4: request size, page size, and writes per token are bounded."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI

from housing.api.app import create_app
from housing.migrations import SCRIPT_LOCATION
from housing.settings import HousingSettings
from lgnet_events.testing.infra import Infra
from lgnet_service.auth import Role
from lgnet_service.migrations import upgrade_database
from lgnet_service.pagination import MAX_LIMIT
from lgnet_service.ratelimit import WriteLimiter
from tests.e2e.conftest import RunningMesh

from .catalogue import REQUESTS, SERVICES
from .world import OURS, World, bearer, new_unit, token

BIG = 2 * 1024 * 1024


def paged_routes() -> list[tuple[str, str]]:
    routes = [(service, route) for service in SERVICES for route in REQUESTS[service]]
    return [(service, route[4:]) for service, route in routes
            if route.startswith("GET ") and "{" not in route]  # fmt: skip


def test_a_body_over_the_limit_is_refused_with_413_by_every_service(
    mesh: RunningMesh, world: World
) -> None:
    writes = {"intake": "/beneficiaries", "housing": "/units", "civic": "/projects",
              "reporting": "/admin/rebuild"}  # fmt: skip
    for service, path in writes.items():
        headers = bearer(token(world.secret, "admin" if service == "reporting" else "coordinator"))
        with httpx.Client(base_url=mesh.urls[service], timeout=30) as client:
            declared = client.post(path, content=b"{" + b" " * BIG + b"}", headers=headers)

            def chunks() -> Iterator[bytes]:
                yield b'{"a": "'
                for _ in range(BIG // 65536):
                    yield b"x" * 65536
                yield b'"}'

            streamed = client.post(path, content=chunks(), headers=headers)
        assert declared.status_code == 413, (service, declared.text)
        if service != "reporting":  # POST /admin/rebuild reads no body: nothing to count
            assert streamed.status_code == 413, (service, streamed.text)


def test_pages_larger_than_the_maximum_or_empty_are_refused_with_422(
    mesh: RunningMesh, world: World
) -> None:
    answers = {}
    for service, path in paged_routes():
        role: Role = "coordinator"
        if service == "reporting":
            role = "auditor" if path.startswith("/audit") else "national_office"
        headers = bearer(token(world.secret, role))
        with httpx.Client(base_url=mesh.urls[service], timeout=30) as client:
            too_big = client.get(path, params={"limit": MAX_LIMIT + 1}, headers=headers)
            empty = client.get(path, params={"limit": 0}, headers=headers)
            huge = client.get(path, params={"limit": 10**12}, headers=headers)
        takes_limit = too_big.status_code != 200 or "limit" in too_big.text
        if takes_limit:
            answers[f"{service} {path}"] = (
                too_big.status_code,
                empty.status_code,
                huge.status_code,
            )
    assert answers, "no list takes a limit"
    assert {route: a for route, a in answers.items() if a != (422, 422, 422)} == {}


# --- writes per token: a real service with a small limit ---


@pytest.fixture
async def throttled_housing(
    database_url: str, infra: Infra, namespace: str
) -> AsyncIterator[httpx.AsyncClient]:
    upgrade_database(database_url, SCRIPT_LOCATION)
    settings = HousingSettings(
        run_workers=False, database_url=database_url, kafka_bootstrap=infra.bootstrap,
        topic_namespace=namespace, auth_hs256_secret=SECRET, rate_limit_writes_per_minute=3,
    )  # fmt: skip
    app: FastAPI = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://housing") as client:
            yield client


SECRET = "rate-limit-tests-secret-of-at-least-32-bytes"


async def test_writes_beyond_the_limit_get_429_with_retry_after_and_only_for_that_token(
    throttled_housing: httpx.AsyncClient,
) -> None:
    client = throttled_housing
    greedy = bearer(token(SECRET, "coordinator", sub="greedy"))
    statuses = [(await client.post("/units", json=new_unit(OURS), headers=greedy)).status_code
                for _ in range(4)]  # fmt: skip
    refused = await client.post("/units", json=new_unit(OURS), headers=greedy)

    assert statuses == [201, 201, 201, 429]
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["type"] == "/problems/rate-limited"
    assert (await client.get("/units", headers=greedy)).status_code == 200  # reads are not limited
    other = bearer(token(SECRET, "coordinator", sub="patient"))
    assert (await client.post("/units", json=new_unit(OURS), headers=other)).status_code == 201


async def test_forged_tokens_naming_a_victim_do_not_drain_the_victims_allowance(
    throttled_housing: httpx.AsyncClient,
) -> None:
    client = throttled_housing
    forged = bearer(
        token("someone-elses-secret-of-at-least-32-bytes!", "coordinator", sub="victim")
    )
    for _ in range(5):
        assert (await client.post("/units", json=new_unit(OURS), headers=forged)).status_code == 401
    victim = bearer(token(SECRET, "coordinator", sub="victim"))
    assert (await client.post("/units", json=new_unit(OURS), headers=victim)).status_code == 201


def test_a_bucket_refills_at_the_configured_rate() -> None:
    now = [0.0]
    limiter = WriteLimiter(60, clock=lambda: now[0])
    assert all(limiter.take("a") == 0 for _ in range(60))
    assert limiter.take("a") == pytest.approx(1.0)
    now[0] += 2.5
    assert limiter.take("a") == 0
    assert limiter.take("a") == 0
    assert limiter.take("a") > 0
