"""How long a consumer lets the broker hold its fetches: short while records flow, longer
once it has been idle a while.

Tansu holds a fetch for the whole ``fetch_max_wait_ms`` even when records arrive meanwhile,
so the wait is added to every hop (``FETCH_MAX_WAIT_MS`` = 50 ms: ~5 ms after the publish;
aiokafka's 500 ms: ~200 ms). The price of 50 ms is 20 fetches a second per member even
when nothing happens: with the four services idle, the broker used 0.13 of a core and each
member some more, taken from whatever else ran (a rebuild, the tests). After
``IDLE_AFTER_SECONDS`` without a record a member asks for ``IDLE_FETCH_MAX_WAIT_MS``
instead; its first record after such a pause reaches it up to that much later, and from
then on it fetches at the busy pace again.

aiokafka has no public setting for this after start: its fetcher reads the private
``_fetch_max_wait_ms`` for every request it builds (aiokafka 0.14, ``Fetcher``). Should
that attribute go, the pace stays at the busy one and a warning says so.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

#: while records flow (see the module's note)
FETCH_MAX_WAIT_MS = 50
#: after ``IDLE_AFTER_SECONDS`` without a record
IDLE_FETCH_MAX_WAIT_MS = 250
IDLE_AFTER_SECONDS = 10.0


class FetchPace:
    """One member's pace, for one connection of it (a reconnect starts a new one, busy)."""

    def __init__(self, consumer: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self.consumer, self.clock = consumer, clock
        self.last_records = clock()
        self.idle = False
        self.supported = True

    def after_poll(self, got_records: bool) -> None:
        """Called after each poll: records make the member busy, a long silence idle."""
        now = self.clock()
        if got_records:
            self.last_records = now
            if self.idle:
                self._wait(FETCH_MAX_WAIT_MS)
                self.idle = False
        elif not self.idle and now - self.last_records > IDLE_AFTER_SECONDS:
            self.idle = self._wait(IDLE_FETCH_MAX_WAIT_MS)

    def _wait(self, milliseconds: int) -> bool:
        """Set the wait of the member's next fetches; False if aiokafka does not let us."""
        fetcher = getattr(self.consumer, "_fetcher", None)
        if self.supported and not hasattr(fetcher, "_fetch_max_wait_ms"):
            log.warning("this aiokafka has no fetch wait to change: the member stays busy")
            self.supported = False
        if self.supported:
            fetcher._fetch_max_wait_ms = milliseconds  # type: ignore[union-attr]
        return self.supported
