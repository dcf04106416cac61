"""OpenTelemetry in every service, configured by the standard ``OTEL_*`` variables.

``install_telemetry`` (called by ``create_service_app``) sets up, once per process, a
``TracerProvider`` whose resource names the service (``OTEL_SERVICE_NAME`` and
``OTEL_RESOURCE_ATTRIBUTES`` win), an OTLP/HTTP exporter only when
``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``…_TRACES_ENDPOINT``) is set, and the asyncpg and
aiokafka instrumentations; then it instruments the app itself. ``OTEL_SDK_DISABLED=true``
leaves tracing off. The logs are configured by :mod:`lgnet_service.logs`.
"""

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

import wrapt
from fastapi import FastAPI
from opentelemetry import context, trace
from opentelemetry.instrumentation.aiokafka import AIOKafkaInstrumentor
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from starlette.types import ASGIApp, Receive, Scope, Send

from lgnet_events.tracing import context_from_traceparent, current_traceparent

log = logging.getLogger(__name__)

#: Probes and scrapers are not traced: they would drown the traces that matter.
UNTRACED_PATHS = "/health,/ready,/metrics"
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def tracing_disabled() -> bool:
    return os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true"


def install_telemetry(app: FastAPI, service: str) -> None:
    """Trace *app* (requests, database, Kafka) and expose the request's span to the routes."""
    if tracing_disabled():
        return
    install_tracer_provider(service)
    instrument_libraries()
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls=UNTRACED_PATHS, exclude_spans=["receive", "send"]
    )
    app.add_middleware(RequestSpanAsTraceparent)


def install_tracer_provider(service: str) -> TracerProvider:
    """The process's SDK provider, made on first call; later calls return the same one."""
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        return current
    provider = tracer_provider_from_environment(service)
    trace.set_tracer_provider(provider)
    log.info("tracing as %s", provider.resource.attributes.get(SERVICE_NAME))
    return provider


def tracer_provider_from_environment(service: str) -> TracerProvider:
    """A provider named ``lgnet-<service>`` (unless ``OTEL_SERVICE_NAME`` says otherwise) that
    exports over OTLP only when an endpoint is configured."""
    resource = Resource.create({SERVICE_NAME: f"lgnet-{service}"})
    if os.environ.get("OTEL_SERVICE_NAME"):
        resource = Resource.create()  # reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
    provider = TracerProvider(resource=resource)
    if any(os.environ.get(name) for name in ENDPOINT_VARIABLES):
        provider.add_span_processor(BatchSpanProcessor(otlp_exporter()))
    return provider


def otlp_exporter() -> Any:
    """OTLP over HTTP/protobuf; endpoint, headers and timeout from the ``OTEL_*`` variables."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def instrument_libraries() -> None:
    """asyncpg and aiokafka, once per process (the instrumentors are process-wide)."""
    asyncpg = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]
    if not asyncpg.is_instrumented_by_opentelemetry:
        asyncpg.instrument()
    kafka = AIOKafkaInstrumentor()
    if not kafka.is_instrumented_by_opentelemetry:
        kafka.instrument()
        _send_in_the_record_trace()


def _send_in_the_record_trace() -> None:
    """Make aiokafka's ``send`` span a child of the event's own trace.

    The relay sends a batch with no span current (each event has its own trace, carried in
    the record's ``traceparent`` header); without this the instrumentation would start a
    fresh trace for every record it sends.
    """

    async def send(
        wrapped: Callable[..., Awaitable[Any]], _: Any, args: tuple[Any, ...], kwargs: Any
    ) -> Any:
        traceparent = _header(kwargs.get("headers"), "traceparent")
        if traceparent is None or trace.get_current_span().get_span_context().is_valid:
            return await wrapped(*args, **kwargs)
        token = context.attach(context_from_traceparent(traceparent))
        try:
            return await wrapped(*args, **kwargs)
        finally:
            context.detach(token)

    wrapt.wrap_function_wrapper("aiokafka", "AIOKafkaProducer.send", send)


def _header(headers: Any, name: str) -> str | None:
    for key, value in headers or ():
        if key == name and isinstance(value, bytes):
            return value.decode("ascii", "replace")
    return None


class RequestSpanAsTraceparent:
    """Routes read ``traceparent`` to put it in their events: give them the request's span.

    Runs inside the FastAPI instrumentation, so the current span is the server span of the
    request (itself a child of the caller's ``traceparent``, if any). Events appended by the
    route then carry it, and the relay's and consumers' spans join the request's trace.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        traceparent = current_traceparent() if scope["type"] == "http" else None
        if traceparent is not None:
            headers = [(k, v) for k, v in scope["headers"] if k != b"traceparent"]
            scope = {**scope, "headers": [*headers, (b"traceparent", traceparent.encode())]}
        await self.app(scope, receive, send)
