"""External infrastructure chosen by environment variables (DESIGN 9)."""

import os

BOOTSTRAP_VARIABLE = "LGNET_KAFKA_BOOTSTRAP"
NAMESPACE_VARIABLE = "LGNET_TOPIC_NAMESPACE"
DEFAULT_NAMESPACE = "lgnet"


def database_url_variable(service: str) -> str:
    return f"LGNET_{service.upper()}_DATABASE_URL"


def external_database_url(service: str) -> str | None:
    """``LGNET_<SERVICE>_DATABASE_URL`` when set: that service's database is not embedded."""
    return os.environ.get(database_url_variable(service)) or None


def external_bootstrap() -> str | None:
    """``LGNET_KAFKA_BOOTSTRAP`` when set: no embedded broker is started."""
    return os.environ.get(BOOTSTRAP_VARIABLE) or None


def topic_namespace() -> str:
    return os.environ.get(NAMESPACE_VARIABLE) or DEFAULT_NAMESPACE
