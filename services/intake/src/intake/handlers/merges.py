"""Merging two records of one person, and undoing it: events on the merged record's stream.

Within a municipality a coordinator merges a queued pair; across municipalities the
receiving municipality's coordinator accepts a proposal, and may not see the asking record.
"""

from datetime import date
from uuid import UUID

from intake.domain.beneficiary import Beneficiary
from intake.domain.commands import MergeBeneficiary, UndoMerge
from intake.domain.errors import Invalid, Missing
from intake.domain.merge_proposal import (
    MergeProposal,
    Stays,
    require_acceptable,
    require_proposable,
)
from intake.handlers.unit import Unit
from lgnet_events.repository import Loaded, Saved


async def merge_beneficiary(unit: Unit, cmd: MergeBeneficiary) -> Saved:
    survivor = await unit.beneficiary(cmd.into)
    loaded = await unit.beneficiary(cmd.beneficiary_id)
    if survivor.municipality != loaded.municipality:
        raise Invalid("records of different municipalities are not merged")
    new_events = loaded.state.merge(cmd, survivor.state)
    context = unit.caller.context(str(loaded.municipality))
    return await unit.beneficiaries.save(unit.conn, loaded, new_events, context)


async def undo_merge(unit: Unit, cmd: UndoMerge, if_match: int | None = None) -> Saved:
    loaded = await unit.beneficiary(cmd.beneficiary_id, if_match)
    context = unit.caller.context(str(loaded.municipality))
    return await unit.beneficiaries.save(unit.conn, loaded, loaded.state.undo_merge(cmd), context)


async def asking_record(unit: Unit, beneficiary_id: UUID, day: date) -> Loaded[Beneficiary]:
    """The caller's own record a proposal starts from: live, with case-work consent."""
    loaded = await unit.beneficiary(beneficiary_id)
    require_proposable(loaded.state, day)
    return loaded


async def accept_proposal(unit: Unit, proposal: MergeProposal, stays: Stays, day: date) -> Saved:
    """``BeneficiaryMerged`` (across municipalities) on the record that does not stay."""
    cmd = proposal.accept(stays)
    asking = await _either_side(unit, proposal.asking_id)
    receiving = await _either_side(unit, proposal.receiving_id)
    require_acceptable(asking.state, receiving.state, day)
    merged, kept = (receiving, asking) if stays == "asking" else (asking, receiving)
    new_events = merged.state.merge(cmd, kept.state)
    context = unit.caller.context(str(merged.municipality))
    return await unit.beneficiaries.save(unit.conn, merged, new_events, context)


async def _either_side(unit: Unit, beneficiary_id: UUID) -> Loaded[Beneficiary]:
    # The caller is the receiving side's coordinator: the asking record is not theirs to see,
    # so it is loaded without the visibility check, and never named in a refusal.
    loaded = await unit.beneficiaries.load(unit.conn, beneficiary_id)
    if loaded.version == 0:
        raise Missing("a record of this proposal no longer exists")
    return loaded
