"""One trace runs from a command through the envelope and Kafka headers into a consumer."""

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode, Tracer

from lgnet_events.catalog.housing import HousingUnitRegistered
from lgnet_events.codec import decode, encode
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.registry import envelope_for
from lgnet_events.tracing import (
    consumer_span,
    context_from_traceparent,
    current_traceparent,
    producer_span,
    producer_spans,
    valid_traceparent,
)

TOPIC = "lgnet.housing.events"
VALID = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def tracer(exporter: InMemorySpanExporter) -> Iterator[Tracer]:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield provider.get_tracer("lgnet.tests")
    provider.shutdown()


def envelope_in(context: EventContext) -> Envelope:
    unit = HousingUnitRegistered(
        unit_id=uuid7(), kind="shelter", beds=4, name="Casa", address="Via Po 1"
    )
    return envelope_for(
        unit,
        1,
        actor=context.actor,
        municipality=context.municipality,
        correlation_id=context.correlation_id,
        causation_id=context.correlation_id,
        traceparent=context.traceparent,
        occurred_at=datetime.now(UTC),
    )


def command_context() -> EventContext:
    return EventContext(actor="operator", municipality="bologna", traceparent=current_traceparent())


def finished(exporter: InMemorySpanExporter, name: str) -> ReadableSpan:
    (span,) = [s for s in exporter.get_finished_spans() if s.name == name]
    return span


def span_ids(span: ReadableSpan) -> tuple[int, int]:
    assert span.context is not None
    return span.context.trace_id, span.context.span_id


def test_there_is_no_traceparent_outside_a_span() -> None:
    assert current_traceparent() is None


def test_the_traceparent_names_the_active_span(tracer: Tracer) -> None:
    with tracer.start_as_current_span("command") as span:
        traceparent = current_traceparent()
    context = span.get_span_context()
    flags = int(context.trace_flags)
    assert traceparent == f"00-{context.trace_id:032x}-{context.span_id:016x}-{flags:02x}"


def test_a_records_kafka_headers_carry_the_traceparent_of_the_command(tracer: Tracer) -> None:
    with tracer.start_as_current_span("command"):
        envelope = envelope_in(command_context())
    headers = dict(encode(envelope).headers)
    assert envelope.traceparent is not None
    assert headers["traceparent"] == envelope.traceparent.encode()


def test_a_consumer_span_is_a_child_of_the_span_that_caused_the_event(
    tracer: Tracer, exporter: InMemorySpanExporter
) -> None:
    with tracer.start_as_current_span("POST /housing-units"):
        record = encode(envelope_in(command_context()))
    received = decode(record.value)
    with consumer_span(tracer, received, destination=TOPIC, group="lgnet.reporting"):
        pass
    command = finished(exporter, "POST /housing-units")
    consumer = finished(exporter, f"process {TOPIC}")
    assert consumer.kind is SpanKind.CONSUMER
    assert consumer.parent is not None
    assert (consumer.parent.trace_id, consumer.parent.span_id) == span_ids(command)
    assert consumer.parent.is_remote


def test_a_consumer_span_names_the_event_and_the_topic(
    tracer: Tracer, exporter: InMemorySpanExporter
) -> None:
    envelope = envelope_in(EventContext(actor="operator", municipality="roma", traceparent=VALID))
    with consumer_span(tracer, envelope, group="lgnet.intake", attributes={"x.offset": 7}):
        pass
    attributes = finished(exporter, f"process {TOPIC}").attributes or {}
    assert attributes["messaging.system"] == "kafka"
    assert attributes["messaging.destination.name"] == TOPIC
    assert attributes["messaging.consumer.group.name"] == "lgnet.intake"
    assert attributes["lgnet.event_type"] == "housing.HousingUnitRegistered"
    assert attributes["lgnet.event_id"] == str(envelope.event_id)
    assert attributes["x.offset"] == 7


def test_events_appended_while_consuming_continue_the_same_trace(
    tracer: Tracer, exporter: InMemorySpanExporter
) -> None:
    envelope = envelope_in(EventContext(actor="operator", municipality="roma", traceparent=VALID))
    with consumer_span(tracer, envelope):
        reaction = envelope_in(command_context())
    consumer = finished(exporter, f"process {TOPIC}")
    trace_id, span_id = span_ids(consumer)
    assert reaction.traceparent is not None
    assert reaction.traceparent.startswith(f"00-{trace_id:032x}-{span_id:016x}-")
    assert VALID.split("-")[1] == f"{trace_id:032x}"


@pytest.mark.parametrize(
    "traceparent",
    [
        None,
        "",
        "not a traceparent",
        "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        VALID + "\n",
        VALID + "-extra",
    ],
)
def test_an_invalid_traceparent_is_ignored_and_a_new_trace_starts(
    tracer: Tracer, exporter: InMemorySpanExporter, traceparent: str | None
) -> None:
    assert valid_traceparent(traceparent) is None
    assert context_from_traceparent(traceparent) == {}
    envelope = envelope_in(EventContext(actor="operator", municipality="roma"))
    with consumer_span(tracer, envelope.model_copy(update={"traceparent": traceparent})):
        pass
    assert finished(exporter, f"process {TOPIC}").parent is None


def test_a_producer_span_is_a_child_of_the_span_that_caused_the_event(
    tracer: Tracer, exporter: InMemorySpanExporter
) -> None:
    with tracer.start_as_current_span("command"):
        envelope = envelope_in(command_context())
    with producer_span(tracer, envelope, destination="ns.housing.events"):
        pass
    producer = finished(exporter, "send ns.housing.events")
    assert producer.kind is SpanKind.PRODUCER
    assert producer.parent is not None
    assert producer.parent.span_id == span_ids(finished(exporter, "command"))[1]


def test_each_event_of_a_batch_gets_a_producer_span_in_its_own_trace(
    tracer: Tracer, exporter: InMemorySpanExporter
) -> None:
    batch = []
    for name in ("first", "second"):
        with tracer.start_as_current_span(name):
            batch.append(envelope_in(command_context()))
    with pytest.raises(TimeoutError), producer_spans(tracer, batch):
        raise TimeoutError("broker gone")
    sent = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.PRODUCER]
    parents = {s.parent.span_id for s in sent if s.parent is not None}
    assert parents == {span_ids(finished(exporter, n))[1] for n in ("first", "second")}
    assert all(s.status.status_code is StatusCode.ERROR for s in sent)
    assert all(UUID(str((s.attributes or {})["lgnet.event_id"])) for s in sent)
