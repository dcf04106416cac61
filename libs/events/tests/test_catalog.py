"""The catalog names every event of the design; the registry decodes, upcasts and rejects."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from lgnet_events.catalog import ALL_EVENTS, default_registry
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import BeneficiaryRegistered, CaseOpened
from lgnet_events.envelope import Envelope
from lgnet_events.ids import uuid7
from lgnet_events.jsonschema import is_sealed
from lgnet_events.registry import (
    EventRegistry,
    InvalidEventPayload,
    UnknownEventType,
    envelope_for,
)

DESIGN_CATALOG = {
    "intake": "BeneficiaryRegistered BeneficiaryPersonalDataUpdated BeneficiaryPersonalDataErased "
    "CaseOpened CaseAssessed SupportProvided ReferralIssued ReferralOutcomeRecorded CaseClosed "
    "CaseReopened",
    "housing": "HousingUnitRegistered UnitRefurbishmentStarted UnitRefurbishmentCompleted "
    "HousingRequestReceived HousingRequestAccepted HousingRequestDeclined PlacementStarted "
    "PlacementEnded SupportMeasureGranted SupportMeasureEnded",
    "civic": "CivicProjectCreated CivicCandidateReceived CivicCandidateAccepted "
    "CivicCandidateDeclined IndividualProjectStarted HoursLogged IndividualProjectCompleted "
    "IndividualProjectWithdrawn CommunityActivityHeld",
}
SEALED = "lgnet:v1:bm90LWNsZWFyLXRleHQ="


class ParcelWeighedV1(DomainEvent):
    """Test-only: the old shape, weight in kilograms."""

    event_type = "civic.ParcelWeighed"
    stream_type = "parcel"
    stream_key = "parcel_id"
    parcel_id: UUID
    kilograms: float


class ParcelWeighed(DomainEvent):
    """Test-only: the current shape, weight in grams."""

    event_type = "civic.ParcelWeighed"
    schema_version = 2
    stream_type = "parcel"
    stream_key = "parcel_id"
    parcel_id: UUID
    grams: int


def kilograms_to_grams(data: dict[str, Any]) -> dict[str, Any]:
    return {"parcel_id": data["parcel_id"], "grams": round(data.pop("kilograms") * 1000)}


def wrap(event: DomainEvent) -> Envelope:
    correlation = uuid7()
    return envelope_for(
        event,
        1,
        actor="operator",
        municipality="napoli",
        correlation_id=correlation,
        causation_id=correlation,
        traceparent=None,
        occurred_at=datetime.now(UTC),
    )


def case_opened(**changes: Any) -> CaseOpened:
    fields: dict[str, Any] = {
        "case_id": uuid7(),
        "beneficiary_id": uuid7(),
        "channel": "mobile_unit",
        "contact_point": "napoli_centro",
        "urgency": "high",
        "vulnerabilities": SEALED,
    }
    return CaseOpened.model_validate(fields | changes)


def parcel_registry() -> EventRegistry:
    registry = EventRegistry([ParcelWeighed])
    registry.register_upcaster("civic.ParcelWeighed", 1, kilograms_to_grams)
    return registry


@pytest.mark.parametrize("model", ALL_EVENTS, ids=lambda m: m.event_type)
def test_every_catalog_event_declares_its_type_version_and_stream(model: type[DomainEvent]) -> None:
    service, name = model.event_type.split(".")
    assert name == model.__name__
    assert model.__module__ == f"lgnet_events.catalog.{service}"
    assert model.schema_version >= 1
    assert model.stream_type
    assert model.model_fields[model.stream_key].annotation is UUID


#: Events added after the design for case work (issue 10, docs/casework.md).
CASEWORK_EVENTS = """ConsentGiven ConsentWithdrawn CaseAssigned FollowUpScheduled FollowUpDone
    CasePlanDrafted CasePlanApproved GoalProgressRecorded BreakGlassAccessGranted
    ComplaintReceived ComplaintAnswered BeneficiaryMerged BeneficiaryMergeUndone"""


def test_the_catalog_holds_exactly_the_events_of_the_design_and_of_case_work() -> None:
    named = {f"{s}.{name}" for s, names in DESIGN_CATALOG.items() for name in names.split()}
    named |= {f"intake.{name}" for name in CASEWORK_EVENTS.split()}
    assert {model.event_type for model in ALL_EVENTS} == named
    assert len(ALL_EVENTS) == len(named)


def test_the_registry_decodes_an_envelope_into_its_catalog_model() -> None:
    event = case_opened()
    envelope = wrap(event)
    assert envelope.stream_id == event.case_id
    assert envelope.stream_type == "case"
    assert default_registry().decode(envelope) == event


def test_an_unknown_event_type_is_rejected() -> None:
    envelope = wrap(case_opened()).model_copy(update={"event_type": "intake.CaseForgotten"})
    with pytest.raises(UnknownEventType, match=r"intake\.CaseForgotten"):
        default_registry().decode(envelope)


def test_an_invalid_payload_is_rejected_naming_the_field() -> None:
    envelope = wrap(case_opened())
    broken = envelope.model_copy(update={"data": envelope.data | {"channel": "carrier_pigeon"}})
    with pytest.raises(InvalidEventPayload, match="channel"):
        default_registry().decode(broken)


def test_an_envelope_on_another_stream_than_its_payload_is_rejected() -> None:
    """Readers take the envelope's stream id for the payload's key (reporting's facts do)."""
    envelope = wrap(case_opened())
    moved = envelope.model_copy(update={"stream_id": uuid7()})
    with pytest.raises(InvalidEventPayload, match="is not the payload's case_id"):
        default_registry().decode(moved)


def test_fields_added_by_a_newer_producer_are_ignored() -> None:
    envelope = wrap(case_opened())
    extended = envelope.model_copy(update={"data": envelope.data | {"room": "3b"}})
    assert default_registry().decode(extended) == default_registry().decode(envelope)


def test_an_old_version_is_upcast_before_it_is_validated() -> None:
    parcel_id = uuid7()
    old = wrap(ParcelWeighedV1(parcel_id=parcel_id, kilograms=1.25))
    assert old.schema_version == 1
    registry = parcel_registry()
    assert registry.upcast(old).schema_version == 2
    assert registry.decode(old) == ParcelWeighed(parcel_id=parcel_id, grams=1250)


def test_the_current_version_is_decoded_without_upcasting() -> None:
    current = wrap(ParcelWeighed(parcel_id=uuid7(), grams=10))
    registry = parcel_registry()
    assert registry.upcast(current) is current
    assert registry.decode(current) == ParcelWeighed.model_validate(current.data)


def test_an_old_version_without_an_upcaster_is_rejected() -> None:
    old = wrap(ParcelWeighedV1(parcel_id=uuid7(), kilograms=2))
    with pytest.raises(InvalidEventPayload, match="no upcaster"):
        EventRegistry([ParcelWeighed]).decode(old)


def test_a_version_newer_than_the_registry_knows_is_rejected() -> None:
    newer = wrap(ParcelWeighed(parcel_id=uuid7(), grams=10))
    with pytest.raises(InvalidEventPayload, match="newer"):
        EventRegistry([ParcelWeighedV1]).decode(newer)


SEALED_FIELDS = [
    (model, name)
    for model in ALL_EVENTS
    for name, schema in model.model_json_schema()["properties"].items()
    if is_sealed(schema)
]


def test_personal_data_fields_are_sealed() -> None:
    sealed = {f"{model.__name__}.{name}" for model, name in SEALED_FIELDS}
    assert {
        "BeneficiaryRegistered.personal_data",
        "BeneficiaryPersonalDataUpdated.personal_data",
        "CaseOpened.vulnerabilities",
        "CaseAssessed.assessment",
        "SupportProvided.note",
        "ReferralIssued.note",
    } <= sealed


@pytest.mark.parametrize(
    ("model", "field"), SEALED_FIELDS, ids=lambda v: v if isinstance(v, str) else v.__name__
)
@pytest.mark.parametrize("clear_text", ["Mario Rossi", "lgnet:v1:has spaces", "lgnet:v2:abc"])
def test_a_sealed_field_rejects_clear_text(
    model: type[DomainEvent], field: str, clear_text: str
) -> None:
    validator = model.__pydantic_validator__
    validator.validate_assignment(model.model_construct(), field, SEALED)
    with pytest.raises(ValidationError, match=field):
        validator.validate_assignment(model.model_construct(), field, clear_text)


def test_a_sealed_field_accepts_ciphertext_and_a_registry_rejects_clear_text() -> None:
    beneficiary = BeneficiaryRegistered(
        beneficiary_id=uuid7(),
        sex="female",
        birth_year=1990,
        nationality="NG",
        personal_data=SEALED,
    )
    envelope = wrap(beneficiary)
    clear = envelope.model_copy(update={"data": envelope.data | {"personal_data": "Ada Obi"}})
    assert default_registry().decode(envelope) == beneficiary
    with pytest.raises(InvalidEventPayload, match="personal_data"):
        default_registry().decode(clear)
