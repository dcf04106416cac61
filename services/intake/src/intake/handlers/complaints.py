"""Complaints and feedback: received with a sealed text, answered by a coordinator."""

from dataclasses import replace

from intake.domain.commands import AnswerComplaint, ReceiveComplaint
from intake.domain.errors import Invalid, PersonalDataErased
from intake.handlers.unit import Unit
from lgnet_events.repository import Saved


async def receive_complaint(unit: Unit, cmd: ReceiveComplaint) -> Saved:
    person = await unit.beneficiary(cmd.beneficiary_id)
    if person.state.erased:
        raise PersonalDataErased("the personal data of this beneficiary has been erased")
    if cmd.case_id is not None:
        case = await unit.case(cmd.case_id)
        if case.state.beneficiary_id != cmd.beneficiary_id:
            raise Invalid("the case named is not this beneficiary's")
    loaded = await unit.complaints.load(unit.conn, cmd.complaint_id)
    sealed = await unit.vault.seal(unit.conn, cmd.beneficiary_id, cmd.text)
    new_events = loaded.state.receive(replace(cmd, text=sealed), person.state)
    context = unit.caller.context(str(person.municipality))
    return await unit.complaints.save(unit.conn, loaded, new_events, context)


async def answer_complaint(unit: Unit, cmd: AnswerComplaint, if_match: int | None = None) -> Saved:
    loaded = await unit.complaint(cmd.complaint_id, if_match)
    loaded.state.answer(replace(cmd, answer=None))  # refuse before sealing
    person = loaded.state.beneficiary_id
    sealed = None if person is None else await unit.seal(person, cmd.answer)
    new_events = loaded.state.answer(replace(cmd, answer=sealed))
    context = unit.caller.context(str(loaded.municipality))
    return await unit.complaints.save(unit.conn, loaded, new_events, context)
