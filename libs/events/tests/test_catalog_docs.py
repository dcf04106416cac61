"""docs/events is generated from the catalog, current, and a well-formed AsyncAPI 3 document."""

import json
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from lgnet_events.asyncapi import CONSUMES, asyncapi_document, message_id
from lgnet_events.catalog import ALL_EVENTS
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog_docs import DOCS_DIR, SCHEMAS_DIR, generated_docs, stale_docs, write_docs
from lgnet_events.docs import main
from lgnet_events.jsonschema import schema_path
from lgnet_events.topics import consumer_group, dlq_topic, events_topic

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def generated() -> dict[PurePosixPath, str]:
    return generated_docs()


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / DOCS_DIR / "asyncapi.yaml").read_text())
    return loaded


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"external reference {ref}"
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict), f"{ref} does not resolve"
        assert part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def test_the_committed_docs_are_what_the_catalog_generates() -> None:
    stale = stale_docs(REPO_ROOT)
    assert not stale, "docs/events is stale; run `make docs`:\n  " + "\n  ".join(stale)


def test_generating_twice_gives_the_same_text() -> None:
    assert generated_docs() == generated_docs()


def test_schema_files_are_json_with_sorted_keys_and_a_trailing_newline(
    generated: dict[PurePosixPath, str],
) -> None:
    for path, text in generated.items():
        if path.suffix == ".json":
            assert text.endswith("}\n")
            assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("model", ALL_EVENTS, ids=lambda m: m.event_type)
def test_every_event_has_a_schema_file_describing_its_payload(
    generated: dict[PurePosixPath, str], model: type[DomainEvent]
) -> None:
    text = generated[SCHEMAS_DIR / schema_path(model)]
    schema = json.loads(text)
    assert schema["x-event-type"] == model.event_type
    assert schema["x-schema-version"] == model.schema_version
    assert set(schema["properties"]) == set(model.model_fields)
    required = {name for name, field in model.model_fields.items() if field.is_required()}
    assert set(schema.get("required", [])) == required


def test_the_envelope_schema_is_published(generated: dict[PurePosixPath, str]) -> None:
    schema = json.loads(generated[SCHEMAS_DIR / "envelope.json"])
    assert {"event_id", "event_type", "traceparent", "data"} <= set(schema["properties"])


def test_writing_into_an_empty_tree_makes_it_current(tmp_path: Path) -> None:
    assert stale_docs(tmp_path)
    write_docs(tmp_path)
    assert stale_docs(tmp_path) == []


def test_an_edited_file_and_a_leftover_schema_are_reported_then_repaired(tmp_path: Path) -> None:
    write_docs(tmp_path)
    (tmp_path / DOCS_DIR / "README.md").write_text("edited by hand\n")
    leftover = tmp_path / SCHEMAS_DIR / "intake" / "CaseForgotten.v1.json"
    leftover.write_text("{}\n")
    assert stale_docs(tmp_path) == [
        "docs/events/README.md (differs)",
        "docs/events/schemas/intake/CaseForgotten.v1.json (not generated)",
    ]
    write_docs(tmp_path)
    assert stale_docs(tmp_path) == []
    assert not leftover.exists()


def test_the_check_command_fails_on_stale_docs_and_says_how_to_fix_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--root", str(tmp_path)]) == 1
    assert "run `make docs`" in capsys.readouterr().err
    assert main(["write", "--root", str(tmp_path)]) == 0
    assert main(["check", "--root", str(tmp_path)]) == 0


def test_the_readme_lists_every_event(generated: dict[PurePosixPath, str]) -> None:
    readme = generated[DOCS_DIR / "README.md"]
    for model in ALL_EVENTS:
        assert f"[{model.event_type.split('.')[1]}](schemas/{schema_path(model)})" in readme


def test_the_document_is_asyncapi_3(document: dict[str, Any]) -> None:
    assert document["asyncapi"] == "3.0.0"
    assert {"title", "version"} <= set(document["info"])
    assert {server["protocol"] for server in document["servers"].values()} == {"kafka"}


def test_the_committed_document_is_the_generated_one(document: dict[str, Any]) -> None:
    assert document == json.loads(json.dumps(asyncapi_document()))


def test_every_reference_in_the_document_resolves(document: dict[str, Any]) -> None:
    found = list(refs(document))
    assert found
    for ref in found:
        resolve(document, ref)


@pytest.mark.parametrize("model", ALL_EVENTS, ids=lambda m: m.event_type)
def test_every_event_is_a_message_on_its_services_channel(
    document: dict[str, Any], model: type[DomainEvent]
) -> None:
    key = message_id(model)
    message = document["components"]["messages"][key]
    service = model.event_type.split(".")[0]
    channel = document["channels"][f"{service}Events"]
    assert channel["address"] == events_topic(service)
    assert channel["messages"][key] == {"$ref": f"#/components/messages/{key}"}
    data = resolve(document, message["payload"]["allOf"][1]["properties"]["data"]["$ref"])
    assert data["x-event-type"] == model.event_type
    assert message["correlationId"]["$ref"] == "#/components/correlationIds/flow"


def test_messages_send_the_envelope_metadata_as_headers(document: dict[str, Any]) -> None:
    headers = document["components"]["schemas"]["EventHeaders"]["properties"]
    assert set(headers) == {"event_id", "event_type", "schema_version", "traceparent"}
    flow = document["components"]["correlationIds"]["flow"]
    assert flow["location"] == "$message.payload#/correlation_id"


def test_operations_use_only_messages_of_their_channel(document: dict[str, Any]) -> None:
    for name, operation in document["operations"].items():
        channel_ref = operation["channel"]["$ref"]
        for message in operation["messages"]:
            assert message["$ref"].startswith(channel_ref + "/messages/"), name


def test_each_service_receives_the_topics_of_the_design_topology(document: dict[str, Any]) -> None:
    received = {
        (
            operation["bindings"]["kafka"]["groupId"]["enum"][0],
            resolve(document, operation["channel"]["$ref"])["address"],
        )
        for operation in document["operations"].values()
        if operation["action"] == "receive"
    }
    expected = {
        (consumer_group(service), events_topic(source))
        for service, sources in CONSUMES.items()
        for source in sources
    }
    assert received == expected
    assert CONSUMES["reporting"] == ("intake", "housing", "civic")


def test_every_consumer_group_has_a_dead_letter_channel(document: dict[str, Any]) -> None:
    addresses = {channel["address"] for channel in document["channels"].values()}
    for service in CONSUMES:
        assert dlq_topic(consumer_group(service)) in addresses
