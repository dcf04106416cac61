"""Topics are created on purpose, with their partitions, never by accident.

A Kafka client's metadata request may ask the broker to create any topic it names
(aiokafka always asks, and Tansu obliges with a single partition). After the broker
restarts empty, a producer still retrying its batch would then publish into such a
one-partition topic. With creation forbidden the producer fails instead, and the relay
recreates the topic properly (``ensure_topics``) before it sends again.
"""

from typing import Any

import aiokafka.client
from aiokafka.protocol.metadata import MetadataRequest


class _ExplicitTopicsMetadataRequest(MetadataRequest):  # type: ignore[misc]
    def __init__(
        self, topics: list[str] | None = None, allow_auto_topic_creation: bool = False
    ) -> None:
        super().__init__(topics, allow_auto_topic_creation)


def forbid_topic_auto_creation() -> None:
    """Make every aiokafka client of this process send ``allow_auto_topic_creation=false``."""
    client_module: Any = aiokafka.client
    client_module.MetadataRequest = _ExplicitTopicsMetadataRequest
