"""Base class of every event payload: one pydantic model per (event_type, schema_version)."""

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, StringConstraints

#: Ciphertext produced by intake's envelope encryption (see lgnet_privacy): never clear text.
Sealed = Annotated[
    str, StringConstraints(pattern=r"^lgnet:v1:[A-Za-z0-9_\-]+={0,2}$", max_length=65536)
]


class DomainEvent(BaseModel):
    """A fact that happened. Subclasses set ``event_type``, ``schema_version``, ``stream_type``."""

    # Tolerant reader: producers may add fields within a version (DESIGN 3).
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    stream_type: ClassVar[str]
    #: the field of the payload that holds the id of the stream it belongs to
    stream_key: ClassVar[str]
