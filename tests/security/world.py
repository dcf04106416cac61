"""A small world of records made through the real APIs, in our municipality and in another.

Every kind of id an attacker could aim at exists in both: beneficiary, case, referral,
follow-up, plan goal, unit, housing request, placement, support measure, project,
candidate, individual project, community activity, and a rebuild job.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from lgnet_cli.scenario import generate_people, rome_today
from lgnet_service.auth import Role, mint_dev_token

OURS = "bologna"
OTHER = "genova"
TODAY = rome_today().isoformat()


def token(secret: str, role: Role, municipality: str = OURS, sub: str | None = None) -> str:
    return mint_dev_token(secret, sub or f"sec-{role}-{municipality}", [role], [municipality])


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


@dataclass
class Caller:
    """Calls one service as one identity; every write carries a fresh Idempotency-Key."""

    url: str
    headers: dict[str, str]

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> httpx.Response:
        headers = dict(self.headers)
        if method != "GET":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        with httpx.Client(base_url=self.url, timeout=20) as client:
            return client.request(method, path, json=body, params=params, headers=headers)

    def ok(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        answer = self.call(method, path, body, **params)
        assert answer.is_success, f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json()

    def wait_for(self, path: str, found: Callable[[Any], Any], timeout: float = 45.0) -> Any:
        deadline = time.monotonic() + timeout
        while not (value := found(self.ok("GET", path))):
            assert time.monotonic() < deadline, f"nothing came to {path} in {timeout}s"
            time.sleep(0.3)
        return value


@dataclass
class Place:
    """The ids of one municipality's records."""

    municipality: str
    ids: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


@dataclass
class World:
    urls: dict[str, str]
    secret: str
    ours: Place
    other: Place
    _clients: dict[str, httpx.Client] = field(default_factory=dict, repr=False)

    def client(self, service: str) -> httpx.Client:
        """A kept-alive client of *service* (hundreds of probes share its connections)."""
        if service not in self._clients:
            self._clients[service] = httpx.Client(base_url=self.urls[service], timeout=20)
        return self._clients[service]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()

    def caller(self, service: str, role: Role, municipality: str = OURS) -> Caller:
        return Caller(self.urls[service], bearer(token(self.secret, role, municipality)))


def build_world(urls: dict[str, str], secret: str) -> World:
    world = World(urls, secret, Place(OURS), Place(OTHER))
    for seed, place in ((71, world.ours), (72, world.other)):
        _populate(world, place, seed)
    return world


def _populate(world: World, place: Place, seed: int) -> None:
    m = place.municipality
    intake = world.caller("intake", "coordinator", m)
    _intake_records(intake, place, seed)
    _housing_records(world.caller("housing", "coordinator", m), place)
    _civic_records(world.caller("civic", "coordinator", m), place)
    job = world.caller("reporting", "admin", m).ok("POST", "/admin/rebuild")
    place.ids["job_id"] = str(job["job_id"])


def _intake_records(intake: Caller, place: Place, seed: int) -> None:
    person = generate_people(1, seed=seed, today=rome_today())[0]
    registration = {**person.registration(rome_today()), "municipality": place.municipality}
    registration["personal_data"]["consent"] = {
        "purposes": ["case_management", "referral"],
        "given_on": TODAY,
    }
    beneficiary = intake.ok("POST", "/beneficiaries", registration)
    place.ids["beneficiary_id"] = str(beneficiary["beneficiary_id"])
    case = intake.ok("POST", "/cases", new_case(place["beneficiary_id"]))
    case_id = place.ids["case_id"] = str(case["case_id"])
    for target in ("housing", "civic"):
        case = intake.ok("POST", f"/cases/{case_id}/referrals", {"target": target})
        place.ids[f"{target}_referral_id"] = str(case["referrals"][-1]["referral_id"])
    place.ids["referral_id"] = place["housing_referral_id"]
    intake.ok("POST", f"/cases/{case_id}/follow-ups", {"due_on": TODAY, "subject": "call_back"})
    case = intake.ok("GET", f"/cases/{case_id}")
    place.ids["follow_up_id"] = str(case["follow_ups"][-1]["follow_up_id"])
    plan = intake.ok("POST", f"/cases/{case_id}/plan", {"goals": [GOAL]})
    place.ids["goal_id"] = str(plan["plan"]["goals"][0]["goal_id"])
    complaint = intake.ok("POST", "/complaints", new_complaint(place["beneficiary_id"]))
    place.ids["complaint_id"] = str(complaint["complaint_id"])
    # No duplicate is registered: review rows prove the role checks, and the 404 of a review
    # that does not exist (an existing one is covered by intake's own tests).
    place.ids["review_id"] = str(uuid.uuid4())
    # An import job is seen only by whoever started it: every other coordinator gets 404.
    place.ids["import_id"] = str(uuid.uuid4())
    # Nor a proposal: the rows prove the role checks and the 404 of one that does not exist.
    place.ids["proposal_id"] = str(uuid.uuid4())


def _housing_records(housing: Caller, place: Place) -> None:
    unit = housing.ok("POST", "/units", new_unit(place.municipality))
    place.ids["unit_id"] = str(unit["unit_id"])
    request = housing.wait_for("/requests", item_with("referral_id", place["referral_id"]))
    place.ids["request_id"] = str(request["request_id"])
    placement = housing.ok(
        "POST", "/placements", new_placement(place["beneficiary_id"], place["unit_id"])
    )
    place.ids["placement_id"] = str(placement["placement_id"])
    measure = housing.ok("POST", "/support-measures", new_measure(place["beneficiary_id"]))
    place.ids["measure_id"] = str(measure["measure_id"])


def _civic_records(civic: Caller, place: Place) -> None:
    project = civic.ok("POST", "/projects", new_project(place.municipality))
    place.ids["project_id"] = str(project["project_id"])
    found = item_with("referral_id", place["civic_referral_id"])
    candidate = civic.wait_for("/candidates", found)
    place.ids["candidate_id"] = str(candidate["candidate_id"])
    individual = civic.ok(
        "POST",
        "/individual-projects",
        {
            "project_id": place["project_id"],
            "beneficiary_id": place["beneficiary_id"],
            "tutor": "tutor_07",
        },
    )
    place.ids["individual_project_id"] = str(individual["individual_project_id"])
    activity = civic.ok("POST", "/community-activities", new_activity(place.municipality))
    place.ids["activity_id"] = str(activity["activity_id"])


def item_with(key: str, value: str) -> Callable[[Any], Any]:
    return lambda page: next((i for i in page["items"] if str(i.get(key)) == value), None)


GOAL = {"area": "housing", "target_date": "2027-12-31", "description": "a room of her own"}


def new_case(beneficiary_id: str) -> dict[str, Any]:
    return {"beneficiary_id": beneficiary_id, "channel": "one_stop_shop",
            "contact_point": "sportello_1", "urgency": "high"}  # fmt: skip


def new_complaint(beneficiary_id: str) -> dict[str, Any]:
    return {"beneficiary_id": beneficiary_id, "category": "service_quality", "channel": "desk",
            "text": "the office was closed on the day of the appointment"}  # fmt: skip


def new_unit(municipality: str) -> dict[str, Any]:
    return {"municipality": municipality, "kind": "apartment", "beds": 3,
            "name": "Via Libia 12, int. 3", "address": "Via Libia 12"}  # fmt: skip


def new_placement(beneficiary_id: str, unit_id: str) -> dict[str, Any]:
    return {"beneficiary_id": beneficiary_id, "unit_id": unit_id, "start_date": TODAY}


def new_measure(beneficiary_id: str) -> dict[str, Any]:
    return {"beneficiary_id": beneficiary_id, "kind": "rent_contribution",
            "amount_eur": "350.50", "months": 6, "start_date": TODAY}  # fmt: skip


def new_project(municipality: str) -> dict[str, Any]:
    return {"municipality": municipality, "title": "Cura del Parco Nord",
            "sector": "green_care", "host_organisation": "Cooperativa Verde",
            "places": 5, "planned_hours": 120}  # fmt: skip


def new_activity(municipality: str) -> dict[str, Any]:
    return {"municipality": municipality, "kind": "workshop", "title": "Orto condiviso",
            "date": TODAY, "capacity": 10, "resident_participants": 4}  # fmt: skip
