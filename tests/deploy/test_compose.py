"""docker-compose.yml holds together: KRaft Kafka, PostgreSQL, the four services wired to them."""

from pathlib import Path
from typing import Any

import pytest
import yaml

COMPOSE = Path(__file__).parents[2] / "docker-compose.yml"
PORTS = {"intake": 8001, "housing": 8002, "civic": 8003, "reporting": 8004}


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text())
    found: dict[str, Any] = document["services"]
    return found


def test_compose_has_postgres_kafka_and_the_four_services(services: dict[str, Any]) -> None:
    assert {"postgres", "kafka", *PORTS} <= services.keys()


def test_kafka_runs_in_kraft_mode_without_zookeeper(services: dict[str, Any]) -> None:
    kafka = services["kafka"]["environment"]
    assert set(kafka["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "zookeeper" not in services
    assert not [name for name in kafka if "ZOOKEEPER" in name]
    assert int(kafka["KAFKA_NUM_PARTITIONS"]) == 6


@pytest.mark.parametrize(("service", "port"), PORTS.items())
def test_each_service_has_its_port_its_database_and_the_broker(
    services: dict[str, Any], service: str, port: int
) -> None:
    spec = services[service]
    environment = spec["environment"]
    assert environment["LGNET_KAFKA_BOOTSTRAP"] == "kafka:9092"
    assert environment[f"LGNET_{service.upper()}_DATABASE_URL"].endswith(
        f"@postgres:5432/{service}"
    )
    assert f"{port}:{port}" in spec["ports"]
    assert f"{service}.api.app:create_app" in spec["command"]
    assert str(port) in spec["command"]


def test_services_wait_for_the_topics_and_migrations(services: dict[str, Any]) -> None:
    setup = services["setup"]
    assert "lgnet topics" in setup["command"][-1]
    assert "lgnet migrate" in setup["command"][-1]
    assert setup["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert setup["depends_on"]["kafka"]["condition"] == "service_healthy"
    for service in PORTS:
        condition = services[service]["depends_on"]["setup"]["condition"]
        assert condition == "service_completed_successfully"
