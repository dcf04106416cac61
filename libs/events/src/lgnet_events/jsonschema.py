"""The catalog as JSON Schema: a document per ``(event_type, schema_version)``, and the envelope."""

import json
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any, get_args

from lgnet_events.catalog import ALL_EVENTS
from lgnet_events.catalog.base import DomainEvent, Sealed
from lgnet_events.envelope import Envelope
from lgnet_events.topics import SERVICES, events_topic

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SEALED_PATTERN: str = get_args(Sealed)[1].pattern
SEALED_NOTE = "Sealed: ciphertext of intake's per-person envelope encryption, never clear text."

Schema = dict[str, Any]


def service_of(model: type[DomainEvent]) -> str:
    return model.event_type.split(".", 1)[0]


def event_name(model: type[DomainEvent]) -> str:
    return model.event_type.split(".", 1)[1]


def catalog_order(models: Iterable[type[DomainEvent]]) -> list[type[DomainEvent]]:
    """By service (in the order of DESIGN 2), then event type and version."""
    return sorted(
        models, key=lambda m: (SERVICES.index(service_of(m)), m.event_type, m.schema_version)
    )


def schema_path(model: type[DomainEvent]) -> PurePosixPath:
    """``intake/CaseOpened.v1.json``, relative to the schemas folder."""
    return PurePosixPath(service_of(model), f"{event_name(model)}.v{model.schema_version}.json")


def is_sealed(field_schema: Schema) -> bool:
    options = field_schema.get("anyOf", [field_schema])
    return any(option.get("pattern") == SEALED_PATTERN for option in options)


def event_schema(model: type[DomainEvent], ref_template: str = "#/$defs/{model}") -> Schema:
    """The payload schema of *model*, with the catalog metadata as ``x-`` keywords."""
    schema = model.model_json_schema(ref_template=ref_template)
    for field_schema in schema.get("properties", {}).values():
        if is_sealed(field_schema):
            field_schema["description"] = SEALED_NOTE
    schema.update(
        {
            "x-event-type": model.event_type,
            "x-schema-version": model.schema_version,
            "x-stream-type": model.stream_type,
            "x-stream-key": model.stream_key,
            "x-topic": events_topic(service_of(model)),
        }
    )
    return schema


def envelope_schema(ref_template: str = "#/$defs/{model}") -> Schema:
    return Envelope.model_json_schema(ref_template=ref_template)


def as_document(schema: Schema) -> Schema:
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


def dump_json(document: Any) -> str:
    """Deterministic text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files(
    models: tuple[type[DomainEvent], ...] = ALL_EVENTS,
) -> dict[PurePosixPath, str]:
    """Every schema document by its path relative to the schemas folder."""
    files = {PurePosixPath("envelope.json"): dump_json(as_document(envelope_schema()))}
    for model in catalog_order(models):
        files[schema_path(model)] = dump_json(as_document(event_schema(model)))
    return files
