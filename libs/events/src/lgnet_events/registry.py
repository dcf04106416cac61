"""Decode envelopes into typed payloads, upcasting old schema versions on the way."""

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class EventDecodeError(Exception):
    """The event cannot be turned into a catalog model: it goes to the dead-letter topic."""


class UnknownEventType(EventDecodeError):
    pass


class InvalidEventPayload(EventDecodeError):
    pass


class EventRegistry:
    """Maps ``event_type`` to its current model, and old versions to upcasters."""

    def __init__(self, models: Iterable[type[DomainEvent]] = ()) -> None:
        self._models: dict[str, type[DomainEvent]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}
        for model in models:
            self.register(model)

    def register(self, model: type[DomainEvent]) -> None:
        self._models[model.event_type] = model

    def register_upcaster(self, event_type: str, from_version: int, upcaster: Upcaster) -> None:
        """Register the step that turns ``from_version`` data into ``from_version + 1`` data."""
        self._upcasters[(event_type, from_version)] = upcaster

    def model(self, event_type: str) -> type[DomainEvent]:
        try:
            return self._models[event_type]
        except KeyError:
            raise UnknownEventType(f"unknown event type {event_type!r}") from None

    def models(self) -> list[type[DomainEvent]]:
        return list(self._models.values())

    def upcast(self, envelope: Envelope) -> Envelope:
        """Bring *envelope* to the current schema version of its type."""
        current = self.model(envelope.event_type).schema_version
        data, version = envelope.data, envelope.schema_version
        if version > current:
            raise InvalidEventPayload(
                f"{envelope.event_type} v{version} is newer than this service knows (v{current})"
            )
        while version < current:
            step = self._upcasters.get((envelope.event_type, version))
            if step is None:
                raise InvalidEventPayload(f"no upcaster for {envelope.event_type} v{version}")
            data, version = step(dict(data)), version + 1
        if version == envelope.schema_version:
            return envelope
        return envelope.model_copy(update={"data": data, "schema_version": version})

    def decode(self, envelope: Envelope) -> DomainEvent:
        """Upcast and validate the payload; raise ``EventDecodeError`` if it does not fit,
        or if the envelope's ``stream_id`` is not the payload's stream key (as
        :func:`envelope_for` makes them: readers may take either for the other)."""
        current = self.upcast(envelope)
        try:
            event = self.model(current.event_type).model_validate(current.data)
        except ValidationError as error:
            raise InvalidEventPayload(
                f"{envelope.event_type} payload is invalid: {error.error_count()} error(s): "
                + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            ) from error
        key = getattr(event, event.stream_key)
        if not _same_id(key, envelope.stream_id):
            raise InvalidEventPayload(
                f"{envelope.event_type}: the envelope's stream_id {envelope.stream_id} is not"
                f" the payload's {event.stream_key} {key}"
            )
        return event


def _same_id(key: object, stream_id: UUID) -> bool:
    """Whether a payload's stream key (a UUID, or its text in some payloads) is *stream_id*."""
    if isinstance(key, UUID):
        return key == stream_id
    try:
        return UUID(str(key)) == stream_id
    except ValueError:
        return False


def envelope_for(
    event: DomainEvent,
    stream_version: int,
    *,
    actor: str,
    municipality: str,
    correlation_id: Any,
    causation_id: Any,
    traceparent: str | None,
    occurred_at: Any,
) -> Envelope:
    """Wrap a payload in its envelope at *stream_version*."""
    stream_id = getattr(event, event.stream_key)
    envelope_data: dict[str, Any] = {
        "event_type": event.event_type,
        "schema_version": event.schema_version,
        "stream_type": event.stream_type,
        "stream_id": stream_id,
        "stream_version": stream_version,
        "occurred_at": occurred_at,
        "municipality": municipality,
        "actor": actor,
        "correlation_id": correlation_id,
        "causation_id": causation_id,
        "traceparent": traceparent,
        "data": event.model_dump(mode="json"),
    }
    return Envelope.model_validate(envelope_data)
