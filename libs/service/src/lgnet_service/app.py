"""``create_service_app``: one FastAPI app per service, with the kit's behaviour built in."""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, FastAPI

from lgnet_service import health
from lgnet_service.auth import TokenVerifier, configured_verifier, install_auth
from lgnet_service.body_limit import BodySizeLimit
from lgnet_service.database import create_service_engine
from lgnet_service.idempotency_purge import IdempotencyPurger
from lgnet_service.logs import install_json_logs, install_text_logs
from lgnet_service.metrics import HttpMetrics, MetricsRegistry
from lgnet_service.problems import PROBLEM_JSON, Problem, install_problem_handlers
from lgnet_service.production import ensure_fit_for_production
from lgnet_service.ratelimit import install_rate_limit, throttle_writes
from lgnet_service.runtime import ServiceRuntime
from lgnet_service.settings import ServiceSettings
from lgnet_service.telemetry import install_telemetry
from lgnet_service.workers import BackgroundWorker

log = logging.getLogger(__name__)

#: every error is an RFC 9457 problem, served as ``application/problem+json``
PROBLEM_RESPONSE: dict[str, Any] = {
    "model": Problem,
    "description": "an RFC 9457 problem",
    "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
}

#: Builds the service's workers (outbox relay, consumers) once the engine exists.
WorkersFactory = Callable[[ServiceRuntime], Sequence[BackgroundWorker]]
Hook = Callable[[ServiceRuntime], Awaitable[None]]


def create_service_app(
    name: str,
    settings: ServiceSettings,
    *,
    routers: Sequence[APIRouter] = (),
    workers: WorkersFactory | None = None,
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    version: str = "0.1.0",
) -> FastAPI:
    """The app of service *name*: problems, body limit, metrics, health routes, lifespan,
    tracing (``OTEL_*``) and, with ``LGNET_LOG_FORMAT=json``, JSON logs. Writes are
    rate-limited per token (``lgnet_service.ratelimit``); ``LGNET_ENV=production`` refuses
    development keys (``lgnet_service.production``)."""
    ensure_fit_for_production(settings)
    if settings.log_format == "json":
        install_json_logs(name, settings.log_level)
    else:
        install_text_logs(settings.log_level)
    registry = MetricsRegistry()
    lifespan = _lifespan(name, settings, registry, workers, on_startup, on_shutdown)
    app = FastAPI(
        title=f"LGNet {name}",
        version=version,
        lifespan=lifespan,
        responses={"default": PROBLEM_RESPONSE},
    )
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(HttpMetrics, registry=registry)
    app.include_router(health.router)
    install_rate_limit(app.state, settings.rate_limit_writes_per_minute)
    for router in routers:
        app.include_router(router, dependencies=[Depends(throttle_writes)])
    if settings.auth_jwks_url or settings.auth_hs256_secret:
        install_auth(app, verifier_from_settings(settings))
    install_telemetry(app, name)
    return app


def verifier_from_settings(settings: ServiceSettings) -> TokenVerifier:
    """RS256 against ``LGNET_AUTH_JWKS_URL`` in production, else ``LGNET_AUTH_HS256_SECRET``."""
    secret = settings.auth_hs256_secret
    return configured_verifier(
        jwks_url=settings.auth_jwks_url,
        secret=secret.get_secret_value() if secret else None,
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
    )


def _lifespan(
    name: str,
    settings: ServiceSettings,
    registry: MetricsRegistry,
    workers: WorkersFactory | None,
    on_startup: Sequence[Hook],
    on_shutdown: Sequence[Hook],
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_service_engine(settings.database_url)
        runtime = ServiceRuntime(name, settings, engine, registry)
        async with AsyncExitStack() as stack:
            stack.push_async_callback(engine.dispose)
            for hook in on_shutdown:
                stack.push_async_callback(_quietly, f"shutdown hook {hook}", partial(hook, runtime))
            for hook in on_startup:
                await hook(runtime)
            for worker in workers(runtime) if workers else ():
                await worker.start()
                runtime.workers.append(worker)
                stack.push_async_callback(_quietly, f"worker {worker.name}", worker.stop)
            await _start_housekeeping(runtime, stack)
            app.state.runtime = runtime
            log.info("%s started with workers %s", name, [w.name for w in runtime.workers])
            yield
            log.info("%s stopping", name)

    return lifespan


async def _start_housekeeping(runtime: ServiceRuntime, stack: AsyncExitStack) -> None:
    """The kit's own background upkeep; stopped before the workers and the engine."""
    purger = IdempotencyPurger.from_settings(runtime.engine, runtime.settings)
    await purger.start()
    runtime.housekeeping.append(purger)
    stack.push_async_callback(_quietly, f"housekeeping {purger.name}", purger.stop)


async def _quietly(what: str, stop: Callable[[], Awaitable[None]]) -> None:
    # One failing stop must not keep the others (or the engine) from closing.
    try:
        await stop()
    except Exception:
        log.exception("%s failed to stop cleanly", what)
