"""A Kafka producer that publishes envelopes and waits for the broker's acknowledgements."""

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.structs import RecordMetadata

from lgnet_events.autocreation import forbid_topic_auto_creation
from lgnet_events.codec import encode
from lgnet_events.envelope import Envelope


class RecordsNotOnTopic(KafkaError):  # type: ignore[misc]
    """The broker acknowledged records for a topic it no longer has (it restarted empty)."""


class KafkaPublisher:
    """``acks=all``; idempotence only when the broker supports it (Tansu does not)."""

    def __init__(
        self, bootstrap: str, *, idempotent: bool = False, timeout_ms: int = 10_000
    ) -> None:
        forbid_topic_auto_creation()
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            acks="all",
            enable_idempotence=idempotent,
            request_timeout_ms=timeout_ms,
            linger_ms=2,
            max_batch_size=256 * 1024,
        )
        self._metadata = AIOKafkaConsumer(
            bootstrap_servers=bootstrap, enable_auto_commit=False, request_timeout_ms=timeout_ms
        )
        self._started = False

    async def start(self) -> None:
        if not self._started:
            self._started = True
            await self._producer.start()
            await self._metadata.start()

    async def stop(self) -> None:
        """Close both clients, also after a start that failed or was cancelled half-way."""
        if self._started:
            self._started = False
            await asyncio.gather(self._producer.stop(), self._metadata.stop())

    async def publish(self, topic: str, envelopes: Sequence[Envelope]) -> list[RecordMetadata]:
        """Send in order and return once every record is acknowledged (raise otherwise)."""
        futures = []
        for envelope in envelopes:
            record = encode(envelope)
            futures.append(
                await self._producer.send(
                    topic, value=record.value, key=record.key, headers=record.headers
                )
            )
        return list(await asyncio.gather(*futures))

    async def confirm_on_topic(self, topic: str) -> None:
        """Raise unless the broker still lists *topic* after acknowledging records for it.

        A producer retrying through a broker restart resends its batch to a broker that
        no longer has the topic; Tansu acknowledges it, yet the records land in no listed
        topic and no consumer ever sees them. Checking the topic list after the
        acknowledgement turns that silent loss into an error the relay retries after
        recreating the topic.
        """
        if topic not in await self._metadata.topics():
            raise RecordsNotOnTopic(f"the broker acknowledged records for {topic} but lost it")

    async def send_raw(
        self, topic: str, value: bytes | None, key: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        future = await self._producer.send(topic, value=value, key=key, headers=headers)
        await future
