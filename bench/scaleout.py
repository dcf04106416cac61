"""Scale-out: 1, 2, 3 reporting consumer processes in one group drain the same backlog.

For each member count the run has a namespace of its own (three fresh topics of six
partitions) and a fresh, migrated reporting database. The members (``python -m bench.member``,
the service's own consumer in its own OS process) start first; once the group's assignment
has settled (every member holds a share, every partition is held once) the bench publishes
the backlog (``bench.backlog``: the same envelopes for every count) at the broker's speed,
and times from the first record sent until the audit log holds every event. The lag is the
events published and not yet stored, sampled every ``SAMPLE_SECONDS``; its peak is the
backlog the group had to work off. Afterwards each database's tables are fingerprinted
(``bench.digest``): every count must give what one member gave.
"""

import asyncio
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg

from bench.backlog import backlog
from bench.digest import fingerprints
from bench.measurement import Measurement
from bench.members import Member, spawn_member, wait_settled
from bench.stopwatch import Stopwatch
from bench.targets import Target
from lgnet_devstack.environment import BOOTSTRAP_VARIABLE, NAMESPACE_VARIABLE
from lgnet_devstack.environment import database_url_variable as url_variable
from lgnet_devstack.migrations import migrate
from lgnet_events.envelope import Envelope
from lgnet_events.publisher import KafkaPublisher
from lgnet_events.topics import DEFAULT_PARTITIONS, ensure_topics, events_topic
from reporting.settings import SOURCES

SAMPLE_SECONDS = 0.2
PUBLISH_CHUNK = 500
SETTLE_TIMEOUT = 180.0
DRAIN_TIMEOUT = 1800.0
#: heartbeats every second; a (re)join on Tansu takes about half of it
SESSION_TIMEOUT_MS = 3000


@dataclass(frozen=True)
class Round:
    """One member count: its database, its namespace, its member processes."""

    members: list[Member]
    database_url: str  # plain asyncpg DSN
    namespace: str


@asynccontextmanager
async def _round(target: Target, name: str, count: int) -> AsyncIterator[Round]:
    await target.create_database(name)
    members: list[Member] = []
    try:
        url = target.database_url(name, "postgresql+asyncpg")
        await asyncio.to_thread(migrate, "reporting", url, lambda _: None)
        await ensure_topics(target.bootstrap, [events_topic(s, name) for s in SOURCES])
        env = {**os.environ, url_variable("reporting"): url,
               BOOTSTRAP_VARIABLE: target.bootstrap, NAMESPACE_VARIABLE: name}  # fmt: skip
        members += [await spawn_member(env, SESSION_TIMEOUT_MS) for _ in range(count)]
        await wait_settled(members, DEFAULT_PARTITIONS * len(SOURCES), SETTLE_TIMEOUT)
        yield Round(members, target.database_url(name), name)
    finally:
        await asyncio.gather(*(member.stop() for member in members))
        await target.drop_database(name)


class _Progress:
    """Records acknowledged by the broker so far; the lag is those not yet stored."""

    def __init__(self) -> None:
        self.published = 0
        self.peak_lag = 0

    async def publish(self, bootstrap: str, namespace: str, envelopes: list[Envelope]) -> None:
        publisher = KafkaPublisher(bootstrap)
        await publisher.start()
        try:
            for start in range(0, len(envelopes), PUBLISH_CHUNK):
                chunk = envelopes[start : start + PUBLISH_CHUNK]
                for source in SOURCES:
                    mine = [e for e in chunk if e.service == source]
                    await publisher.publish(events_topic(source, namespace), mine)
                self.published += len(chunk)
        finally:
            await publisher.stop()


async def _drain(round_: Round, bootstrap: str, envelopes: list[Envelope]) -> _Progress:
    progress = _Progress()
    sending = asyncio.create_task(progress.publish(bootstrap, round_.namespace, envelopes))
    conn = await asyncpg.connect(round_.database_url)
    deadline = time.monotonic() + DRAIN_TIMEOUT
    try:
        while (stored := int(await conn.fetchval("SELECT count(*) FROM audit_log"))) < len(
            envelopes
        ):
            progress.peak_lag = max(progress.peak_lag, progress.published - stored)
            if time.monotonic() > deadline or (sending.done() and sending.exception()):
                raise RuntimeError(f"{stored:,} of {len(envelopes):,} events stored")
            await asyncio.sleep(SAMPLE_SECONDS)
        await sending
    finally:
        sending.cancel()
        await conn.close()
    return progress


def _members_plural(count: int) -> str:
    return f"{count} member" if count == 1 else f"{count} members"


async def scale_out_round(
    target: Target, name: str, count: int, envelopes: list[Envelope]
) -> tuple[Measurement, dict[str, str]]:
    """The drain with *count* members, and the fingerprints of what they stored.

    *name* is the round's database and topic namespace: new for every round."""
    async with _round(target, name, count) as round_:
        shares = [len(m.partitions) for m in round_.members]
        pids = {f"member{i + 1}": m.pid for i, m in enumerate(round_.members)}
        watch = Stopwatch({**target.pids, **pids})
        watch.start()
        progress = await _drain(round_, target.bootstrap, envelopes)
        seconds, cpu = watch.stop()
        handled = [m.handled for m in round_.members]
        found = await fingerprints(round_.database_url)
    details = {"members": count, "partitions_held": shares, "events_handled": handled,
               "peak_lag": progress.peak_lag, "load_average_1m": round(os.getloadavg()[0], 2),
               }  # fmt: skip
    label = (f"reporting ingest, {_members_plural(count)} ({'/'.join(map(str, shares))}"
             f" partitions), a backlog of {len(envelopes):,} events")  # fmt: skip
    figure = Measurement(f"reporting.scale_out.{count}_members", label, "event", len(envelopes),
                         seconds, cpu=cpu, details=details)  # fmt: skip
    return figure, found


async def scale_out_figures(
    target: Target, counts: tuple[int, ...], events: int, run_id: str
) -> list[Measurement]:
    """One figure per member count, each saying whether it stored what the first count did."""
    envelopes, figures = backlog(events), list[Measurement]()
    reference: dict[str, str] | None = None
    for index, count in enumerate(counts, start=1):  # a count may come twice: 1 2 3 1
        figure, found = await scale_out_round(target, f"{run_id}_scale{index}", count, envelopes)
        reference = reference or found
        differing = sorted(t for t in reference.keys() | found.keys()
                           if reference.get(t) != found.get(t))  # fmt: skip
        figure.details.update(identical_to_first=not differing, differing_tables=differing)
        figures.append(figure)
    return figures
