"""Topic and consumer-group names (DESIGN 2), and creating topics on a broker."""

import contextlib
import logging
import os

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

SERVICES = ("intake", "housing", "civic", "reporting")
DEFAULT_PARTITIONS = 6

log = logging.getLogger(__name__)


def events_topic(service: str, namespace: str = "lgnet") -> str:
    """``lgnet.intake.events``: the topic *service* publishes its events on."""
    return f"{namespace}.{service}.events"


def consumer_group(service: str, namespace: str = "lgnet") -> str:
    return f"{namespace}.{service}"


def dlq_topic(group: str) -> str:
    """Each consumer group has a dead-letter topic ``<group>.dlq``."""
    return f"{group}.dlq"


def all_topics(namespace: str = "lgnet") -> list[str]:
    publishers = [events_topic(s, namespace) for s in SERVICES if s != "reporting"]
    dlqs = [dlq_topic(consumer_group(s, namespace)) for s in SERVICES]
    return publishers + dlqs


def replication_factor() -> int:
    """``LGNET_KAFKA_REPLICATION_FACTOR``: 1 on the embedded broker, 3 on a real cluster."""
    return int(os.environ.get("LGNET_KAFKA_REPLICATION_FACTOR", "1"))


async def ensure_topics(
    bootstrap: str,
    topics: list[str],
    partitions: int = DEFAULT_PARTITIONS,
    replicas: int | None = None,
) -> list[str]:
    """Create the missing *topics* (unlimited retention); return the ones created."""
    replicas = replicas or replication_factor()
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if missing:
            new = [
                NewTopic(t, partitions, replicas, topic_configs={"retention.ms": "-1"})
                for t in missing
            ]
            with contextlib.suppress(TopicAlreadyExistsError):  # created meanwhile elsewhere
                await admin.create_topics(new)
            log.info("created topics %s", missing)
        return missing
    finally:
        await admin.close()
