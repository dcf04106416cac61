"""The LGNet service kit: what every service's HTTP API and background work stand on.

Authentication lives in :mod:`lgnet_service.auth`; Alembic helpers in
:mod:`lgnet_service.migrations` (imported on its own, as it pulls in Alembic).
"""

from lgnet_service.app import Hook, WorkersFactory, create_service_app
from lgnet_service.database import create_service_engine, ping
from lgnet_service.errors import (
    FieldError,
    ProblemError,
    conflict,
    forbidden,
    not_found,
    precondition_failed,
    unauthenticated,
    unprocessable,
)
from lgnet_service.idempotency import (
    IdempotencyDep,
    IdempotentRequest,
    idempotency_keys,
    install_idempotency_schema,
)
from lgnet_service.metrics import Counter, Gauge, Histogram, MetricsRegistry
from lgnet_service.pagination import Page, PageDep, PageRequest, decode_cursor, encode_cursor
from lgnet_service.problems import PROBLEM_JSON, Problem, install_problem_handlers
from lgnet_service.readiness import Readiness, check_readiness
from lgnet_service.runtime import (
    EngineDep,
    RuntimeDep,
    ServiceRuntime,
    SettingsDep,
    get_engine,
    get_runtime,
)
from lgnet_service.settings import ServiceSettings, async_database_url, database_url_variable
from lgnet_service.workers import BackgroundWorker

__all__ = [  # noqa: RUF022 (grouped by purpose, not sorted)
    # the app and what it holds at runtime
    "create_service_app",
    "WorkersFactory",
    "Hook",
    "ServiceRuntime",
    "RuntimeDep",
    "EngineDep",
    "SettingsDep",
    "get_runtime",
    "get_engine",
    "BackgroundWorker",
    # settings and database
    "ServiceSettings",
    "database_url_variable",
    "async_database_url",
    "create_service_engine",
    "ping",
    # errors as RFC 9457 problems
    "ProblemError",
    "FieldError",
    "not_found",
    "conflict",
    "precondition_failed",
    "unprocessable",
    "unauthenticated",
    "forbidden",
    "Problem",
    "PROBLEM_JSON",
    "install_problem_handlers",
    # commands and lists
    "IdempotencyDep",
    "IdempotentRequest",
    "idempotency_keys",
    "install_idempotency_schema",
    "Page",
    "PageDep",
    "PageRequest",
    "encode_cursor",
    "decode_cursor",
    # operations
    "MetricsRegistry",
    "Counter",
    "Gauge",
    "Histogram",
    "Readiness",
    "check_readiness",
]
