"""The composition root: settings -> the civic service, its units of work and workers."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from civic.clock import today_in
from civic.domain import activity, candidate, individual_project, project
from civic.handlers.reactions import reactions
from civic.handlers.unit import Caller, Repositories, Unit
from civic.projections import project as project_views
from civic.settings import CivicSettings
from lgnet_events.catalog import default_registry
from lgnet_events.consumer import EventConsumer
from lgnet_events.registry import EventRegistry
from lgnet_events.relay import OutboxRelay
from lgnet_events.repository import Repository
from lgnet_events.store import EventStore
from lgnet_service.workers import BackgroundWorker


@dataclass(frozen=True)
class Civic:
    settings: CivicSettings
    registry: EventRegistry
    repos: Repositories

    def unit(self, conn: AsyncConnection, caller: Caller) -> Unit:
        return Unit(conn, caller, today_in(self.settings.time_zone), self.repos)

    def workers(self, engine: AsyncEngine) -> Sequence[BackgroundWorker]:
        settings = self.settings
        relay = OutboxRelay(
            engine,
            settings.kafka_bootstrap,
            settings.events_topic,
            idempotent=settings.kafka_idempotent,
        )
        consumer = EventConsumer(
            name="civic-reactions",
            engine=engine,
            bootstrap=settings.kafka_bootstrap,
            group_id=settings.consumer_group,
            topics=[settings.topic_of("intake")],
            registry=self.registry,
            handlers=reactions(self.unit),
            session_timeout_ms=settings.consumer_session_timeout_ms,
        )
        return [relay, consumer]


def bootstrap(settings: CivicSettings) -> Civic:
    store, registry = EventStore(), default_registry()
    repos = Repositories(
        projects=Repository(store, registry, project.replay, project_views),
        candidates=Repository(store, registry, candidate.replay, project_views),
        individual_projects=Repository(store, registry, individual_project.replay, project_views),
        activities=Repository(store, registry, activity.replay, project_views),
    )
    return Civic(settings=settings, registry=registry, repos=repos)
