# ruff: noqa: E501 (the matrix is a table: one route a line)
"""The authorisation matrix: every route of every service x every role x own/other municipality.

Each cell is the exact status. The columns are: no token, operator, coordinator,
national_office, auditor, admin; ``a/b`` means ``a`` for our municipality's record (or filter)
and ``b`` for the other municipality's. Tokens hold one role and our municipality only.

How a cell is reached without changing anything (see ``catalogue``): writes on a record
carry a stale ``If-Match``, so a caller who gets through authorisation meets 412 (404 when
the record is another municipality's); creating writes carry an unknown field, so such a
caller meets 422 (the other municipality's version carries a valid body: 403 when it names
the municipality, 404/422 exactly as for a record that does not exist when it names their
records). Break-glass is the one deliberate door into another municipality: coordinators
only, with a reason, for minutes, logged.

A route that appears in a service's OpenAPI document without a row here fails the suite.
"""

from typing import get_args

import pytest

from lgnet_service.auth import Role
from tests.e2e.conftest import RunningMesh

from .catalogue import PUBLIC, REQUESTS, SERVICES, openapi_routes, probe
from .world import World

ROLES: tuple[Role | None, ...] = (None, "operator", "coordinator", "national_office", "auditor",
                                  "admin")  # fmt: skip

# fmt: off
MATRIX: dict[str, dict[str, str]] = {
    "intake": {
        "POST /beneficiaries": "401 422 422 403 403 403",
        "GET /beneficiaries/{beneficiary_id}": "401 200/404 200/404 403 200/404 403",
        "PATCH /beneficiaries/{beneficiary_id}": "401 412/404 412/404 403 403 403",
        "DELETE /beneficiaries/{beneficiary_id}/personal-data": "401 412/404 412/404 403 403 403",
        "POST /beneficiaries/{beneficiary_id}/consents": "401 412/404 412/404 403 403 403",
        "POST /beneficiaries/{beneficiary_id}/consents/{purpose}/withdrawal": "401 412/404 412/404 403 403 403",
        "POST /beneficiaries/{beneficiary_id}/break-glass": "401 403 422/201 403 403 403",
        "GET /break-glass": "401 403 200 403 200 403",
        "GET /beneficiaries/{beneficiary_id}/access-log": "401 403 200/404 403 200/404 403",
        "GET /beneficiaries/{beneficiary_id}/access-log.csv": "401 403 200/404 403 200/404 403",
        "GET /cases/overdue": "401 200 200 403 200 403",
        "GET /work-queue": "401 200 200 403 403 403",
        "POST /cases/{case_id}/assignment": "401 412/404 412/404 403 403 403",
        "POST /cases/{case_id}/follow-ups": "401 412/404 412/404 403 403 403",
        "POST /cases/{case_id}/follow-ups/{follow_up_id}/done": "401 412/404 412/404 403 403 403",
        "POST /cases/{case_id}/plan": "401 412/404 412/404 403 403 403",
        "POST /cases/{case_id}/plan/approval": "401 403 412/404 403 403 403",
        "POST /cases/{case_id}/plan/goals/{goal_id}/progress": "401 412/404 412/404 403 403 403",
        "POST /cases": "401 422/404 422/404 403 403 403",
        "GET /cases": "401 200 200 403 200 403",
        "GET /cases/{case_id}": "401 200/404 200/404 403 200/404 403",
        "GET /cases/{case_id}/history": "401 200/404 200/404 403 200/404 403",
        "POST /cases/{case_id}/assessments": "401 412/404 412/404 403 403 403",
        "POST /cases/{case_id}/support": "401 412/404 412/404 403 403 403",
        "POST /cases/{case_id}/referrals": "401 412/404 412/404 403 403 403",
        "POST /cases/{case_id}/referrals/{referral_id}/outcome": "401 412/404 412/404 403 403 403",
        "POST /cases/{case_id}/close": "401 403 412/404 403 403 403",
        "POST /cases/{case_id}/reopen": "401 403 412/404 403 403 403",
        "POST /complaints": "401 422/404 422/404 403 403 403",
        "GET /complaints": "401 403 200 403 200 403",
        "GET /complaints/{complaint_id}": "401 403 200/404 403 200/404 403",
        "POST /complaints/{complaint_id}/answer": "401 403 412/404 403 403 403",
        "POST /admin/retention": "401 403 403 403 403 200",
        "POST /beneficiaries/matches": "401 422/200 422/200 403 403 403",
        "GET /duplicate-checks": "401 403 200 403 200 403",
        "POST /imports/people": "401 403 200 403 403 403",
        "GET /imports/{import_id}": "401 403 404 403 403 403",
        "GET /duplicate-reviews": "401 403 200 403 403 403",
        "POST /duplicate-reviews/{review_id}/merge": "401 403 404 403 403 403",
        "POST /duplicate-reviews/{review_id}/dismiss": "401 403 404 403 403 403",
        "POST /beneficiaries/{beneficiary_id}/merge/undo": "401 403 412/404 403 403 403",
        "POST /beneficiaries/{beneficiary_id}/merge-proposals": "401 403 422/404 403 403 403",
        "GET /merge-proposals": "401 403 200 403 200 403",
        "POST /merge-proposals/{proposal_id}/accept": "401 403 404 403 403 403",
        "POST /merge-proposals/{proposal_id}/decline": "401 403 404 403 403 403",
        "POST /merge-proposals/{proposal_id}/withdraw": "401 403 404 403 403 403",
    },
    "housing": {
        "POST /units": "401 403 422/403 403 403 403",
        "GET /units": "401 200 200 403 200 403",
        "GET /units/{unit_id}": "401 200/404 200/404 403 200/404 403",
        "POST /units/{unit_id}/refurbishment/start": "401 403 412/404 403 403 403",
        "POST /units/{unit_id}/refurbishment/complete": "401 403 412/404 403 403 403",
        "GET /requests": "401 200 200 403 200 403",
        "POST /requests/{request_id}/accept": "401 403 412/404 403 403 403",
        "POST /requests/{request_id}/decline": "401 403 412/404 403 403 403",
        "POST /placements": "401 422 422 403 403 403",
        "GET /placements": "401 200 200 403 200 403",
        "POST /placements/{placement_id}/end": "401 412/404 412/404 403 403 403",
        "POST /support-measures": "401 422 422 403 403 403",
        "GET /support-measures": "401 200 200 403 200 403",
        "POST /support-measures/{measure_id}/end": "401 412/404 412/404 403 403 403",
    },
    "civic": {
        "POST /projects": "401 403 422/403 403 403 403",
        "GET /projects": "401 200 200 403 200 403",
        "GET /projects/{project_id}": "401 200/404 200/404 403 200/404 403",
        "GET /candidates": "401 200 200 403 200 403",
        "GET /candidates/{candidate_id}": "401 200/404 200/404 403 200/404 403",
        "POST /candidates/{candidate_id}/accept": "401 412/404 412/404 403 403 403",
        "POST /candidates/{candidate_id}/decline": "401 403 412/404 403 403 403",
        "POST /individual-projects": "401 422 422 403 403 403",
        "GET /individual-projects": "401 200 200 403 200 403",
        "GET /individual-projects/{individual_project_id}": "401 200/404 200/404 403 200/404 403",
        "POST /individual-projects/{individual_project_id}/hours": "401 412/404 412/404 403 403 403",
        "POST /individual-projects/{individual_project_id}/complete": "401 403 412/404 403 403 403",
        "POST /individual-projects/{individual_project_id}/withdraw": "401 403 412/404 403 403 403",
        "POST /community-activities": "401 422/403 422/403 403 403 403",
        "GET /community-activities": "401 200 200 403 200 403",
        "GET /community-activities/{activity_id}": "401 200/404 200/404 403 200/404 403",
    },
    "reporting": {
        "GET /reports/kpis": "401 200/404 200/404 200/404 403 200/404",
        "GET /reports/municipalities": "401 200/404 200/404 200/404 403 200/404",
        "GET /reports/timeseries": "401 200/404 200/404 200/404 403 200/404",
        "GET /reports/breakdowns": "401 200/404 200/404 200/404 403 200/404",
        "GET /reports/programme": "401 200/404 200/404 200/404 403 200/404",
        "GET /reports/casework": "401 200/404 200/404 200/404 403 200/404",
        "GET /audit/events": "401 403 403 403 200 200",
        "POST /admin/rebuild": "401 403 403 403 403 202|409",
        "GET /admin/rebuild/{job_id}": "401 403 403 403 403 200",
        "GET /reports/export.csv": "401 200/404 200/404 200/404 403 200/404",
        "GET /reports/export.xlsx": "401 200/404 200/404 200/404 403 200/404",
        "GET /dashboard": "401 200/404 200/404 200/404 403 200/404",
    },
}
# fmt: on


Statuses = frozenset[int]


def expected(cells: str) -> list[tuple[Statuses, Statuses]]:
    """``"401 200/404 …"`` -> ``[({401}, {401}), ({200}, {404}), …]`` (own, other) per role.

    ``202|409`` admits either: a rebuild that finds another still running is refused (409)."""
    pairs = []
    for cell in cells.split():
        own, _, other = cell.partition("/")
        pairs.append((_statuses(own), _statuses(other or own)))
    assert len(pairs) == len(ROLES), cells
    return pairs


def _statuses(text: str) -> Statuses:
    return frozenset(int(status) for status in text.split("|"))


def test_the_roles_of_the_matrix_are_all_the_roles_there_are() -> None:
    assert set(ROLES) - {None} == set(get_args(Role))


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_in_the_openapi_document_has_a_row(mesh: RunningMesh, world: World,
                                                       service: str) -> None:  # fmt: skip
    routes = openapi_routes(world, service) - PUBLIC
    assert sorted(routes - set(MATRIX[service])) == [], "add a row to MATRIX (and catalogue)"
    assert sorted(set(MATRIX[service]) - routes) == [], "a row for a route that is gone"
    assert set(REQUESTS[service]) == set(MATRIX[service])


@pytest.mark.parametrize("service", SERVICES)
def test_each_role_gets_exactly_its_status_on_every_route(world: World, service: str) -> None:
    wrong = {}
    for route, cells in MATRIX[service].items():
        for role, (own, other) in zip(ROLES, expected(cells), strict=True):
            got = (probe(world, service, route, role, world.ours).status_code,
                   probe(world, service, route, role, world.other).status_code)  # fmt: skip
            if got[0] not in own or got[1] not in other:
                wrong[f"{route} as {role}"] = f"expected {cells}, got {got[0]}/{got[1]}"
    assert wrong == {}


def test_the_public_routes_answer_without_a_token(world: World) -> None:
    import httpx

    for service in SERVICES:
        with httpx.Client(base_url=world.urls[service], timeout=10) as client:
            for route in PUBLIC:
                assert client.get(route.split(" ", 1)[1]).status_code == 200, (service, route)
            assert client.get("/openapi.json").status_code == 200
