"""What a running service holds (engine, workers, metrics) and the dependencies that reach it.

The dependencies are ``async def``: FastAPI runs a plain ``def`` dependency in a worker
thread, a hop that costs more than the attribute read it does.
"""

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_service.metrics import MetricsRegistry
from lgnet_service.settings import ServiceSettings
from lgnet_service.workers import BackgroundWorker


@dataclass
class ServiceRuntime:
    """Built by the app's lifespan and kept in ``app.state.runtime``."""

    name: str
    settings: ServiceSettings
    engine: AsyncEngine
    metrics: MetricsRegistry
    workers: list[BackgroundWorker] = field(default_factory=list)
    #: the kit's own upkeep (the idempotency purge): outside readiness and /metrics
    housekeeping: list[BackgroundWorker] = field(default_factory=list)


async def get_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:
        raise RuntimeError("the service is not started: its lifespan has not run")
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(get_runtime)]


async def get_engine(runtime: RuntimeDep) -> AsyncEngine:
    return runtime.engine


async def get_settings(runtime: RuntimeDep) -> ServiceSettings:
    return runtime.settings


EngineDep = Annotated[AsyncEngine, Depends(get_engine)]
SettingsDep = Annotated[ServiceSettings, Depends(get_settings)]
