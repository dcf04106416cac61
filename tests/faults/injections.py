"""The faults, each done to a running mesh while a seeded load runs against it.

Each returns when the fault is over (the process restarted, the network back). Faults that
leave something to check afterwards (poison in the dead-letter topics) return a check.
"""

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, ConsumerRecord

from lgnet_events.envelope import Envelope
from lgnet_events.ids import uuid7
from lgnet_events.publisher import KafkaPublisher
from lgnet_events.testing.kafka import read_topic
from lgnet_events.topics import (
    DEFAULT_PARTITIONS,
    all_topics,
    consumer_group,
    dlq_topic,
    events_topic,
)
from tests.faults.ledger import PUBLISHERS
from tests.faults.mesh import SESSION_TIMEOUT_MS, FaultMesh
from tests.faults.outcome import MUST_BE_ZERO

#: After convergence: figures worth showing; those named "… (must be 0)" must be 0.
Check = Callable[[FaultMesh], Awaitable[dict[str, int]]]


@dataclass(frozen=True)
class Severity:
    """How hard the faults hit: the full suite cuts the network for 30 s, the short one less."""

    cut_seconds: float = 30.0
    #: a stopped consumer stays stopped this long: well past its session timeout
    stall_seconds: float = 3 * SESSION_TIMEOUT_MS / 1000
    #: copies of real events injected again, out of order
    copies: int = 300


@dataclass(frozen=True)
class Fault:
    name: str
    inject: Callable[[FaultMesh, Severity], Awaitable[Check | None]]


async def kill_service(mesh: FaultMesh, service: str) -> None:
    """SIGKILL the service's process while it works, then start it again."""
    mesh.stack.kill_service(service)
    await asyncio.sleep(1.0)
    await mesh.in_spawner(lambda: mesh.stack.restart_service(service))


def killing(service: str) -> Fault:
    async def inject(mesh: FaultMesh, _: Severity) -> None:
        await kill_service(mesh, service)

    return Fault(f"{service} SIGKILLed and restarted", inject)


def republish_command(service: str, mesh: FaultMesh) -> list[str]:
    lgnet = str(Path(sys.executable).parent / "lgnet")
    return [lgnet, "republish", service, "--database-url", mesh.stack.record.database_urls[service],
            "--bootstrap", mesh.bootstrap]  # fmt: skip


async def republish_all(mesh: FaultMesh) -> None:
    """``lgnet republish SERVICE`` for each publishing service, as an operator would."""
    env = {**os.environ, "LGNET_TOPIC_NAMESPACE": mesh.namespace}
    for service in PUBLISHERS:
        done = await asyncio.to_thread(
            subprocess.run, republish_command(service, mesh), env=env, capture_output=True,
            text=True, timeout=120, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"lgnet republish {service} failed:\n{done.stderr[-2000:]}")


async def broker_restarted_empty(mesh: FaultMesh, _: Severity) -> Check:
    """SIGKILL the broker; it starts again with no topics, no messages, no group offsets.
    Afterwards every topic must have its 6 partitions: none auto-created with one."""
    mesh.broker.kill()
    await asyncio.sleep(2.0)
    await mesh.in_spawner(mesh.broker.start)
    await republish_all(mesh)

    async def check(mesh: FaultMesh) -> dict[str, int]:
        # An events topic must be back with its partitions; a dead-letter topic is created
        # again (with them) when its consumer next connects or dead-letters: 0 is fine.
        events = [events_topic(service, mesh.namespace) for service in PUBLISHERS]
        counts = await partition_counts(mesh.bootstrap, all_topics(mesh.namespace))
        wrong = {topic: n for topic, n in counts.items()
                 if n != DEFAULT_PARTITIONS and (topic in events or n != 0)}  # fmt: skip
        named = {f"partitions of {topic}": n for topic, n in wrong.items()}
        absent = sum(n == 0 for n in counts.values())
        return {f"topics without {DEFAULT_PARTITIONS} partitions {MUST_BE_ZERO}": len(wrong),
                "dead-letter topics not yet recreated": absent, **named}  # fmt: skip

    return check


async def partition_counts(bootstrap: str, topics: list[str]) -> dict[str, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()
        return {topic: len(consumer.partitions_for_topic(topic) or ()) for topic in topics}
    finally:
        await consumer.stop()


async def postgres_restarted(mesh: FaultMesh, _: Severity) -> None:
    """Fast shutdown of PostgreSQL (open transactions rolled back), then start it again."""
    await mesh.in_spawner(mesh.postgres.stop)
    await asyncio.sleep(2.0)
    await mesh.in_spawner(mesh.postgres.start)


def stalling(service: str) -> Fault:
    """SIGSTOP a consumer past its session timeout: the group drops it; SIGCONT, it rejoins."""

    async def inject(mesh: FaultMesh, severity: Severity) -> None:
        pid = mesh.service_pid(service)
        os.kill(pid, signal.SIGSTOP)
        try:
            await asyncio.sleep(severity.stall_seconds)
        finally:
            os.kill(pid, signal.SIGCONT)

    return Fault(f"{service} stalled {SESSION_TIMEOUT_MS * 3 // 1000}s, loses its group", inject)


async def network_cut(mesh: FaultMesh, severity: Severity) -> None:
    """Every connection to the broker dropped, new ones refused, for ``cut_seconds``."""
    mesh.proxy.cut()
    try:
        await asyncio.sleep(severity.cut_seconds)
    finally:
        mesh.proxy.restore()


#: topic, value, key, headers: a record as it is sent
RawRecord = tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]


async def _publish_raw(mesh: FaultMesh, records: Sequence[RawRecord]) -> None:
    publisher = KafkaPublisher(mesh.bootstrap)
    await publisher.start()
    try:
        for topic, value, key, headers in records:
            await publisher.send_raw(topic, value, key, headers)
    finally:
        await publisher.stop()


def _copy(record: ConsumerRecord[bytes, bytes]) -> RawRecord:
    return record.topic, record.value, record.key, list(record.headers or ())


async def duplicated_and_reordered(mesh: FaultMesh, severity: Severity) -> None:
    """Copies of events already on the topics, sent again in a shuffled order, twice over."""
    rng = random.Random(7)
    for _ in range(2):
        copies = []
        for service in PUBLISHERS:
            records = await read_topic(mesh.bootstrap, events_topic(service, mesh.namespace))
            copies += rng.sample(records, min(len(records), severity.copies // 3))
        rng.shuffle(copies)
        await _publish_raw(mesh, [_copy(record) for record in copies])
        await asyncio.sleep(1.0)


#: event types the consumers of each topic handle: an invalid payload of one is dead-lettered
HANDLED_TYPE = {
    "intake": "intake.ReferralIssued",
    "housing": "housing.HousingRequestAccepted",
    "civic": "civic.CivicCandidateAccepted",
}
POISON_HEADER = "lgnet.poison"
DEAD_LETTER_PATIENCE = 30.0


def _poison_envelope(event_type: str, data: dict[str, object]) -> bytes:
    envelope = Envelope(
        event_type=event_type, schema_version=1, stream_type="poison", stream_id=uuid7(),
        stream_version=1, occurred_at=datetime(2026, 1, 1, tzinfo=UTC), municipality="roma",
        actor="fault-injector", correlation_id=uuid7(), causation_id=uuid7(), data=data,
    )  # fmt: skip
    return envelope.model_dump_json().encode()


def poison_values(service: str) -> dict[str, bytes]:
    """Undecodable bytes, an unknown event type, a known type with a payload it refuses."""
    return {
        "undecodable": b"\xff\xfe{not json",
        "unknown type": _poison_envelope(f"{service}.NoSuchEvent", {"x": 1}),
        "invalid payload": _poison_envelope(HANDLED_TYPE[service], {"case_id": "not-a-uuid"}),
    }


def expected_dead_letters(namespace: str) -> dict[str, int]:
    """Reporting handles every type: 3 per topic. Others ignore unknown types: 2 per topic."""
    expected = {dlq_topic(consumer_group("reporting", namespace)): 3 * len(PUBLISHERS)}
    expected[dlq_topic(consumer_group("intake", namespace))] = 2 * 2  # housing, civic topics
    for service in ("housing", "civic"):
        expected[dlq_topic(consumer_group(service, namespace))] = 2  # the intake topic
    return expected


async def _poison_in(mesh: FaultMesh, topic: str, marker: bytes) -> int:
    dead = await read_topic(mesh.bootstrap, topic, timeout=10)
    return sum((POISON_HEADER, marker) in (record.headers or ()) for record in dead)


async def poison(mesh: FaultMesh, _: Severity) -> Check:
    """Poison on every events topic; afterwards each DLQ must hold exactly what it should."""
    marker = uuid4().hex.encode()
    records: list[RawRecord] = [
        (events_topic(service, mesh.namespace), value, b"poison", [(POISON_HEADER, marker)])
        for service in PUBLISHERS
        for value in poison_values(service).values()
    ]
    await _publish_raw(mesh, records)

    async def check(mesh: FaultMesh) -> dict[str, int]:
        expected = expected_dead_letters(mesh.namespace)
        deadline = time.monotonic() + DEAD_LETTER_PATIENCE
        while True:
            found = {topic: await _poison_in(mesh, topic, marker) for topic in expected}
            wrong = sum(abs(found[topic] - wanted) for topic, wanted in expected.items())
            if not wrong or time.monotonic() > deadline:
                break
            await asyncio.sleep(1.0)
        return {"poison sent": len(records), "dead-lettered": sum(found.values()),
                f"dead letters missing or extra {MUST_BE_ZERO}": wrong}  # fmt: skip

    return check
