from datetime import UTC, datetime

import pytest

from intake.domain import errors
from intake.domain.beneficiary import replay
from intake.domain.commands import GrantBreakGlass
from lgnet_events.catalog.intake import BeneficiaryRegistered, BreakGlassAccessGranted
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
PERSON, GRANT = uuid7(), uuid7()
UNTIL = datetime(2026, 6, 1, 12, tzinfo=UTC)
REGISTERED = BeneficiaryRegistered(
    beneficiary_id=PERSON, sex="male", birth_year=1988, nationality="UA", personal_data=SEALED
)


def grant() -> GrantBreakGlass:
    return GrantBreakGlass(PERSON, GRANT, "coord-roma", ("roma",), SEALED, UNTIL)


def test_a_grant_on_a_registered_person_records_who_why_and_until_when() -> None:
    (event,) = replay(PERSON, [REGISTERED]).grant_break_glass(grant())
    assert event == BreakGlassAccessGranted(
        beneficiary_id=PERSON,
        grant_id=GRANT,
        granted_to="coord-roma",
        requested_from=["roma"],
        reason=SEALED,
        expires_at=UNTIL,
    )


def test_a_grant_on_a_person_never_registered_is_missing() -> None:
    with pytest.raises(errors.Missing):
        replay(PERSON, []).grant_break_glass(grant())
