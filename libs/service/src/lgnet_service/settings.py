"""Settings every service shares, read from ``LGNET_*`` environment variables."""

import os
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from lgnet_events.topics import consumer_group, events_topic
from lgnet_service.ratelimit import DEFAULT_WRITES_PER_MINUTE

MIB = 1024 * 1024


def async_database_url(url: str) -> str:
    """``postgresql://…`` and ``postgres://…`` as the asyncpg SQLAlchemy URL."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+asyncpg://" + url.removeprefix(plain)
    return url


class ServiceSettings(BaseSettings):
    """Subclass it for a service's own settings; build it with :meth:`for_service`."""

    model_config = SettingsConfigDict(env_prefix="LGNET_", extra="ignore")

    service: str = "service"
    database_url: str = ""
    kafka_bootstrap: str = "127.0.0.1:9092"
    #: on for a real Kafka cluster (idempotent producer); Tansu rejects it, so off by default
    kafka_idempotent: bool = False
    #: read by ``lgnet_events.topics.ensure_topics`` when it creates a topic (3 on a real cluster)
    kafka_replication_factor: int = 1
    topic_namespace: str = "lgnet"
    auth_hs256_secret: SecretStr | None = None
    auth_jwks_url: str | None = None
    auth_issuer: str = "lgnet-dev"
    auth_audience: str = "lgnet"
    master_key: SecretStr | None = None
    log_level: str = "INFO"
    #: ``json`` (one object a line, with trace and span ids) in containers, ``text`` in dev
    log_format: Literal["json", "text"] = "text"
    max_body_bytes: int = MIB
    #: ``production`` refuses development keys at startup (``LGNET_ENV``)
    env: Literal["development", "production"] = "development"
    #: writes per minute per token subject, per process (``lgnet_service.ratelimit``); 0 = off
    rate_limit_writes_per_minute: int = DEFAULT_WRITES_PER_MINUTE
    #: an ``Idempotency-Key`` is remembered this long; a retry after it is a new request
    idempotency_retention_hours: float = Field(default=24.0, gt=0)
    #: how often expired keys are purged (``lgnet_service.idempotency_purge``); 0 = never
    idempotency_purge_interval_seconds: float = Field(default=600.0, ge=0)

    @field_validator("database_url")
    @classmethod
    def _asyncpg_driver(cls, url: str) -> str:
        return async_database_url(url)

    @classmethod
    def for_service(cls, service: str, **overrides: object) -> Self:
        """Settings of *service*: its database URL comes from ``LGNET_<SERVICE>_DATABASE_URL``."""
        values: dict[str, object] = {"service": service}
        url = os.environ.get(database_url_variable(service))
        if url:
            values["database_url"] = url
        return cls(**{**values, **overrides})  # type: ignore[arg-type]

    @property
    def events_topic(self) -> str:
        """The topic this service publishes on: ``<namespace>.<service>.events``."""
        return events_topic(self.service, self.topic_namespace)

    @property
    def consumer_group(self) -> str:
        return consumer_group(self.service, self.topic_namespace)

    def topic_of(self, service: str) -> str:
        """The events topic of another *service*, in this namespace."""
        return events_topic(service, self.topic_namespace)


def database_url_variable(service: str) -> str:
    """``LGNET_INTAKE_DATABASE_URL`` for ``intake``."""
    return f"LGNET_{service.upper()}_DATABASE_URL"
