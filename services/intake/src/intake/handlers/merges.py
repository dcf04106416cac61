"""Merging two records of one person, and undoing it: events on the merged record's stream."""

from intake.domain.commands import MergeBeneficiary, UndoMerge
from intake.domain.errors import Invalid
from intake.handlers.unit import Unit
from lgnet_events.repository import Saved


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
