"""Which reportable facts each catalog event yields: pure, the same live and in a rebuild."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from lgnet_events.catalog import civic, housing, intake
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope


@dataclass(frozen=True, slots=True)
class Fact:
    fact: str
    beneficiary_id: UUID | None = None
    item_id: UUID | None = None
    label: str | None = None
    amount: Decimal | None = None
    on: date | None = None


def occurred_at(envelope: Envelope, fact: Fact) -> datetime:
    """Business time: the payload's own date when it has one, else the envelope's."""
    if fact.on is not None:
        return datetime.combine(fact.on, time(), tzinfo=UTC)
    return envelope.occurred_at


def _intake(e: Any) -> list[Fact]:
    match e:
        case intake.CaseOpened():
            return [Fact("taken_in_charge", e.beneficiary_id, e.case_id, e.channel)]
        case intake.ReferralIssued():
            return [Fact("referral_issued", e.beneficiary_id, e.referral_id, e.target)]
        case intake.CaseClosed():
            return [Fact("case_closed", e.beneficiary_id, e.case_id, e.outcome)]
        case intake.SupportProvided():
            minutes = Decimal(e.minutes)
            return [
                Fact("support_minutes", e.beneficiary_id, e.support_id, e.kind, minutes, e.date)
            ]
    return []


def _referral_answer(e: Any, service: str) -> list[Fact]:
    step = "referral_accepted" if type(e).__name__.endswith("Accepted") else "referral_declined"
    return [Fact(step, e.beneficiary_id, e.referral_id, service)]


def _housing(e: Any) -> list[Fact]:
    match e:
        case housing.HousingRequestReceived():
            return [Fact("referral_link", e.beneficiary_id, e.request_id, str(e.referral_id))]
        case housing.HousingRequestAccepted() | housing.HousingRequestDeclined():
            return _referral_answer(e, "housing")
        case housing.PlacementStarted():
            return _placement_started(e)
        case housing.PlacementEnded():
            return [
                Fact("placement_ended", e.beneficiary_id, e.placement_id, e.outcome, on=e.end_date)
            ]
        case housing.SupportMeasureGranted():
            return _measure_granted(e)
    return _stock(e)


def _placement_started(e: housing.PlacementStarted) -> list[Fact]:
    found = [
        Fact("housing_beneficiary", e.beneficiary_id, e.placement_id, "placement", on=e.start_date),
        Fact(
            "placement_started", e.beneficiary_id, e.placement_id, str(e.unit_id), on=e.start_date
        ),
    ]
    if e.request_id is not None:
        found.append(
            Fact("referral_started", e.beneficiary_id, e.request_id, "housing", on=e.start_date)
        )
    return found


def _measure_granted(e: housing.SupportMeasureGranted) -> list[Fact]:
    return [
        Fact(
            "housing_beneficiary",
            e.beneficiary_id,
            e.measure_id,
            "support_measure",
            on=e.start_date,
        ),
        Fact("support_eur", e.beneficiary_id, e.measure_id, e.kind, e.amount_eur, e.start_date),
    ]


def _stock(e: Any) -> list[Fact]:
    match e:
        case housing.HousingUnitRegistered():
            return [Fact("unit_beds", None, e.unit_id, e.kind, Decimal(e.beds))]
        case housing.UnitRefurbishmentStarted():
            return [Fact("refurbishment", None, e.unit_id, "started", on=e.date)]
        case housing.UnitRefurbishmentCompleted():
            return [
                Fact("refurbishment", None, e.unit_id, "completed", on=e.date),
                Fact("unit_beds", None, e.unit_id, "refurbished", Decimal(e.beds), e.date),
            ]
    return []


def _civic(e: Any) -> list[Fact]:
    match e:
        case civic.CivicCandidateReceived():
            return [Fact("referral_link", e.beneficiary_id, e.candidate_id, str(e.referral_id))]
        case civic.CivicCandidateAccepted() | civic.CivicCandidateDeclined():
            return _referral_answer(e, "civic")
        case civic.IndividualProjectStarted():
            return _project_started(e)
        case civic.HoursLogged():
            return [
                Fact(
                    "civic_hours", e.beneficiary_id, e.individual_project_id, None, e.hours, e.date
                )
            ]
        case civic.IndividualProjectCompleted():
            return [
                Fact(
                    "project_ended", e.beneficiary_id, e.individual_project_id, e.outcome, on=e.date
                )
            ]
        case civic.IndividualProjectWithdrawn():
            return [
                Fact(
                    "project_ended",
                    e.beneficiary_id,
                    e.individual_project_id,
                    "withdrawn",
                    on=e.date,
                )
            ]
        case civic.CommunityActivityHeld():
            participants = Decimal(e.participants)
            return [Fact("community_activity", None, e.activity_id, e.kind, participants, e.date)]
    return []


def _project_started(e: civic.IndividualProjectStarted) -> list[Fact]:
    found = [
        Fact("individual_project", e.beneficiary_id, e.individual_project_id, None, on=e.start_date)
    ]
    if e.candidate_id is not None:
        found.append(
            Fact("referral_started", e.beneficiary_id, e.candidate_id, "civic", on=e.start_date)
        )
    return found


_BY_SERVICE: dict[str, Callable[[Any], list[Fact]]] = {
    "intake": _intake,
    "housing": _housing,
    "civic": _civic,
}


def facts_of(envelope: Envelope, event: DomainEvent) -> list[Fact]:
    """The facts *event* contributes; events reporting does not count yield none."""
    read = _BY_SERVICE.get(envelope.service)
    return read(event) if read else []
