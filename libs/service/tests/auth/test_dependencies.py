"""A small app guarded the way services guard theirs: 401, 403, 404 and 200."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from lgnet_service.auth import (
    CurrentPrincipal,
    Principal,
    Role,
    TokenVerifier,
    actor_of,
    ensure_visible,
    install_auth,
    mint_dev_token,
    require_roles,
)
from lgnet_service.errors import ProblemError

SECRET = "a-development-secret-of-at-least-32-bytes"
CASES = {"c-bologna": "bologna", "c-roma": "roma"}
Coordinator = Annotated[Principal, Depends(require_roles("coordinator"))]


def guarded_app() -> FastAPI:
    app = FastAPI()
    install_auth(app, TokenVerifier.with_secret(SECRET))

    @app.exception_handler(ProblemError)
    async def problem(request: Request, error: ProblemError) -> JSONResponse:
        body = {"status": error.status, "detail": error.detail}
        return JSONResponse(body, error.status, error.headers, "application/problem+json")

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/cases/{case_id}")
    async def read_case(case_id: str, principal: CurrentPrincipal) -> dict[str, str]:
        municipality = CASES.get(case_id)
        if municipality is None:
            raise ProblemError(404, "Not Found", "no such case")
        ensure_visible(principal, municipality, "case")
        return {"case_id": case_id, "read_by": actor_of(principal)}

    @app.post("/cases/{case_id}/close")
    async def close_case(case_id: str, principal: Coordinator) -> dict[str, str]:
        return {"closed_by": actor_of(principal)}

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=guarded_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://lgnet") as client:
        yield client


def bearer(role: Role = "operator", municipality: str = "bologna") -> dict[str, str]:
    token = mint_dev_token(SECRET, f"{role}-1", [role], [municipality])
    return {"Authorization": f"Bearer {token}"}


async def test_public_routes_need_no_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer not-a-token"},
    ],
    ids=["no header", "empty bearer", "basic scheme", "garbage token"],
)
async def test_a_missing_or_bad_token_gets_401_with_a_bearer_challenge(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.get("/cases/c-bologna", headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.headers["Content-Type"] == "application/problem+json"


async def test_a_caller_sees_a_case_of_their_municipality(client: httpx.AsyncClient) -> None:
    response = await client.get("/cases/c-bologna", headers=bearer())

    assert response.status_code == 200
    assert response.json() == {"case_id": "c-bologna", "read_by": "operator-1"}


async def test_another_municipalitys_case_looks_exactly_like_a_missing_one(
    client: httpx.AsyncClient,
) -> None:
    foreign = await client.get("/cases/c-roma", headers=bearer())
    missing = await client.get("/cases/c-nowhere", headers=bearer())

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


async def test_a_role_without_the_right_gets_403(client: httpx.AsyncClient) -> None:
    response = await client.post("/cases/c-bologna/close", headers=bearer("operator"))

    assert response.status_code == 403


async def test_a_role_with_the_right_passes(client: httpx.AsyncClient) -> None:
    response = await client.post("/cases/c-bologna/close", headers=bearer("coordinator"))

    assert response.status_code == 200
    assert response.json() == {"closed_by": "coordinator-1"}


async def test_the_openapi_document_declares_the_bearer_scheme(
    client: httpx.AsyncClient,
) -> None:
    schemes = (await client.get("/openapi.json")).json()["components"]["securitySchemes"]

    assert schemes["HTTPBearer"]["scheme"] == "bearer"
