"""Emergency access to another municipality's record: a written reason, a time limit, an event."""

from dataclasses import replace

from intake.domain.commands import GrantBreakGlass
from intake.domain.errors import BreakGlassNotNeeded, Missing
from intake.handlers.unit import Unit
from lgnet_events.repository import Saved


async def grant_break_glass(unit: Unit, cmd: GrantBreakGlass) -> Saved:
    """The record is of *another* municipality: loaded without the usual scope check."""
    loaded = await unit.beneficiaries.load(unit.conn, cmd.beneficiary_id)
    if loaded.version == 0 or loaded.municipality is None:
        raise Missing("no such beneficiary")
    if unit.caller.sees(loaded.municipality):
        raise BreakGlassNotNeeded("you already work in this person's municipality")
    loaded.state.require_registered()  # refuse before sealing anything
    sealed = await unit.vault.seal(unit.conn, cmd.beneficiary_id, cmd.reason)
    new_events = loaded.state.grant_break_glass(replace(cmd, reason=sealed))
    context = unit.caller.context(loaded.municipality)
    return await unit.beneficiaries.save(unit.conn, loaded, new_events, context)
