from datetime import date
from uuid import UUID

import pytest

from intake.domain import errors
from intake.domain.beneficiary import Beneficiary, replay
from intake.domain.commands import MergeBeneficiary, UndoMerge
from intake.domain.merge_proposal import MergeProposal, require_acceptable, require_proposable
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    BeneficiaryMerged,
    BeneficiaryMergeUndone,
    BeneficiaryRegistered,
    ConsentGiven,
    ConsentWithdrawn,
)
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
ASKING, RECEIVING, PROPOSAL = uuid7(), uuid7(), uuid7()
TODAY = date(2026, 11, 25)


def record(beneficiary_id: UUID, *history: DomainEvent, consent: bool = True) -> Beneficiary:
    registered = BeneficiaryRegistered(
        beneficiary_id=beneficiary_id,
        sex="male",
        birth_year=1990,
        nationality="UA",
        personal_data=SEALED,
    )
    given = ConsentGiven(beneficiary_id=beneficiary_id, purpose="case_work", given_on=TODAY)
    return replay(beneficiary_id, [registered, *([given] if consent else []), *history])


def merged_elsewhere(beneficiary_id: UUID, into: UUID) -> BeneficiaryMerged:
    return BeneficiaryMerged(
        beneficiary_id=beneficiary_id,
        merged_into=into,
        proposal_id=PROPOSAL,
        across_municipalities=True,
    )


def test_accepting_with_the_asking_record_staying_merges_the_receiving_record_into_it() -> None:
    cmd = MergeProposal(PROPOSAL, ASKING, RECEIVING).accept("asking")
    assert cmd == MergeBeneficiary(RECEIVING, into=ASKING, proposal_id=PROPOSAL)


def test_accepting_with_the_receiving_record_staying_merges_the_asking_record_into_it() -> None:
    cmd = MergeProposal(PROPOSAL, ASKING, RECEIVING).accept("receiving")
    assert cmd == MergeBeneficiary(ASKING, into=RECEIVING, proposal_id=PROPOSAL)


@pytest.mark.parametrize("status", ["accepted", "declined", "undone"])
def test_a_decided_proposal_is_neither_accepted_nor_declined_again(status: str) -> None:
    decided = MergeProposal(PROPOSAL, ASKING, RECEIVING, status)  # type: ignore[arg-type]
    with pytest.raises(errors.ProposalDecided, match=status):
        decided.accept("asking")
    with pytest.raises(errors.ProposalDecided):
        decided.decline()


def test_a_merge_from_a_proposal_is_marked_across_municipalities() -> None:
    cmd = MergeProposal(PROPOSAL, ASKING, RECEIVING).accept("receiving")
    events = record(ASKING).merge(cmd, record(RECEIVING))
    assert events == [merged_elsewhere(ASKING, RECEIVING)]


def test_a_record_merged_elsewhere_refuses_new_work_without_naming_the_other_record() -> None:
    merged = record(RECEIVING, merged_elsewhere(RECEIVING, ASKING))
    with pytest.raises(errors.BeneficiaryMerged, match="another municipality") as refused:
        merged.require_active()
    assert str(ASKING) not in refused.value.detail


def test_undoing_a_merge_across_municipalities_says_so_and_makes_the_record_live() -> None:
    merged = record(RECEIVING, merged_elsewhere(RECEIVING, ASKING))
    (event,) = merged.undo_merge(UndoMerge(RECEIVING))
    assert event == BeneficiaryMergeUndone(
        beneficiary_id=RECEIVING, merged_into=ASKING, across_municipalities=True
    )
    live = record(RECEIVING, merged_elsewhere(RECEIVING, ASKING), event)
    live.require_active()
    assert not live.merged_elsewhere


def test_a_proposal_needs_the_persons_case_work_consent_in_the_asking_municipality() -> None:
    require_proposable(record(ASKING), TODAY)
    with pytest.raises(errors.ConsentMissing, match="your municipality: no consent for case_work"):
        require_proposable(record(ASKING, consent=False), TODAY)
    withdrawn = ConsentWithdrawn(beneficiary_id=ASKING, purpose="case_work", withdrawn_on=TODAY)
    with pytest.raises(errors.ConsentMissing, match="withdrawn"):
        require_proposable(record(ASKING, withdrawn), TODAY)


def test_a_merged_record_cannot_propose() -> None:
    with pytest.raises(errors.BeneficiaryMerged):
        require_proposable(record(ASKING, merged_elsewhere(ASKING, RECEIVING)), TODAY)


def test_acceptance_needs_case_work_consent_on_both_sides_without_the_asking_details() -> None:
    require_acceptable(record(ASKING), record(RECEIVING), TODAY)
    with pytest.raises(errors.ConsentMissing, match="your municipality"):
        require_acceptable(record(ASKING), record(RECEIVING, consent=False), TODAY)
    with pytest.raises(errors.ConsentMissing, match="asking municipality is not valid"):
        require_acceptable(record(ASKING, consent=False), record(RECEIVING), TODAY)


def test_acceptance_refuses_a_side_merged_meanwhile_without_naming_where_it_went() -> None:
    elsewhere = uuid7()
    gone = BeneficiaryMerged(beneficiary_id=ASKING, merged_into=elsewhere)
    with pytest.raises(errors.BeneficiaryMerged, match="asking municipality") as refused:
        require_acceptable(record(ASKING, gone), record(RECEIVING), TODAY)
    assert str(elsewhere) not in refused.value.detail
    cmd = MergeProposal(PROPOSAL, ASKING, RECEIVING).accept("asking")
    with pytest.raises(errors.BeneficiaryMerged) as refused:
        record(RECEIVING).merge(cmd, record(ASKING, gone))
    assert str(elsewhere) not in refused.value.detail
