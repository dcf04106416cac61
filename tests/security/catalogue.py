"""How to call every route of the four services against a :class:`Place`'s records.

``REQUESTS`` has one entry per route (``"METHOD /path"``, as in the OpenAPI document):
the path parameters are filled from the place's ids, the body is valid, and writes on an
existing record carry a stale ``If-Match`` so that a caller who gets through authorisation
meets 412 and changes nothing. Creating routes are probed with a body carrying an unknown
field (422), for the same reason. The reads of another municipality go through the
``municipality`` filter.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from lgnet_service.auth import Role

from .world import (
    GOAL,
    OTHER,
    OURS,
    TODAY,
    Place,
    World,
    bearer,
    new_activity,
    new_case,
    new_complaint,
    new_measure,
    new_placement,
    new_project,
    new_unit,
    token,
)

Kind = Literal["read", "create", "update"]
Body = Callable[[Place], Any]
STALE = '"999999"'
PROBE_FIELD = "smuggled"
SERVICES = ("intake", "housing", "civic", "reporting")
#: routes every caller may use without a token (DESIGN 7)
PUBLIC = frozenset({"GET /health", "GET /ready", "GET /metrics"})


@dataclass(frozen=True)
class Request:
    kind: Kind
    body: Body | None = None
    params: Callable[[Place], dict[str, str]] = field(default=lambda place: {})


def _none(place: Place) -> None:
    return None


def _const(value: Any) -> Body:
    return lambda place: value


def _filter(place: Place) -> dict[str, str]:
    return {"municipality": place.municipality}


def registration(place: Place) -> dict[str, Any]:
    return {"municipality": place.municipality, "sex": "female", "nationality": "SN",
            "personal_data": IDENTITY}  # fmt: skip


IDENTITY = {"given_names": "Probe", "family_names": "Person", "birth_date": "1990-01-01"}
READ = Request("read")
LIST = Request("read", params=_filter)
ACTION = Request("update", _const({}))

REQUESTS: dict[str, dict[str, Request]] = {
    "intake": {
        "POST /beneficiaries": Request("create", registration),
        "GET /beneficiaries/{beneficiary_id}": READ,
        "PATCH /beneficiaries/{beneficiary_id}": Request("update", _const({"languages": ["it"]})),
        "DELETE /beneficiaries/{beneficiary_id}/personal-data": Request("update", _none),
        "POST /beneficiaries/{beneficiary_id}/consents": Request(
            "update", _const({"purpose": "referral_housing", "given_on": TODAY})
        ),
        "POST /beneficiaries/{beneficiary_id}/consents/{purpose}/withdrawal": Request(
            "update", _none
        ),
        "POST /beneficiaries/{beneficiary_id}/break-glass": Request(
            "create",
            _const({"reason": "the person is in hospital, no consent form", "minutes": 30}),
        ),
        "GET /break-glass": READ,
        "GET /beneficiaries/{beneficiary_id}/access-log": READ,
        "GET /beneficiaries/{beneficiary_id}/access-log.csv": READ,
        "GET /cases/overdue": LIST,
        "GET /work-queue": READ,
        "POST /cases/{case_id}/assignment": Request("update", _const({"assigned_to": "me"})),
        "POST /cases/{case_id}/follow-ups": Request(
            "update", _const({"due_on": TODAY, "subject": "visit"})
        ),
        "POST /cases/{case_id}/follow-ups/{follow_up_id}/done": Request("update", _none),
        "POST /cases/{case_id}/plan": Request("update", _const({"goals": [GOAL]})),
        "POST /cases/{case_id}/plan/approval": Request("update", _const({"plan_version": 1})),
        "POST /cases/{case_id}/plan/goals/{goal_id}/progress": Request(
            "update", _const({"status": "in_progress"})
        ),
        "POST /cases": Request("create", lambda p: new_case(p["beneficiary_id"])),
        "GET /cases": LIST,
        "GET /cases/{case_id}": READ,
        "GET /cases/{case_id}/history": READ,
        "POST /cases/{case_id}/assessments": Request(
            "update",
            _const(
                {
                    "team_roles": ["social_worker"],
                    "assessment": {"needs": ["housing"], "risk_level": "high"},
                }
            ),
        ),
        "POST /cases/{case_id}/support": Request(
            "update", _const({"kind": "legal", "date": TODAY, "minutes": 30})
        ),
        "POST /cases/{case_id}/referrals": Request("update", _const({"target": "housing"})),
        "POST /cases/{case_id}/referrals/{referral_id}/outcome": Request(
            "update", _const({"outcome": "accepted"})
        ),
        "POST /cases/{case_id}/close": Request("update", _const({"outcome": "autonomy_reached"})),
        "POST /cases/{case_id}/reopen": Request("update", _const({"reason": "came_back"})),
        "POST /complaints": Request("create", lambda p: new_complaint(p["beneficiary_id"])),
        "GET /complaints": READ,
        "GET /complaints/{complaint_id}": READ,
        "POST /complaints/{complaint_id}/answer": Request(
            "update", _const({"resolution": "noted", "answer": "we apologise"})
        ),
        "POST /admin/retention": Request("create", _none, params=_const({"dry_run": "true"})),
        "POST /beneficiaries/matches": Request("create", _const(IDENTITY)),
        "GET /duplicate-checks": READ,
        "POST /imports/people": Request("create", _none, params=_const({"dry_run": "true"})),
        "GET /imports/{import_id}": READ,
        "GET /duplicate-reviews": READ,
        "POST /duplicate-reviews/{review_id}/merge": Request("update", _none),
        "POST /duplicate-reviews/{review_id}/dismiss": Request("update", _none),
        "POST /beneficiaries/{beneficiary_id}/merge/undo": Request("update", _none),
        "POST /beneficiaries/{beneficiary_id}/merge-proposals": Request("create", _const({})),
        "GET /merge-proposals": READ,
        "POST /merge-proposals/{proposal_id}/accept": Request(
            "update", _const({"stays": "asking"})
        ),
        "POST /merge-proposals/{proposal_id}/decline": Request(
            "update", _const({"reason": "different_people"})
        ),
        "POST /merge-proposals/{proposal_id}/withdraw": Request("update", _none),
    },
    "housing": {
        "POST /units": Request("create", lambda p: new_unit(p.municipality)),
        "GET /units": LIST,
        "GET /units/{unit_id}": READ,
        "POST /units/{unit_id}/refurbishment/start": Request("update", _const({"date": TODAY})),
        "POST /units/{unit_id}/refurbishment/complete": Request("update", _const({"date": TODAY})),
        "GET /requests": LIST,
        "POST /requests/{request_id}/accept": ACTION,
        "POST /requests/{request_id}/decline": Request("update", _const({"reason": "no_places"})),
        "POST /placements": Request(
            "create", lambda p: new_placement(p["beneficiary_id"], p["unit_id"])
        ),
        "GET /placements": LIST,
        "POST /placements/{placement_id}/end": Request(
            "update", _const({"end_date": TODAY, "outcome": "autonomous_housing"})
        ),
        "POST /support-measures": Request("create", lambda p: new_measure(p["beneficiary_id"])),
        "GET /support-measures": LIST,
        "POST /support-measures/{measure_id}/end": Request("update", _const({"end_date": TODAY})),
    },
    "civic": {
        "POST /projects": Request("create", lambda p: new_project(p.municipality)),
        "GET /projects": LIST,
        "GET /projects/{project_id}": READ,
        "GET /candidates": LIST,
        "GET /candidates/{candidate_id}": READ,
        "POST /candidates/{candidate_id}/accept": ACTION,
        "POST /candidates/{candidate_id}/decline": Request(
            "update", _const({"reason": "no_places"})
        ),
        "POST /individual-projects": Request(
            "create",
            lambda p: {
                "project_id": p["project_id"],
                "beneficiary_id": p["beneficiary_id"],
                "tutor": "tutor_07",
            },
        ),
        "GET /individual-projects": LIST,
        "GET /individual-projects/{individual_project_id}": READ,
        "POST /individual-projects/{individual_project_id}/hours": Request(
            "update", _const({"date": TODAY, "hours": "2.5"})
        ),
        "POST /individual-projects/{individual_project_id}/complete": Request(
            "update", _const({"outcome": "completed"})
        ),
        "POST /individual-projects/{individual_project_id}/withdraw": Request(
            "update", _const({"reason": "moved_away"})
        ),
        "POST /community-activities": Request("create", lambda p: new_activity(p.municipality)),
        "GET /community-activities": LIST,
        "GET /community-activities/{activity_id}": READ,
    },
    "reporting": {
        "GET /reports/kpis": LIST,
        "GET /reports/municipalities": LIST,
        "GET /reports/timeseries": Request(
            "read", params=lambda p: {**_filter(p), "metric": "taken_in_charge"}
        ),
        "GET /reports/breakdowns": Request(
            "read", params=lambda p: {**_filter(p), "metric": "taken_in_charge", "by": "sex"}
        ),
        "GET /reports/programme": LIST,
        "GET /reports/casework": LIST,
        "GET /audit/events": Request("read", params=lambda p: {"stream_id": p["beneficiary_id"]}),
        "POST /admin/rebuild": Request("create", _none),
        "GET /admin/rebuild/{job_id}": READ,
        "GET /reports/export.csv": LIST,
        "GET /reports/export.xlsx": LIST,
        "GET /dashboard": LIST,
    },
}

PATH_IDS = {
    "beneficiary_id", "case_id", "follow_up_id", "goal_id", "referral_id", "unit_id",
    "request_id", "placement_id", "measure_id", "project_id", "candidate_id",
    "individual_project_id", "activity_id", "job_id", "complaint_id", "review_id",
    "import_id", "proposal_id",
}  # fmt: skip
PATH_VALUES = {"purpose": "referral_housing"}


def route_path(route: str, place: Place) -> str:
    path = route.split(" ", 1)[1]
    for name in PATH_IDS:
        if "{" + name + "}" in path:
            path = path.replace("{" + name + "}", place[name])
    for name, value in PATH_VALUES.items():
        path = path.replace("{" + name + "}", value)
    return path


def probe(
    world: World, service: str, route: str, role: Role | None, place: Place
) -> httpx.Response:
    """Call *route* as *role* of our municipality, aimed at *place*'s records.

    Each route is called by its own subject: a break-glass grant obtained by one probe must
    not open the other routes to the same caller."""
    request = REQUESTS[service][route]
    method = route.split(" ", 1)[0]
    sub = f"probe-{role}-{abs(hash(route)) % 10**8}"
    headers = bearer(token(world.secret, role, OURS, sub)) if role else {}
    body = request.body(place) if request.body else None
    if request.kind == "update":
        headers["If-Match"] = STALE
    if request.kind == "create" and place.municipality == OURS:
        body = {**(body or {}), PROBE_FIELD: "x"}
    headers["Idempotency-Key"] = str(uuid.uuid4())
    path, params = route_path(route, place), request.params(place)
    return world.client(service).request(method, path, json=body, params=params, headers=headers)


def openapi_routes(world: World, service: str) -> set[str]:
    with httpx.Client(base_url=world.urls[service], timeout=20) as client:
        document = client.get("/openapi.json").json()
    return {f"{method.upper()} {path}" for path, ops in document["paths"].items() for method in ops}


__all__ = ["OTHER", "OURS", "PUBLIC", "REQUESTS", "SERVICES", "openapi_routes", "probe"]
