"""Is the service ready for traffic? Database, broker and every background worker."""

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from lgnet_service.database import ping
from lgnet_service.runtime import ServiceRuntime
from lgnet_service.workers import BackgroundWorker

log = logging.getLogger(__name__)

DATABASE_TIMEOUT = 2.0


@dataclass
class Readiness:
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def failing(self) -> list[str]:
        return [name for name, check in self.checks.items() if not check["ok"]]

    @property
    def ready(self) -> bool:
        return not self.failing


async def check_readiness(runtime: ServiceRuntime) -> Readiness:
    readiness = Readiness()
    readiness.checks["database"] = await database_check(runtime)
    statuses = {worker.name: worker_status(worker) for worker in runtime.workers}
    troubled = [name for name, status in statuses.items() if broker_trouble(status)]
    if statuses:
        readiness.checks["broker"] = {"ok": not troubled, "reported_by": troubled or None}
    for name, status in statuses.items():
        readiness.checks[name] = {"ok": worker_ok(status), **status}
    return readiness


async def database_check(runtime: ServiceRuntime) -> dict[str, Any]:
    try:
        await asyncio.wait_for(ping(runtime.engine), DATABASE_TIMEOUT)
    except Exception as error:
        log.warning("readiness: database unreachable: %s", error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def worker_status(worker: BackgroundWorker) -> dict[str, Any]:
    try:
        return dict(worker.status())
    except Exception as error:
        return {"running": False, "error": type(error).__name__}


def worker_ok(status: dict[str, Any]) -> bool:
    """A worker may say ``ready`` itself; otherwise it must be running."""
    return bool(status.get("ready", status.get("running", False)))


def broker_trouble(status: dict[str, Any]) -> bool:
    """A consumer reports ``connected``; the relay reports a ``broker:`` error until it recovers."""
    if "connected" in status:
        return not status["connected"]
    return str(status.get("last_error") or "").startswith("broker:")
