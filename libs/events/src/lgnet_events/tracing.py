"""W3C trace context across Kafka: the ``traceparent`` of the command travels in every envelope.

A command stores ``current_traceparent()`` in ``EventContext.traceparent``; the store copies
it into each envelope and the codec into the Kafka headers. The relay wraps publishing in
``producer_span`` and consumers wrap handling in ``consumer_span``: both are children of the
span that caused the event, so one trace runs from the HTTP request through every service.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer, use_span
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import AttributeValue

from lgnet_events.topics import events_topic

if TYPE_CHECKING:
    # Only for annotations, so that envelope.py may import this module.
    from lgnet_events.envelope import Envelope

#: Version 00 of W3C Trace Context; all-zero trace and parent ids are invalid.
TRACEPARENT_PATTERN = r"^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$"
_TRACEPARENT = re.compile(TRACEPARENT_PATTERN)
_PROPAGATOR = TraceContextTextMapPropagator()

Attributes = Mapping[str, AttributeValue]


def valid_traceparent(traceparent: str | None) -> str | None:
    """*traceparent* if it is well formed, else ``None`` (a bad header never breaks a consumer)."""
    if traceparent is not None and _TRACEPARENT.fullmatch(traceparent):
        return traceparent
    return None


def current_traceparent() -> str | None:
    """The ``traceparent`` of the active span (for ``EventContext.traceparent``), else ``None``."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return valid_traceparent(carrier.get("traceparent"))


def context_from_traceparent(traceparent: str | None) -> Context:
    """A context whose parent is the remote span of *traceparent*; empty if it is invalid."""
    valid = valid_traceparent(traceparent)
    if valid is None:
        return Context()
    return _PROPAGATOR.extract({"traceparent": valid}, context=Context())


def event_attributes(
    envelope: Envelope, destination: str, operation: str
) -> dict[str, AttributeValue]:
    """OpenTelemetry messaging attributes of one event, plus the LGNet event metadata."""
    return {
        "messaging.system": "kafka",
        "messaging.destination.name": destination,
        "messaging.operation.name": operation,
        "messaging.operation.type": operation,
        "messaging.message.id": str(envelope.event_id),
        "messaging.kafka.message.key": str(envelope.stream_id),
        "lgnet.event_type": envelope.event_type,
        "lgnet.event_id": str(envelope.event_id),
        "lgnet.correlation_id": str(envelope.correlation_id),
    }


def _start_span(
    tracer: Tracer,
    envelope: Envelope,
    destination: str | None,
    operation: str,
    attributes: Attributes | None = None,
) -> Span:
    topic = destination or events_topic(envelope.service)
    kind = SpanKind.CONSUMER if operation == "process" else SpanKind.PRODUCER
    return tracer.start_span(
        f"{operation} {topic}",
        context=context_from_traceparent(envelope.traceparent),
        kind=kind,
        attributes={**event_attributes(envelope, topic, operation), **(attributes or {})},
    )


@contextmanager
def consumer_span(
    tracer: Tracer,
    envelope: Envelope,
    *,
    destination: str | None = None,
    group: str | None = None,
    attributes: Attributes | None = None,
) -> Iterator[Span]:
    """The active CONSUMER span ``process <topic>`` of handling *envelope*, continuing its trace.

    Its parent is the span whose ``traceparent`` travelled in the envelope, so new events
    appended inside it (with ``current_traceparent()``) continue the same trace.
    """
    extra = {"messaging.consumer.group.name": group} if group else {}
    span = _start_span(tracer, envelope, destination, "process", {**extra, **(attributes or {})})
    with use_span(span, end_on_exit=True):
        yield span


@contextmanager
def producer_span(
    tracer: Tracer, envelope: Envelope, *, destination: str | None = None
) -> Iterator[Span]:
    """The active PRODUCER span ``send <topic>`` of publishing *envelope*, in its trace."""
    span = _start_span(tracer, envelope, destination, "send")
    with use_span(span, end_on_exit=True):
        yield span


@contextmanager
def producer_spans(
    tracer: Tracer, envelopes: Sequence[Envelope], *, destination: str | None = None
) -> Iterator[list[Span]]:
    """One PRODUCER span per envelope of a batch, all open while the batch is sent.

    None is made current (each has its own parent, the trace of its event); an exception
    leaving the block is recorded on every one of them.
    """
    spans = [_start_span(tracer, envelope, destination, "send") for envelope in envelopes]
    try:
        yield spans
    except BaseException as error:
        for span in spans:
            span.record_exception(error)
            span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}: {error}"))
        raise
    finally:
        for span in spans:
            span.end()
