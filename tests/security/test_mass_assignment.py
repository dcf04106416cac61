"""OWASP API3: no request body lets a client set what the server decides.

Every POST/PATCH body schema is enumerated from the services' OpenAPI documents: each must
refuse unknown fields, and none may offer ids of the record, versions, actors or audit
timestamps. Then each write is sent with such fields smuggled in: 422, nothing written.
"""

import uuid
from typing import Any

import httpx

from tests.e2e.conftest import RunningMesh

from .catalogue import REQUESTS, SERVICES, route_path
from .world import World, bearer, token

#: what only the server sets
SERVER_SIDE = ("id", "version", "stream_version", "expected_version", "actor", "created_by",
               "recorded_by", "created_at", "updated_at", "occurred_at", "recorded_at",
               "event_id", "etag")  # fmt: skip


def openapi(mesh: RunningMesh, service: str) -> dict[str, Any]:
    with httpx.Client(base_url=mesh.urls[service], timeout=10) as client:
        document: dict[str, Any] = client.get("/openapi.json").json()
    return document


def body_schemas(document: dict[str, Any]) -> dict[str, str]:
    """``"POST /path"`` -> the name of its JSON body schema."""
    found: dict[str, str] = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            if ref:
                found[f"{method.upper()} {path}"] = ref.rsplit("/", 1)[-1]
    return found


def objects_in(document: dict[str, Any], name: str, seen: set[str]) -> list[tuple[str, Any]]:
    """The schema *name* and every object schema it refers to."""
    if name in seen:
        return []
    seen.add(name)
    schema = document["components"]["schemas"][name]
    found = [(name, schema)]
    for ref in _refs(schema):
        found += objects_in(document, ref, seen)
    return found


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["$ref"].rsplit("/", 1)[-1]] if "$ref" in value else []
        return own + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def test_every_body_schema_refuses_unknown_fields_and_offers_no_server_side_field(
    mesh: RunningMesh,
) -> None:
    open_schemas, offered = [], []
    for service in SERVICES:
        document = openapi(mesh, service)
        for route, name in body_schemas(document).items():
            for schema_name, schema in objects_in(document, name, set()):
                if (
                    schema.get("type") == "object"
                    and schema.get("additionalProperties") is not False
                ):
                    open_schemas.append(f"{service} {route}: {schema_name}")
                named = set(schema.get("properties", {})) & set(SERVER_SIDE)
                offered += [f"{service} {route}: {schema_name}.{field}" for field in named]
    assert open_schemas == []
    assert offered == []


def test_smuggled_server_side_fields_are_refused_on_every_write(
    mesh: RunningMesh, world: World
) -> None:
    accepted = []
    for service in SERVICES:
        headers = bearer(token(world.secret, "coordinator", sub="mass-assigner"))
        for route, name in body_schemas(openapi(mesh, service)).items():
            request = REQUESTS[service][route]
            body = request.body(world.ours) if request.body else {}
            for field in (*SERVER_SIDE, "municipality_override", f"{name.lower()}_id"):
                if field in (body or {}):
                    continue
                answer = _send(world, service, route, {**(body or {}), field: "x"}, headers)
                if answer.status_code != 422 or field not in answer.text:
                    accepted.append(f"{service} {route} +{field}: {answer.status_code}")
    assert accepted == []


def _send(
    world: World, service: str, route: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    method = route.split(" ", 1)[0]
    with httpx.Client(base_url=world.urls[service], timeout=20) as client:
        return client.request(
            method, route_path(route, world.ours), json=body,
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )  # fmt: skip
