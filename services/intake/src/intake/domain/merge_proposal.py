"""A proposal to merge two records of one person kept by two municipalities.

The asking municipality's coordinator proposes from their own record; the receiving
municipality's coordinator accepts (saying which record stays: where the person lives now)
or declines. Refusals never name the other municipality's record.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args
from uuid import UUID

from intake.domain.beneficiary import Beneficiary
from intake.domain.commands import MergeBeneficiary
from intake.domain.errors import ConsentMissing, ProposalDecided
from lgnet_events.catalog.intake import ConsentPurpose

#: which record work goes on with: the asking municipality's or the receiving one's
Stays = Literal["asking", "receiving"]
DeclineReason = Literal["different_people", "cannot_confirm", "person_objects", "other"]
#: ``closed``: one of the two records had its personal data erased before anyone decided;
#: ``withdrawn``: the asking municipality took it back before anyone decided
ProposalStatus = Literal["open", "accepted", "declined", "undone", "closed", "withdrawn"]
#: why a proposal was closed without a decision
CLOSED_BY_ERASURE = "personal_data_erased"
STATUSES: tuple[ProposalStatus, ...] = get_args(ProposalStatus)

#: The consent a proposal needs, in the asking municipality when proposing and in both
#: municipalities when accepting: joining the person's records is part of working their case.
PROPOSAL_CONSENT: ConsentPurpose = "case_work"


@dataclass(frozen=True, slots=True)
class MergeProposal:
    proposal_id: UUID
    asking_id: UUID
    receiving_id: UUID
    status: ProposalStatus = "open"

    def accept(self, stays: Stays) -> MergeBeneficiary:
        """The merge of the record no longer worked on into the one that *stays*."""
        self._require_open()
        if stays == "asking":
            merged, kept = self.receiving_id, self.asking_id
        else:
            merged, kept = self.asking_id, self.receiving_id
        return MergeBeneficiary(merged, into=kept, proposal_id=self.proposal_id)

    def decline(self) -> None:
        self._require_open()

    def withdraw(self) -> None:
        self._require_open()

    def _require_open(self) -> None:
        if self.status != "open":
            raise ProposalDecided(f"this proposal is already {self.status}")


def require_proposable(asking: Beneficiary, day: date) -> None:
    """A proposal starts from a live record whose person agreed to case work on *day*."""
    asking.require_active()
    _require_case_work(asking, day, "in your municipality")


def require_acceptable(asking: Beneficiary, receiving: Beneficiary, day: date) -> None:
    """Both records live, and both municipalities hold the person's case-work consent."""
    asking.require_unmerged("the asking municipality's record")
    receiving.require_unmerged("your record")
    _require_case_work(receiving, day, "in your municipality")
    if _refused(asking, day):
        raise ConsentMissing(
            f"the person's consent for {PROPOSAL_CONSENT} in the asking municipality is not "
            "valid today: that municipality must record it again before the merge"
        )


def _require_case_work(record: Beneficiary, day: date, where: str) -> None:
    try:
        record.require_consent(PROPOSAL_CONSENT, day)
    except ConsentMissing as missing:
        raise ConsentMissing(f"{where}: {missing.detail}") from None


def _refused(record: Beneficiary, day: date) -> bool:
    try:
        record.require_consent(PROPOSAL_CONSENT, day)
    except ConsentMissing:
        return True
    return False
