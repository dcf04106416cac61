"""The catalog as an AsyncAPI 3.0.0 document: topics, who sends and receives, every message."""

from collections.abc import Mapping

import yaml

from lgnet_events.catalog import ALL_EVENTS
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope
from lgnet_events.jsonschema import (
    Schema,
    catalog_order,
    envelope_schema,
    event_name,
    event_schema,
    service_of,
)
from lgnet_events.topics import (
    DEFAULT_PARTITIONS,
    SERVICES,
    consumer_group,
    dlq_topic,
    events_topic,
)
from lgnet_events.tracing import TRACEPARENT_PATTERN

ASYNCAPI_VERSION = "3.0.0"
#: Version of this document; each message carries its own ``schema_version``.
DOCUMENT_VERSION = "1.0.0"
KAFKA_BINDING = "0.5.0"
SCHEMAS = "#/components/schemas/"
DEAD_LETTER = "DeadLetter"

#: DESIGN 2: which services' event topics each service consumes.
CONSUMES: Mapping[str, tuple[str, ...]] = {
    "intake": ("housing", "civic"),
    "housing": ("intake",),
    "civic": ("intake",),
    "reporting": ("intake", "housing", "civic"),
}

INFO: Schema = {
    "title": "LGNet domain events",
    "version": DOCUMENT_VERSION,
    "description": (
        "Every fact that crosses a service boundary in LGNet, as a JSON envelope on Kafka. "
        "Topic key = stream id, so the events of one aggregate stay in order. Delivery is "
        "at least once: consumers deduplicate by `event_id`. Generated from "
        "`lgnet_events.catalog` by `python -m lgnet_events.docs write`; do not edit."
    ),
    "license": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/en/"},
}

SERVERS: Schema = {
    "embedded": {
        "host": "127.0.0.1:{port}",
        "protocol": "kafka",
        "title": "Embedded development broker",
        "description": (
            "Tansu started by `lgnet dev up`: topics live in memory, no idempotent producer "
            "and no transactions (produce with acks=all, idempotence off)."
        ),
        "variables": {"port": {"default": "9092", "description": "the port it printed"}},
    },
    "production": {
        "host": "{bootstrap}",
        "protocol": "kafka",
        "title": "Production Kafka",
        "description": "Apache Kafka (KRaft, Strimzi); the value of `LGNET_KAFKA_BOOTSTRAP`.",
        "variables": {"bootstrap": {"default": "kafka:9092"}},
    },
}


def message_id(model: type[DomainEvent]) -> str:
    """``intake.CaseOpened.v1``: the key of a message and of its payload schema."""
    return f"{model.event_type}.v{model.schema_version}"


def publishers(models: tuple[type[DomainEvent], ...]) -> list[str]:
    """The services that publish *models*, in the order of DESIGN 2."""
    return [s for s in SERVICES if any(service_of(model) == s for model in models)]


def by_service(models: tuple[type[DomainEvent], ...], service: str) -> list[type[DomainEvent]]:
    return catalog_order(m for m in models if service_of(m) == service)


def events_channel(service: str) -> str:
    return f"{service}Events"


def dlq_channel(service: str) -> str:
    return f"{service}DeadLetters"


def channel(address: str, description: str, messages: list[str]) -> Schema:
    return {
        "address": address,
        "description": description,
        "messages": {m: {"$ref": f"#/components/messages/{m}"} for m in messages},
        "bindings": {
            "kafka": {
                "topic": address,
                "partitions": DEFAULT_PARTITIONS,
                "topicConfiguration": {"retention.ms": -1},
                "bindingVersion": KAFKA_BINDING,
            }
        },
    }


def channels(models: tuple[type[DomainEvent], ...]) -> Schema:
    found: Schema = {}
    for service in publishers(models):
        messages = [message_id(m) for m in by_service(models, service)]
        text = f"Every event {service} publishes, from its outbox, in stream order."
        found[events_channel(service)] = channel(events_topic(service), text, messages)
    for service in CONSUMES:
        group = consumer_group(service)
        text = f"Records consumer group `{group}` could not handle, verbatim, with the error."
        found[dlq_channel(service)] = channel(dlq_topic(group), text, [DEAD_LETTER])
    return found


def operation(action: str, channel_id: str, messages: list[str], description: str) -> Schema:
    return {
        "action": action,
        "channel": {"$ref": f"#/channels/{channel_id}"},
        "description": description,
        "messages": [{"$ref": f"#/channels/{channel_id}/messages/{m}"} for m in messages],
    }


def receive(service: str, source: str, messages: list[str]) -> Schema:
    group = consumer_group(service)
    text = f"{service} (group `{group}`) handles the events of {source}, effectively once."
    group_id = {"type": "string", "enum": [group]}
    bindings = {"kafka": {"groupId": group_id, "bindingVersion": KAFKA_BINDING}}
    return operation("receive", events_channel(source), messages, text) | {"bindings": bindings}


def operations(models: tuple[type[DomainEvent], ...]) -> Schema:
    sent = {s: [message_id(m) for m in by_service(models, s)] for s in publishers(models)}
    found: Schema = {}
    for service, messages in sent.items():
        text = f"The outbox relay of {service} publishes its committed events."
        found[f"{service}Publishes"] = operation("send", events_channel(service), messages, text)
    for service, sources in CONSUMES.items():
        for source in (s for s in sources if s in sent):
            found[f"{service}Receives{source.title()}Events"] = receive(
                service, source, sent[source]
            )
        text = f"{service} dead-letters what it cannot decode, validate or handle."
        dlq = operation("send", dlq_channel(service), [DEAD_LETTER], text)
        found[f"{service}SendsDeadLetters"] = dlq
    return found


def headers_schema() -> Schema:
    """The envelope metadata also sent as Kafka headers (values are UTF-8 text)."""
    envelope = Envelope.model_json_schema()["properties"]
    return {
        "type": "object",
        "required": ["event_id", "event_type", "schema_version"],
        "properties": {
            "event_id": {"type": "string", "format": "uuid", "description": "= payload event_id"},
            "event_type": {"type": "string", "pattern": envelope["event_type"]["pattern"]},
            "schema_version": {"type": "string", "pattern": "^[1-9][0-9]*$"},
            "traceparent": {
                "type": "string",
                "pattern": TRACEPARENT_PATTERN,
                "description": "W3C Trace Context of the span that caused the event, if any.",
            },
        },
    }


def dead_letter_headers_schema() -> Schema:
    dlq = {
        "dlq.reason": "why it failed (at most 2000 characters)",
        "dlq.group": "the consumer group that gave up",
        "dlq.topic": "the topic the record came from",
        "dlq.partition": "its partition",
        "dlq.offset": "its offset",
    }
    return {
        "type": "object",
        "description": "The original headers (if any), plus where the record came from and why.",
        "required": list(dlq),
        "properties": {name: {"type": "string", "description": text} for name, text in dlq.items()},
    }


def with_constants(base: str, constants: Schema) -> Schema:
    """*base* narrowed to one event: ``allOf`` keeps the shared schema reusable."""
    narrowed = {"type": "object", "properties": constants}
    return {"allOf": [{"$ref": SCHEMAS + base}, narrowed]}


def event_message(model: type[DomainEvent]) -> Schema:
    key = message_id(model)
    payload = {
        "event_type": {"const": model.event_type},
        "schema_version": {"const": model.schema_version},
        "stream_type": {"const": model.stream_type},
        "data": {"$ref": SCHEMAS + key},
    }
    headers = {
        "event_type": {"const": model.event_type},
        "schema_version": {"const": str(model.schema_version)},
    }
    key_text = f"the stream id: `{model.stream_key}` of the payload"
    return {
        "name": event_name(model),
        "title": f"{model.event_type} v{model.schema_version}",
        "summary": f"A `{model.stream_type}` stream event, keyed by `{model.stream_key}`.",
        "contentType": "application/json",
        "correlationId": {"$ref": "#/components/correlationIds/flow"},
        "headers": with_constants("EventHeaders", headers),
        "payload": with_constants("Envelope", payload),
        "bindings": {"kafka": {"key": uuid_key(key_text), "bindingVersion": KAFKA_BINDING}},
    }


def uuid_key(description: str) -> Schema:
    return {"type": "string", "format": "uuid", "description": description}


def dead_letter_message() -> Schema:
    return {
        "name": DEAD_LETTER,
        "title": "Dead letter",
        "summary": "A record a consumer group gave up on, with the reason in its headers.",
        "contentType": "application/json",
        "headers": {"$ref": SCHEMAS + "DeadLetterHeaders"},
        "payload": {
            "description": "The original record value, verbatim: usually an envelope, but "
            "possibly any bytes (which may be why it is here)."
        },
        "bindings": {
            "kafka": {"key": uuid_key("the original key"), "bindingVersion": KAFKA_BINDING}
        },
    }


def components(models: tuple[type[DomainEvent], ...]) -> Schema:
    ordered = catalog_order(models)
    schemas: Schema = {
        "EventHeaders": headers_schema(),
        "DeadLetterHeaders": dead_letter_headers_schema(),
    }
    add_schema(schemas, "Envelope", envelope_schema(SCHEMAS + "{model}"))
    for model in ordered:
        add_schema(schemas, message_id(model), event_schema(model, SCHEMAS + "{model}"))
    messages = {message_id(m): event_message(m) for m in ordered}
    messages[DEAD_LETTER] = dead_letter_message()
    flow = {
        "description": "The whole flow: one HTTP request and all of its consequences.",
        "location": "$message.payload#/correlation_id",
    }
    return {"schemas": schemas, "messages": messages, "correlationIds": {"flow": flow}}


def add_schema(schemas: Schema, name: str, schema: Schema) -> None:
    """Move pydantic's ``$defs`` into the components, where its references point."""
    schemas.update(schema.pop("$defs", {}))
    schemas[name] = schema


def asyncapi_document(models: tuple[type[DomainEvent], ...] = ALL_EVENTS) -> Schema:
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": INFO,
        "defaultContentType": "application/json",
        "servers": SERVERS,
        "channels": channels(models),
        "operations": operations(models),
        "components": components(models),
    }


def asyncapi_yaml(models: tuple[type[DomainEvent], ...] = ALL_EVENTS) -> str:
    """The document as YAML, in a stable order with no line wrapping."""
    document = asyncapi_document(models)
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10_000)
