"""The dead-letter topic of a consumer group: the original record plus why it failed."""

from aiokafka import ConsumerRecord

from lgnet_events.publisher import KafkaPublisher

#: Error texts are bounded: they go to operators, not to a database.
MAX_REASON = 2000


class DeadLetters:
    def __init__(self, bootstrap: str, topic: str, group_id: str) -> None:
        self.bootstrap, self.topic, self.group_id = bootstrap, topic, group_id
        self._publisher: KafkaPublisher | None = None

    async def send(self, record: ConsumerRecord[bytes, bytes], reason: str) -> None:
        """Publish *record* verbatim to the DLQ; raises if the broker does not acknowledge,
        so the offset is not committed and the record is not lost."""
        if self._publisher is None:
            self._publisher = KafkaPublisher(self.bootstrap)
            await self._publisher.start()
        headers = [
            *[(k, v) for k, v in (record.headers or ()) if not k.startswith("dlq.")],
            ("dlq.reason", reason[:MAX_REASON].encode()),
            ("dlq.group", self.group_id.encode()),
            ("dlq.topic", record.topic.encode()),
            ("dlq.partition", str(record.partition).encode()),
            ("dlq.offset", str(record.offset).encode()),
        ]
        await self._publisher.send_raw(self.topic, record.value, record.key, headers)

    async def stop(self) -> None:
        publisher, self._publisher = self._publisher, None
        if publisher is not None:
            await publisher.stop()
