"""OWASP API1: another municipality's records are indistinguishable from records that do not exist.

For every route that names a record (in its path or its body), the answer to a caseworker of
our municipality aimed at the other municipality's record must equal the answer for random
ids, field for field. Lists, their filters and histories never return the other's records.
"""

import uuid
from typing import Any

import httpx

from lgnet_service.auth import Role

from .catalogue import REQUESTS, probe
from .world import OTHER, OURS, Place, World, bearer, token

ROLE_FOR: dict[str, Role] = {
    "intake": "coordinator",
    "housing": "coordinator",
    "civic": "coordinator",
}


#: routes exempt from the comparison, and why
DELIBERATE = {
    # they name a municipality, not a record: creating in another one is 403 (the matrix)
    "POST /units", "POST /projects", "POST /community-activities",
    # break-glass is the one door into another municipality's person: a coordinator with a
    # written reason gets a time-limited, logged grant (201), and none for a missing person
    "POST /beneficiaries/{beneficiary_id}/break-glass",
}  # fmt: skip


def ghost(world: World) -> Place:
    return Place(OTHER, {name: str(uuid.uuid4()) for name in world.other.ids})


def comparable(answer: httpx.Response) -> tuple[int, Any]:
    body = answer.json() if answer.headers.get("content-type", "").endswith("json") else None
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k != "instance"}
    return answer.status_code, body


def test_the_other_municipalitys_records_answer_exactly_like_records_that_do_not_exist(
    world: World,
) -> None:
    nobody = ghost(world)
    differing = {}
    for service, role in ROLE_FOR.items():
        for route in REQUESTS[service]:
            if route in DELIBERATE:
                continue
            theirs = comparable(probe(world, service, route, role, world.other))
            missing = comparable(probe(world, service, route, role, nobody))
            if theirs != missing:
                differing[f"{service} {route}"] = (theirs, missing)
    assert differing == {}


def test_lists_and_their_filters_never_return_the_other_municipalitys_records(
    world: World,
) -> None:
    their_ids = set(world.other.ids.values())
    leaked = {}
    filters: list[dict[str, str]] = [
        {}, {"municipality": OTHER}, {"beneficiary_id": world.other["beneficiary_id"]},
        {"project_id": world.other["project_id"]}, {"status": "pending"},
    ]  # fmt: skip
    for service, role in ROLE_FOR.items():
        headers = bearer(token(world.secret, role, OURS))
        with httpx.Client(base_url=world.urls[service], timeout=20) as client:
            for route in REQUESTS[service]:
                method, path = route.split(" ", 1)
                if method != "GET" or "{" in path:
                    continue
                for params in filters:
                    text = client.get(path, params=params, headers=headers).text
                    if found := {i for i in their_ids if i in text}:
                        leaked[f"{service} {path} {params}"] = found
    assert leaked == {}


def test_the_other_municipalitys_case_history_and_access_log_are_not_found(world: World) -> None:
    headers = bearer(token(world.secret, "coordinator", OURS))
    case, person = world.other["case_id"], world.other["beneficiary_id"]
    with httpx.Client(base_url=world.urls["intake"], timeout=20) as client:
        for path in (f"/cases/{case}", f"/cases/{case}/history",
                     f"/beneficiaries/{person}", f"/beneficiaries/{person}/access-log",
                     f"/beneficiaries/{person}/access-log.csv"):  # fmt: skip
            assert client.get(path, headers=headers).status_code == 404, path


def test_an_auditor_reads_beneficiaries_without_their_personal_data(world: World) -> None:
    headers = bearer(token(world.secret, "auditor", OURS))
    caseworker = bearer(token(world.secret, "operator", OURS))
    path = f"/beneficiaries/{world.ours['beneficiary_id']}"
    with httpx.Client(base_url=world.urls["intake"], timeout=20) as client:
        seen_by_auditor = client.get(path, headers=headers).json()
        seen_by_caseworker = client.get(path, headers=caseworker).json()
    given = seen_by_caseworker["personal_data"]["given_names"]
    assert given
    assert given not in str(seen_by_auditor)
