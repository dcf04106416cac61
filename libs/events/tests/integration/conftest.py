from collections.abc import Sequence
from datetime import date
from uuid import UUID

import pytest

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import (
    HousingUnitRegistered,
    UnitRefurbishmentCompleted,
    UnitRefurbishmentStarted,
)
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.store import build_envelopes

pytestmark = pytest.mark.integration


def unit_history(unit_id: UUID, refurbishments: int = 0) -> list[DomainEvent]:
    """A housing unit registered, then refurbished *refurbishments* times."""
    history: list[DomainEvent] = [
        HousingUnitRegistered(
            unit_id=unit_id, kind="shelter", beds=4, name="Casa", address="Via Po 1"
        )
    ]
    for _ in range(refurbishments):
        history += [
            UnitRefurbishmentStarted(unit_id=unit_id, date=date(2026, 3, 1)),
            UnitRefurbishmentCompleted(unit_id=unit_id, date=date(2026, 4, 1), beds=6),
        ]
    return history


def envelopes_for(
    events: Sequence[DomainEvent], after_version: int = 0, actor: str = "test-operator"
) -> list[Envelope]:
    return build_envelopes(events, EventContext(actor=actor, municipality="bologna"), after_version)


def new_unit_envelopes(count: int = 1) -> list[Envelope]:
    return envelopes_for(unit_history(uuid7(), refurbishments=count // 2)[:count])
