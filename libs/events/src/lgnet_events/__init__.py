"""The heart of the mesh: events, their store, the outbox relay and the consumer.

Public API, by layer (import from the modules named here):

- envelope and catalog: ``Envelope``, ``EventContext`` (envelope); ``DomainEvent``,
  ``Sealed``, ``ALL_EVENTS``, ``default_registry`` (catalog); ``EventRegistry`` with
  upcasters, ``EventDecodeError``, ``UnknownEventType``, ``InvalidEventPayload`` (registry);
  ``uuid7`` (ids); ``Municipality``, ``MUNICIPALITIES`` (municipalities).
- store: ``EventStore`` (append with expected version, read a stream, read all in
  commit-safe order), ``ConcurrencyConflict``, ``build_envelopes`` (store);
  ``install_store_schema`` and the tables ``events``, ``streams``, ``outbox``, ``inbox`` (schema).
- to Kafka: ``OutboxRelay`` (relay), ``republish`` and ``republish_from_engine``
  (republish), ``KafkaPublisher`` (publisher), ``encode``/``decode`` (codec),
  ``events_topic``, ``consumer_group``, ``dlq_topic``, ``ensure_topics`` (topics).
- from Kafka: ``EventConsumer``, ``Handler``, ``Handlers`` (consumer), ``DeadLetters`` (deadletter).
- tracing: ``current_traceparent``, ``consumer_span``, ``producer_spans`` (tracing).
- documentation: ``python -m lgnet_events.docs write|check`` (JSON Schema and AsyncAPI 3).
- testing: pytest fixtures that start the embedded stack (testing.fixtures), ``read_topic``
  (testing.kafka), a crashable relay/consumer process (testing.crashable).
"""

from lgnet_events.catalog import ALL_EVENTS, DomainEvent, Sealed, default_registry
from lgnet_events.consumer import EventConsumer, Handler, Handlers
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.registry import (
    EventDecodeError,
    EventRegistry,
    InvalidEventPayload,
    UnknownEventType,
)
from lgnet_events.relay import OutboxRelay
from lgnet_events.republish import republish, republish_from_engine
from lgnet_events.store import ConcurrencyConflict, EventStore, build_envelopes
from lgnet_events.topics import consumer_group, dlq_topic, ensure_topics, events_topic

__all__ = [  # noqa: RUF022 - grouped by layer, as in the docstring
    # envelope and catalog
    "ALL_EVENTS",
    "DomainEvent",
    "Envelope",
    "EventContext",
    "EventDecodeError",
    "EventRegistry",
    "InvalidEventPayload",
    "Sealed",
    "UnknownEventType",
    "default_registry",
    "uuid7",
    # store
    "ConcurrencyConflict",
    "EventStore",
    "build_envelopes",
    # to Kafka
    "OutboxRelay",
    "consumer_group",
    "dlq_topic",
    "ensure_topics",
    "events_topic",
    "republish",
    "republish_from_engine",
    # from Kafka
    "EventConsumer",
    "Handler",
    "Handlers",
]
