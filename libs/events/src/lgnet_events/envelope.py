"""The envelope every domain event travels in, on Kafka and in every store."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_events.tracing import current_traceparent


def utc_now() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel):
    """One stored or published event: metadata plus its payload as plain JSON data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: UUID = Field(default_factory=uuid7)
    event_type: str = Field(pattern=r"^(intake|housing|civic|reporting)\.[A-Z][A-Za-z]+$")
    schema_version: int = Field(ge=1)
    stream_type: str = Field(min_length=1, max_length=64)
    stream_id: UUID
    stream_version: int = Field(ge=1)
    occurred_at: AwareDatetime
    recorded_at: AwareDatetime = Field(default_factory=utc_now)
    municipality: Municipality
    actor: str = Field(min_length=1, max_length=200)
    correlation_id: UUID
    causation_id: UUID
    traceparent: str | None = Field(default=None, max_length=128)
    data: dict[str, Any]

    @property
    def service(self) -> str:
        return self.event_type.split(".", 1)[0]


class EventContext(BaseModel):
    """Who and what caused a batch of new events: copied into each envelope."""

    model_config = ConfigDict(frozen=True)

    actor: str
    municipality: Municipality
    correlation_id: UUID = Field(default_factory=uuid7)
    causation_id: UUID | None = None
    traceparent: str | None = None
    occurred_at: AwareDatetime = Field(default_factory=utc_now)

    def caused_by(self, envelope: Envelope, actor: str) -> "EventContext":
        """The context of a reaction: same flow and trace, caused by *envelope*."""
        return EventContext(
            actor=actor,
            municipality=envelope.municipality,
            correlation_id=envelope.correlation_id,
            causation_id=envelope.event_id,
            traceparent=current_traceparent() or envelope.traceparent,
        )
