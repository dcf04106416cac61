"""Positions past the end of a partition, found and rewound.

Kafka answers a fetch past the end of a partition with ``OFFSET_OUT_OF_RANGE`` and the
client resets by its policy. Tansu answers with nothing, so a member whose position came
from before the broker lost its log (an offset committed again to the restarted broker)
waits there until the new log grows past it, and what lies below is never read: reporting
stalled for minutes after a broker restart in the fault suite because of this.

Tansu's end offsets cannot decide alone (it reports the last batch's base offset plus one,
so a position a few records past it is normal): a partition idle past its reported end is
*probed* by fetching the record just before its position. Nothing there means the log is
shorter than the position: the member reads the partition again from the start, and the
inbox turns what it had already handled into no-ops.
"""

import logging
import time
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition

log = logging.getLogger(__name__)

#: a partition must have been idle this long before it is checked
IDLE_SECONDS = 10.0
#: how long the probe waits for the record before the position
PROBE_TIMEOUT_MS = 2_000


class BeyondEndGuard:
    """Checks a member's idle partitions; rewinds those whose position is past the log."""

    def __init__(self, bootstrap: str, idle_seconds: float = IDLE_SECONDS) -> None:
        self.bootstrap, self.idle_seconds = bootstrap, idle_seconds
        self._last_active: dict[TopicPartition, float] = {}
        #: positions already probed and found inside the log: not probed again
        self._verified: dict[TopicPartition, int] = {}
        self.rewound = 0
        self._next_check = 0.0

    def saw_records(self, partitions: Iterable[TopicPartition]) -> None:
        now = time.monotonic()
        for tp in partitions:
            self._last_active[tp] = now

    async def check(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        """Rewind the idle partitions whose position lies past their log; return them.
        Called on every poll; looks at most twice per ``idle_seconds``."""
        now = time.monotonic()
        if now < self._next_check:
            return []
        self._next_check = now + self.idle_seconds / 2
        idle = self._idle(consumer.assignment())
        if not idle:
            return []
        ends = await consumer.end_offsets(idle)
        suspects = {}
        for tp in idle:
            position = await consumer.position(tp)
            if position > ends[tp] and self._verified.get(tp) != position:
                suspects[tp] = position
        lost = [tp for tp, position in suspects.items() if not await self._inside(tp, position)]
        starts = await consumer.beginning_offsets(lost) if lost else {}
        for tp in lost:
            log.warning("%s[%d]: position %d is past the end of the log (the broker lost it?);"
                        " reading the partition again from the start", tp.topic, tp.partition,
                        suspects[tp])  # fmt: skip
            consumer.seek(tp, starts[tp])
            self._last_active[tp] = time.monotonic()
        self.rewound += len(lost)
        return lost

    def _idle(self, assigned: set[TopicPartition]) -> list[TopicPartition]:
        now = time.monotonic()
        for tp in assigned:
            self._last_active.setdefault(tp, now)
        return [tp for tp in assigned if now - self._last_active[tp] > self.idle_seconds]

    async def _inside(self, tp: TopicPartition, position: int) -> bool:
        """Whether the record just before *position* exists (then the position is sound)."""
        probe = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        await probe.start()
        try:
            probe.assign([tp])
            probe.seek(tp, position - 1)
            found = await probe.getmany(tp, timeout_ms=PROBE_TIMEOUT_MS)
        finally:
            await probe.stop()
        inside = bool(found.get(tp))
        if inside:
            self._verified[tp] = position
        return inside
