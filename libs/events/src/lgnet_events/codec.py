"""Envelopes as Kafka records: key = stream id, JSON value, metadata also in headers."""

from dataclasses import dataclass

from pydantic import ValidationError

from lgnet_events.envelope import Envelope

Headers = list[tuple[str, bytes]]


class UndecodableRecord(Exception):
    """The bytes are not an envelope: the record goes to the dead-letter topic."""


@dataclass(frozen=True, slots=True)
class Record:
    key: bytes
    value: bytes
    headers: Headers


def encode(envelope: Envelope) -> Record:
    headers: Headers = [
        ("event_id", str(envelope.event_id).encode()),
        ("event_type", envelope.event_type.encode()),
        ("schema_version", str(envelope.schema_version).encode()),
    ]
    if envelope.traceparent:
        headers.append(("traceparent", envelope.traceparent.encode()))
    return Record(str(envelope.stream_id).encode(), envelope.model_dump_json().encode(), headers)


def decode(value: bytes | None) -> Envelope:
    if not value:
        raise UndecodableRecord("empty record")
    try:
        return Envelope.model_validate_json(value)
    except ValidationError as error:
        fields = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or '(record)'}: {e['msg']}" for e in error.errors()[:5]
        )
        raise UndecodableRecord(f"not a valid event envelope: {fields}") from error
