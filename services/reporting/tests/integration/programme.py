"""Catalog events for tests: a small programme built event by event, with chosen times."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from lgnet_events.catalog import civic, housing, intake
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.store import build_envelopes

SEALED = "lgnet:v1:c2VhbGVk"


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


@dataclass
class Programme:
    """Envelopes in the order they were appended; every stream numbered from 1."""

    envelopes: list[Envelope] = field(default_factory=list)
    versions: dict[UUID, int] = field(default_factory=dict)

    def add(
        self, event: DomainEvent, municipality: str, when: str, recorded: str | None = None
    ) -> Envelope:
        stream_id = getattr(event, event.stream_key)
        version = self.versions.get(stream_id, 0)
        context = EventContext(actor="tester", municipality=municipality, occurred_at=at(when))
        envelope = build_envelopes([event], context, version)[0]
        envelope = envelope.model_copy(update={"recorded_at": at(recorded or when)})
        self.versions[stream_id] = version + 1
        self.envelopes.append(envelope)
        return envelope

    def person(
        self,
        municipality: str,
        when: str,
        sex: str = "female",
        born: int = 1990,
        nationality: str = "SN",
    ) -> UUID:
        beneficiary_id = uuid7()
        self.add(
            intake.BeneficiaryRegistered(
                beneficiary_id=beneficiary_id,
                sex=sex,
                birth_year=born,
                nationality=nationality,
                personal_data=SEALED,
            ),
            municipality,
            when,
        )
        return beneficiary_id

    def case(
        self, beneficiary_id: UUID, municipality: str, when: str, channel: str = "mobile_unit"
    ) -> UUID:
        case_id = uuid7()
        self.add(
            intake.CaseOpened(
                case_id=case_id,
                beneficiary_id=beneficiary_id,
                channel=channel,
                contact_point="stazione",
                urgency="high",
                vulnerabilities=SEALED,
            ),
            municipality,
            when,
        )
        return case_id

    def placement(self, beneficiary_id: UUID, municipality: str, when: str) -> None:
        self.add(
            housing.PlacementStarted(
                placement_id=uuid7(),
                beneficiary_id=beneficiary_id,
                unit_id=uuid7(),
                start_date=date.fromisoformat(when),
            ),
            municipality,
            when,
        )

    def measure(
        self, beneficiary_id: UUID, municipality: str, when: str, euro: str = "300.00"
    ) -> None:
        self.add(
            housing.SupportMeasureGranted(
                measure_id=uuid7(),
                beneficiary_id=beneficiary_id,
                kind="rent_contribution",
                amount_eur=Decimal(euro),
                months=3,
                start_date=date.fromisoformat(when),
            ),
            municipality,
            when,
        )

    def project(self, beneficiary_id: UUID, municipality: str, when: str) -> None:
        self.add(
            civic.IndividualProjectStarted(
                individual_project_id=uuid7(),
                beneficiary_id=beneficiary_id,
                project_id=uuid7(),
                tutor="Maria Rossi",
                planned_hours=100,
                start_date=date.fromisoformat(when),
            ),
            municipality,
            when,
        )

    def taken_in_charge(
        self,
        municipality: str,
        when: str,
        sex: str = "female",
        born: int = 1990,
        nationality: str = "SN",
    ) -> UUID:
        beneficiary_id = self.person(municipality, when, sex, born, nationality)
        self.case(beneficiary_id, municipality, when)
        return beneficiary_id


def topic_of(envelope: Envelope, namespace: str) -> str:
    return f"{namespace}.{envelope.service}.events"


def merge(p: Programme, record: UUID, into: UUID, municipality: str, when: str) -> None:
    """*record* (of *municipality*) is the same person as *into*, from *when*."""
    p.add(intake.BeneficiaryMerged(beneficiary_id=record, merged_into=into), municipality, when)


def undo_merge(p: Programme, record: UUID, into: UUID, municipality: str, when: str) -> None:
    p.add(
        intake.BeneficiaryMergeUndone(beneficiary_id=record, merged_into=into), municipality, when
    )
