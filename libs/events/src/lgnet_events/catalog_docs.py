"""The generated ``docs/events`` tree: AsyncAPI document, JSON Schemas, a README catalog table."""

from pathlib import Path, PurePosixPath
from typing import Any

from lgnet_events.asyncapi import CONSUMES, asyncapi_yaml
from lgnet_events.catalog import ALL_EVENTS
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.jsonschema import (
    Schema,
    catalog_order,
    event_name,
    event_schema,
    is_sealed,
    schema_files,
    schema_path,
    service_of,
)
from lgnet_events.topics import SERVICES, events_topic

DOCS_DIR = PurePosixPath("docs/events")
SCHEMAS_DIR = DOCS_DIR / "schemas"
FORMATS = {"uuid": "uuid", "date": "date", "date-time": "timestamp"}
TYPES = {"integer": "int", "number": "number", "string": "text", "boolean": "bool"}

README_INTRO = """\
# LGNet event catalog

Generated from `lgnet_events.catalog` by `python -m lgnet_events.docs write` (`make docs`):
do not edit by hand. A test fails when this folder differs from the catalog.

- [`asyncapi.yaml`](asyncapi.yaml): AsyncAPI 3.0.0, topics, who publishes and who consumes
  (consumer groups, dead-letter topics), every message with its Kafka headers.
- [`schemas/envelope.json`](schemas/envelope.json): the envelope every event travels in.
- `schemas/<service>/<Event>.v<N>.json`: JSON Schema (2020-12) of each payload.

Fields: `name?` is optional; *sealed* is ciphertext of intake's per-person encryption,
never clear text. Within a version, fields may be added but never removed.
"""


def type_summary(schema: Schema) -> str:
    """A short human name of a field's type: ``uuid``, ``a|b``, ``list of date``, ``sealed``."""
    if is_sealed(schema):
        return "sealed"
    options = [o for o in schema.get("anyOf", [schema]) if o.get("type") != "null"]
    if {o.get("type") for o in options} == {"number", "string"}:
        return "decimal"
    if len(options) > 1:
        return " or ".join(type_summary(o) for o in options)
    option = options[0]
    if "enum" in option:
        return "\\|".join(str(value) for value in option["enum"])
    if option.get("type") == "array":
        return f"list of {type_summary(option.get('items', {}))}"
    return FORMATS.get(option.get("format", ""), TYPES.get(option.get("type", ""), "any"))


def fields_summary(schema: Schema) -> str:
    required = set(schema.get("required", []))
    return ", ".join(
        f"`{name}{'' if name in required else '?'}` {type_summary(field)}"
        for name, field in schema.get("properties", {}).items()
    )


def catalog_row(model: type[DomainEvent]) -> str:
    link = (SCHEMAS_DIR / schema_path(model)).relative_to(DOCS_DIR)
    cells = [
        f"[{event_name(model)}]({link})",
        str(model.schema_version),
        f"`{model.stream_type}`",
        fields_summary(event_schema(model)),
    ]
    return "| " + " | ".join(cells) + " |"


def service_section(service: str, models: list[type[DomainEvent]]) -> str:
    consumers = ", ".join(s for s, sources in CONSUMES.items() if service in sources)
    lines = [
        f"## {service}: `{events_topic(service)}`",
        "",
        f"Consumed by: {consumers or 'nobody yet'}.",
        "",
        "| event | version | stream type | fields |",
        "|---|---|---|---|",
        *(catalog_row(model) for model in models),
    ]
    return "\n".join(lines) + "\n"


def catalog_readme(models: tuple[type[DomainEvent], ...] = ALL_EVENTS) -> str:
    ordered = catalog_order(models)
    sections = [
        service_section(service, [m for m in ordered if service_of(m) == service])
        for service in SERVICES
        if any(service_of(m) == service for m in ordered)
    ]
    return "\n".join([README_INTRO, *sections])


def generated_docs(models: tuple[type[DomainEvent], ...] = ALL_EVENTS) -> dict[PurePosixPath, str]:
    """Every generated file by its path relative to the repository root."""
    files = {
        DOCS_DIR / "README.md": catalog_readme(models),
        DOCS_DIR / "asyncapi.yaml": asyncapi_yaml(models),
    }
    files |= {SCHEMAS_DIR / path: text for path, text in schema_files(models).items()}
    return files


def stale_docs(root: Path, models: tuple[type[DomainEvent], ...] = ALL_EVENTS) -> list[str]:
    """What differs under *root*: ``"<path> (missing|differs|not generated)"``, sorted."""
    expected = generated_docs(models)
    problems = [
        f"{path} ({'missing' if not (root / path).exists() else 'differs'})"
        for path, text in expected.items()
        if not _has_text(root / path, text)
    ]
    problems += [f"{path} (not generated)" for path in _leftovers(root, expected)]
    return sorted(problems)


def write_docs(root: Path, models: tuple[type[DomainEvent], ...] = ALL_EVENTS) -> list[str]:
    """Bring *root*'s docs in line with the catalog; return the paths changed or removed."""
    expected = generated_docs(models)
    changed: list[str] = []
    for path, text in expected.items():
        if not _has_text(root / path, text):
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
            changed.append(str(path))
    for path in _leftovers(root, expected):
        (root / path).unlink()
        changed.append(f"{path} (removed)")
    return sorted(changed)


def _has_text(path: Path, text: str) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8") == text


def _leftovers(root: Path, expected: dict[PurePosixPath, Any]) -> list[PurePosixPath]:
    """Schema files of events no longer in the catalog."""
    found = (root / SCHEMAS_DIR).rglob("*.json") if (root / SCHEMAS_DIR).is_dir() else []
    paths = (PurePosixPath(p.relative_to(root).as_posix()) for p in found)
    return sorted(p for p in paths if p not in expected)
