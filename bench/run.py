"""The whole run, in order: raw limits first, then the store and the relay against them."""

import dataclasses
from datetime import UTC, datetime

from bench.commands import SCENARIOS, command_rate
from bench.ingest import ingest_rate
from bench.lag import lag_at
from bench.limits import (
    broker_consume_rate,
    broker_produce_rate,
    pg_batched_insert_rate,
    pg_commit_rate,
    pg_ordered_read_rate,
    prepare_commit_table,
)
from bench.machine import machine_info
from bench.measurement import Measurement
from bench.memory import memory_peaks
from bench.mesh import BenchMesh
from bench.options import Options
from bench.rebuild import rebuild_rate
from bench.relay import relay_rate
from bench.report import Report
from bench.stopwatch import Stopwatch
from bench.store import append_rate
from bench.targets import Target
from bench.workload import store_database
from lgnet_events.ids import uuid7

WRITERS = (1, 16)


async def raw_limits(target: Target, options: Options, run_id: str) -> list[Measurement]:
    watch, database = Stopwatch(target.pids), f"{run_id}_raw"
    await target.create_database(database)
    try:
        url = target.database_url(database)
        await prepare_commit_table(url)
        found = [await pg_commit_rate(url, n, options.duration, watch) for n in WRITERS]
        found.append(await pg_batched_insert_rate(url, options.duration, watch))
        found.append(await pg_ordered_read_rate(url, watch))
    finally:
        await target.drop_database(database)
    topic = f"{run_id}.raw"
    found.append(await broker_produce_rate(target.bootstrap, topic, options.messages, watch))
    found.append(await broker_consume_rate(target.bootstrap, topic, options.messages + 1, watch))
    return found


async def store_figures(target: Target, options: Options, run_id: str) -> list[Measurement]:
    watch, found = Stopwatch(target.pids), []
    async with store_database(target, f"{run_id}_store") as engine:
        for batch in (1, 10):
            for writers in WRITERS:
                found.append(await append_rate(engine, writers, batch, options.duration, watch))
    return found


async def relay_figure(target: Target, options: Options, run_id: str) -> Measurement:
    async with store_database(target, f"{run_id}_relay") as engine:
        # Not the mesh's namespace ({run_id}.housing.events): reporting would consume all of it.
        topic = f"{run_id}_relay.housing.events"
        watch = Stopwatch(target.pids)
        return await relay_rate(engine, target.bootstrap, topic, options.relay_events, watch)


def new_run_id() -> str:
    return f"bench_{uuid7().hex[-12:]}"


async def run(target: Target, options: Options, run_id: str) -> Report:
    started_at = datetime.now(UTC)
    machine = await machine_info(target)
    measurements = await raw_limits(target, options, run_id)
    if not (options.lag_only or options.rebuild_only):
        measurements += await store_figures(target, options, run_id)
        measurements.append(await relay_figure(target, options, run_id))
    settings = dataclasses.asdict(options)
    settings["json_path"] = str(options.json_path) if options.json_path else None
    return Report(started_at, machine, settings, measurements)


async def mesh_figures(
    target: Target, mesh: BenchMesh, options: Options
) -> tuple[list[Measurement], dict[str, float]]:
    """Commands over HTTP, end-to-end lag, a rebuild; then each process's peak memory."""
    services = mesh.pids()
    watch, found = Stopwatch({**target.pids, **services}), []
    for service in ["intake"] if options.lag_only else SCENARIOS:
        if options.rebuild_only and service == "reporting":
            continue  # its reads leave nothing in the audit log
        for clients in options.clients:
            found.append(await command_rate(mesh, service, clients, options.duration, watch))
    found.append(await ingest_rate(mesh, watch))
    for rate in options.lag_rates:
        found.append(await lag_at(mesh, rate, max(options.duration, 2.0), watch))
        await ingest_rate(mesh, watch)  # caught up again before the next rate
    if not options.lag_only:
        found += await rebuild_rate(mesh, options.rebuild_events, watch)
    return found, memory_peaks(services, target.pids)
