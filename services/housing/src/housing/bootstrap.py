"""The composition root: settings -> the housing service, its work units and workers."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from housing.domain import measure, placement, request, unit
from housing.handlers.reactions import reactions
from housing.handlers.work import Caller, Repositories, Work
from housing.projections import project
from housing.settings import HousingSettings
from lgnet_events.catalog import default_registry
from lgnet_events.consumer import EventConsumer
from lgnet_events.registry import EventRegistry
from lgnet_events.relay import OutboxRelay
from lgnet_events.repository import Repository
from lgnet_events.store import EventStore
from lgnet_service.workers import BackgroundWorker


@dataclass(frozen=True)
class Housing:
    settings: HousingSettings
    registry: EventRegistry
    repos: Repositories

    def work(self, conn: AsyncConnection, caller: Caller) -> Work:
        return Work(conn, caller, self.repos)

    def workers(self, engine: AsyncEngine) -> Sequence[BackgroundWorker]:
        settings = self.settings
        relay = OutboxRelay(
            engine,
            settings.kafka_bootstrap,
            settings.events_topic,
            idempotent=settings.kafka_idempotent,
        )
        consumer = EventConsumer(
            name="housing-reactions",
            engine=engine,
            bootstrap=settings.kafka_bootstrap,
            group_id=settings.consumer_group,
            topics=[settings.topic_of("intake")],
            registry=self.registry,
            handlers=reactions(self.work),
            session_timeout_ms=settings.consumer_session_timeout_ms,
        )
        return [relay, consumer]


def bootstrap(settings: HousingSettings) -> Housing:
    store, registry = EventStore(), default_registry()
    repos = Repositories(
        units=Repository(store, registry, unit.replay, project),
        requests=Repository(store, registry, request.replay, project),
        placements=Repository(store, registry, placement.replay, project),
        measures=Repository(store, registry, measure.replay, project),
    )
    return Housing(settings=settings, registry=registry, repos=repos)
