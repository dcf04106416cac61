"""What every step of a story needs: the mesh, the stock, the inboxes and the ground truth."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from lgnet_cli.scenario.arrivals import Arrivals
from lgnet_cli.scenario.client import Answer, Mesh
from lgnet_cli.scenario.stock import Stock
from lgnet_cli.scenario.truth import GroundTruth


@dataclass
class Context:
    mesh: Mesh
    stock: Stock
    truth: GroundTruth
    housing_requests: Arrivals
    civic_candidates: Arrivals
    today: date
    #: how long to wait for something to cross Kafka (a request, a directory entry, an outcome)
    patience: float = 90.0

    async def once_known(self, send: Callable[[], Awaitable[Answer]]) -> Answer:
        """Retry a 422 until the target service's directory has heard of the person from intake
        (it learns through Kafka, so a command may come before the person is known)."""
        deadline = time.monotonic() + self.patience
        while True:
            answer = await send()
            if not _unknown_person(answer) or time.monotonic() > deadline:
                return answer
            await asyncio.sleep(0.5)

    def kept(self, answer: Answer, what: str) -> bool:
        """Whether the service accepted; an unexpected refusal is remembered as a problem."""
        if not answer.ok:
            self.truth.problem(f"{what}: {answer.brief()}")
        return answer.ok


def _unknown_person(answer: Answer) -> bool:
    """A 422 on the person's id: the only refusal that time can cure."""
    if answer.status != 422 or not isinstance(answer.body, dict):
        return False
    fields = {str(error.get("field", "")) for error in answer.body.get("errors", [])}
    return any(field.startswith("body.beneficiary_id") for field in fields)
