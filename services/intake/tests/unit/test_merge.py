import pytest

from intake.domain import errors
from intake.domain.beneficiary import Beneficiary, replay
from intake.domain.commands import MergeBeneficiary, UndoMerge
from lgnet_events.catalog.intake import (
    BeneficiaryMerged,
    BeneficiaryMergeUndone,
    BeneficiaryRegistered,
)
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
LATER, EARLIER = uuid7(), uuid7()
REGISTERED = BeneficiaryRegistered(
    beneficiary_id=LATER, sex="male", birth_year=1990, nationality="SY", personal_data=SEALED
)
MERGED = BeneficiaryMerged(beneficiary_id=LATER, merged_into=EARLIER)
SURVIVOR = Beneficiary(EARLIER, registered=True)


def test_merging_a_record_into_another_gives_beneficiary_merged() -> None:
    assert replay(LATER, [REGISTERED]).merge(MergeBeneficiary(LATER, EARLIER), SURVIVOR) == [MERGED]


def test_a_merged_record_refuses_new_work_and_a_second_merge() -> None:
    merged = replay(LATER, [REGISTERED, MERGED])
    with pytest.raises(errors.BeneficiaryMerged, match=str(EARLIER)):
        merged.require_active()
    with pytest.raises(errors.BeneficiaryMerged):
        merged.merge(MergeBeneficiary(LATER, EARLIER), SURVIVOR)


def test_merging_into_a_merged_record_is_refused() -> None:
    gone = Beneficiary(EARLIER, registered=True, merged_into=uuid7())
    with pytest.raises(errors.BeneficiaryMerged):
        replay(LATER, [REGISTERED]).merge(MergeBeneficiary(LATER, EARLIER), gone)


def test_merging_a_record_into_itself_is_invalid() -> None:
    itself = replay(LATER, [REGISTERED])
    with pytest.raises(errors.Invalid):
        itself.merge(MergeBeneficiary(LATER, LATER), itself)


def test_undoing_a_merge_makes_the_record_live_again() -> None:
    (event,) = replay(LATER, [REGISTERED, MERGED]).undo_merge(UndoMerge(LATER))
    assert event == BeneficiaryMergeUndone(beneficiary_id=LATER, merged_into=EARLIER)
    replay(LATER, [REGISTERED, MERGED, event]).require_active()


def test_undoing_without_a_merge_is_rejected() -> None:
    with pytest.raises(errors.NotMerged):
        replay(LATER, [REGISTERED]).undo_merge(UndoMerge(LATER))
