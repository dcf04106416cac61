"""The composition root: settings -> the reporting service and its workers."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog import default_registry
from lgnet_events.registry import EventRegistry
from lgnet_service.workers import BackgroundWorker
from reporting.ingest import audit_consumer
from reporting.jobs import RebuildJobs
from reporting.settings import ReportingSettings
from reporting.upgrade import FactsUpgrade


@dataclass(frozen=True)
class Reporting:
    settings: ReportingSettings
    registry: EventRegistry
    jobs: RebuildJobs = field(default_factory=RebuildJobs)

    def workers(self, engine: AsyncEngine) -> Sequence[BackgroundWorker]:
        settings = self.settings
        consumer = audit_consumer(
            engine,
            bootstrap=settings.kafka_bootstrap,
            group_id=settings.consumer_group,
            topics=settings.source_topics,
            registry=self.registry,
            session_timeout_ms=settings.consumer_session_timeout_ms,
        )
        if not settings.rebuild_on_upgrade:
            return [consumer, self.jobs]
        upgrade = FactsUpgrade(engine, self.jobs, self.registry, settings.rebuild_batch_size)
        return [consumer, self.jobs, upgrade]


def bootstrap(settings: ReportingSettings) -> Reporting:
    return Reporting(settings=settings, registry=default_registry())
