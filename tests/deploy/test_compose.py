"""docker-compose.yml holds together and agrees with the code (no Docker engine is needed)."""

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from lgnet_events.topics import SERVICES

from .codebase import NAMESPACE, PARTITIONS, PORTS, ROOT, TOPICS, readable_variables, routes

COMPOSE = ROOT / "docker-compose.yml"
BROKERS = ("kafka-1", "kafka-2", "kafka-3")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = compose["services"]
    return found


def mounted(spec: dict[str, Any]) -> list[Path]:
    """The host files a service mounts (``./x:/y[:ro]``)."""
    sources = [volume.split(":")[0] for volume in spec.get("volumes", [])]
    return [ROOT / source for source in sources if source.startswith("./")]


def test_compose_has_the_infrastructure_the_four_services_and_the_tracing_stack(
    services: dict[str, Any],
) -> None:
    expected = {"postgres", *BROKERS, "kafka-init", "setup", "otel-collector", "jaeger"}
    assert expected | set(SERVICES) == services.keys()


def test_kafka_is_three_kraft_nodes_with_replication_three_and_two_in_sync(
    services: dict[str, Any],
) -> None:
    voters = {f"{n}@kafka-{n}:9093" for n in (1, 2, 3)}
    for number, broker in enumerate(BROKERS, start=1):
        env = services[broker]["environment"]
        assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
        assert set(env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")) == voters
        assert int(env["KAFKA_NODE_ID"]) == number
        assert env["KAFKA_ADVERTISED_LISTENERS"] == f"PLAINTEXT://{broker}:9092"
        assert int(env["KAFKA_DEFAULT_REPLICATION_FACTOR"]) == 3
        assert int(env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]) == 3
        assert int(env["KAFKA_MIN_INSYNC_REPLICAS"]) == 2
        assert int(env["KAFKA_NUM_PARTITIONS"]) == PARTITIONS
        assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
        assert not [name for name in env if "ZOOKEEPER" in name]
        assert services[broker]["healthcheck"]["test"]
    assert len({services[b]["environment"]["CLUSTER_ID"] for b in BROKERS}) == 1


def test_the_init_step_creates_exactly_the_topics_of_the_code_with_six_partitions(
    services: dict[str, Any],
) -> None:
    script = " ".join(services["kafka-init"]["command"])
    listed = re.search(r"for topic in (.*?);", script)
    assert listed is not None
    assert sorted(listed.group(1).split()) == sorted(TOPICS)
    words = shlex.split(script.split(" do ", 1)[1])
    assert words[words.index("--partitions") + 1] == str(PARTITIONS)
    assert words[words.index("--replication-factor") + 1] == "3"
    assert "min.insync.replicas=2" in words
    assert "retention.ms=-1" in words
    for broker in BROKERS:
        assert services["kafka-init"]["depends_on"][broker]["condition"] == "service_healthy"


def test_setup_runs_lgnet_topics_then_the_migrations_once_the_infrastructure_is_up(
    services: dict[str, Any],
) -> None:
    setup = services["setup"]
    assert setup["command"][-1] == "lgnet topics && lgnet migrate"
    assert setup["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert setup["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"
    assert setup["environment"]["LGNET_TOPIC_NAMESPACE"] == NAMESPACE
    for service in SERVICES:
        url = setup["environment"][f"LGNET_{service.upper()}_DATABASE_URL"]
        assert url.endswith(f"@postgres:5432/{service}")


def test_postgres_makes_one_database_and_role_per_service(services: dict[str, Any]) -> None:
    [script] = [path for path in mounted(services["postgres"]) if path.suffix == ".sql"]
    sql = script.read_text()
    for service in SERVICES:
        assert f"CREATE ROLE {service} LOGIN" in sql
        assert f"CREATE DATABASE {service} OWNER {service};" in sql
    assert services["postgres"]["healthcheck"]["test"]


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_runs_the_image_with_its_port_database_and_the_cluster(
    services: dict[str, Any], service: str
) -> None:
    spec, port = services[service], PORTS[service]
    env = spec["environment"]
    assert spec["build"]["context"] == "."
    assert (env["SERVICE"], int(env["PORT"])) == (service, port)
    assert f"{port}:{port}" in spec["ports"]
    assert env[f"LGNET_{service.upper()}_DATABASE_URL"].endswith(f"@postgres:5432/{service}")
    others = [s for s in SERVICES if s != service]
    assert not [s for s in others if f"LGNET_{s.upper()}_DATABASE_URL" in env]
    assert set(env["LGNET_KAFKA_BOOTSTRAP"].split(",")) == {f"{b}:9092" for b in BROKERS}
    assert env["LGNET_KAFKA_IDEMPOTENT"] == "true"
    assert env["LGNET_LOG_FORMAT"] == "json"
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
    assert env["OTEL_SERVICE_NAME"] == f"lgnet-{service}"
    assert spec["depends_on"]["setup"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize("service", [*SERVICES, "setup"])
def test_every_variable_given_to_a_service_is_one_its_code_reads(
    services: dict[str, Any], service: str
) -> None:
    given = set(services[service]["environment"])
    readers = SERVICES if service == "setup" else [service]
    readable = set().union(*(readable_variables(s) for s in readers))
    assert given - readable == set()


def test_the_image_health_check_probes_a_route_every_service_serves() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    [probe] = re.findall(r"HEALTHCHECK.*?/(\w+)'", dockerfile, flags=re.DOTALL)
    for service in SERVICES:
        assert f"/{probe}" in routes(service)


def test_the_collector_receives_otlp_over_http_and_sends_traces_to_jaeger(
    services: dict[str, Any],
) -> None:
    [config_file] = mounted(services["otel-collector"])
    config = yaml.safe_load(config_file.read_text())
    assert config["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
    pipeline = config["service"]["pipelines"]["traces"]
    assert pipeline["receivers"] == ["otlp"]
    jaeger = config["exporters"]["otlp/jaeger"]["endpoint"]
    assert jaeger.split(":")[0] in services
    assert "otlp/jaeger" in pipeline["exporters"]
    assert set(pipeline["processors"]) <= config["processors"].keys()
    assert "16686:16686" in services["jaeger"]["ports"]


def test_every_dependency_names_a_service_of_the_file(services: dict[str, Any]) -> None:
    conditions = {"service_started", "service_healthy", "service_completed_successfully"}
    for spec in services.values():
        for needed, rule in spec.get("depends_on", {}).items():
            assert needed in services
            assert rule["condition"] in conditions
            if rule["condition"] == "service_healthy":
                assert services[needed].get("healthcheck", {}).get("test"), needed


def test_every_mounted_file_exists(services: dict[str, Any]) -> None:
    for spec in services.values():
        for path in mounted(spec):
            assert path.is_file(), path
