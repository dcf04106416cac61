"""``python -m bench.member``: one reporting consumer process, as the service runs it.

The consumer is the service's own (``reporting.bootstrap(settings).workers(engine)``, the
audit consumer the app's lifespan starts), on the service's engine, with the settings the
dev stack gives reporting (``LGNET_*`` variables). Only the HTTP server is left out: the
scale-out scenario needs many members and reads what each holds, which the app does not
expose. Every ``REPORT_SECONDS`` it prints one JSON line: the partitions it holds, its lag
and how many events it handled. SIGTERM stops it cleanly (the consumer leaves the group);
so does the death of the bench that started it.
"""

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys

from lgnet_service.database import create_service_engine
from reporting.bootstrap import bootstrap
from reporting.ingest import AuditConsumer
from reporting.settings import load_settings

REPORT_SECONDS = 0.5


def _audit_consumer(session_timeout_ms: int) -> AuditConsumer:
    settings = load_settings(consumer_session_timeout_ms=session_timeout_ms)
    engine = create_service_engine(settings.database_url)
    workers = bootstrap(settings).workers(engine)
    return next(w for w in workers if isinstance(w, AuditConsumer))


async def _report(member: AuditConsumer) -> None:
    try:
        lag = await member.lag()
    except Exception:  # between generations the assignment is in flux: report nothing held
        lag = {}
    line = {"partitions": sorted(lag), "lag": sum(lag.values()), "handled": member.handled}
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


async def serve(session_timeout_ms: int) -> None:
    member = _audit_consumer(session_timeout_ms)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    parent = os.getppid()
    await member.start()
    try:
        while not stopping.is_set() and os.getppid() == parent:  # an orphan stops too
            await _report(member)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), REPORT_SECONDS)
    finally:
        await member.stop()
        await member.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.member")
    parser.add_argument("--session-timeout-ms", type=int, default=10_000)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.session_timeout_ms))


if __name__ == "__main__":
    main()
