import pytest

from lgnet_service.settings import ServiceSettings


def test_a_service_reads_its_own_database_url_and_the_shared_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LGNET_INTAKE_DATABASE_URL", "postgresql://lgnet@db:5432/intake")
    monkeypatch.setenv("LGNET_HOUSING_DATABASE_URL", "postgresql://lgnet@db:5432/housing")
    monkeypatch.setenv("LGNET_KAFKA_BOOTSTRAP", "kafka:9092")
    monkeypatch.setenv("LGNET_MASTER_KEY", "c2VjcmV0")
    settings = ServiceSettings.for_service("intake")
    assert settings.database_url == "postgresql+asyncpg://lgnet@db:5432/intake"
    assert settings.kafka_bootstrap == "kafka:9092"
    assert settings.master_key is not None
    assert settings.master_key.get_secret_value() == "c2VjcmV0"
    assert "c2VjcmV0" not in repr(settings)


def test_defaults_suit_the_local_dev_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LGNET_KAFKA_BOOTSTRAP", "LGNET_TOPIC_NAMESPACE", "LGNET_MAX_BODY_BYTES"):
        monkeypatch.delenv(name, raising=False)
    settings = ServiceSettings.for_service("civic")
    assert settings.kafka_bootstrap == "127.0.0.1:9092"
    assert (settings.auth_issuer, settings.auth_audience) == ("lgnet-dev", "lgnet")
    assert settings.max_body_bytes == 1024 * 1024


def test_topic_and_group_names_follow_the_namespace() -> None:
    settings = ServiceSettings.for_service("housing", topic_namespace="t1")
    assert settings.events_topic == "t1.housing.events"
    assert settings.consumer_group == "t1.housing"
    assert settings.topic_of("intake") == "t1.intake.events"
