"""A seeded backlog for reporting: people's paths through intake, housing and civic.

Each person is registered and opens a case (intake); about half are then placed in a unit,
some get a rent contribution (housing), some start an individual project (civic), and
support is recorded on some cases. The choices come from a seeded generator; the ids are
new on every call (uuid7), so one call's list is published unchanged for every member
count and the results can be compared event for event.
"""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import get_args
from uuid import UUID

from lgnet_events.catalog import civic, housing, intake
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_events.store import build_envelopes

SEALED = "lgnet:v1:c2VhbGVk"
MUNICIPALITIES: tuple[str, ...] = get_args(Municipality)[:8]
FIRST_DAY = date(2026, 1, 5)


def _person(rng: random.Random, beneficiary_id: UUID) -> Iterator[DomainEvent]:
    yield intake.BeneficiaryRegistered(
        beneficiary_id=beneficiary_id, sex=rng.choice(("female", "male", "not_stated")),
        birth_year=rng.randint(1950, 2006), nationality=rng.choice(("SN", "NG", "RO", "IT")),
        personal_data=SEALED,
    )  # fmt: skip
    case_id = uuid7()
    yield intake.CaseOpened(
        case_id=case_id, beneficiary_id=beneficiary_id,
        channel=rng.choice(("mobile_unit", "one_stop_shop")), contact_point="sportello_1",
        urgency=rng.choice(("low", "medium", "high")), vulnerabilities=SEALED,
    )  # fmt: skip
    yield from _path(rng, beneficiary_id, case_id, FIRST_DAY + timedelta(rng.randint(0, 300)))


def _path(
    rng: random.Random, beneficiary_id: UUID, case_id: UUID, day: date
) -> Iterator[DomainEvent]:
    if rng.random() < 0.4:
        yield intake.SupportProvided(case_id=case_id, beneficiary_id=beneficiary_id,
                                     support_id=uuid7(), kind="orientation", date=day,
                                     minutes=30)  # fmt: skip
    if rng.random() < 0.5:
        yield housing.PlacementStarted(placement_id=uuid7(), beneficiary_id=beneficiary_id,
                                       unit_id=uuid7(), start_date=day)  # fmt: skip
    if rng.random() < 0.3:
        yield housing.SupportMeasureGranted(
            measure_id=uuid7(), beneficiary_id=beneficiary_id, kind="rent_contribution",
            amount_eur=Decimal("300.00"), months=3, start_date=day,
        )  # fmt: skip
    if rng.random() < 0.3:
        yield civic.IndividualProjectStarted(
            individual_project_id=uuid7(), beneficiary_id=beneficiary_id, project_id=uuid7(),
            tutor="Maria Rossi", planned_hours=100, start_date=day,
        )  # fmt: skip


def _envelopes(events: list[DomainEvent], municipality: str) -> list[Envelope]:
    """One person's events, each stream numbered from 1 (a case holds two of them)."""
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    context = EventContext(actor="bench-operator", municipality=municipality, occurred_at=at)
    versions: dict[UUID, int] = {}
    found = []
    for event in events:
        stream = getattr(event, event.stream_key)
        found += build_envelopes([event], context, versions.get(stream, 0))
        versions[stream] = versions.get(stream, 0) + 1
    return found


def backlog(events: int, seed: int = 9) -> list[Envelope]:
    """*events* envelopes in the order they would be stored (by person)."""
    rng, found = random.Random(seed), list[Envelope]()
    while len(found) < events:
        municipality = rng.choice(MUNICIPALITIES)
        found += _envelopes(list(_person(rng, uuid7())), municipality)
    return found[:events]
