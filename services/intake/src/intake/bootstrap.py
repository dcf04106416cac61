"""The composition root: settings -> the intake service, its units of work and workers."""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from intake.domain import beneficiary, case, complaint
from intake.domain.follow_up import Deadlines
from intake.fingerprints import Fingerprints, fingerprint_key
from intake.handlers.reactions import reactions
from intake.handlers.unit import Caller, Unit
from intake.match_checks import MatchCheckLimiter, limiter_of
from intake.projections import project
from intake.retention import RetentionWorker
from intake.settings import IntakeSettings
from intake.vault import PrivacyVault, Vault
from lgnet_events.catalog import default_registry
from lgnet_events.consumer import EventConsumer
from lgnet_events.registry import EventRegistry
from lgnet_events.relay import OutboxRelay
from lgnet_events.repository import Repository
from lgnet_events.store import EventStore
from lgnet_privacy import MasterKey, PersonalDataVault
from lgnet_service.workers import BackgroundWorker


@dataclass(frozen=True)
class Intake:
    settings: IntakeSettings
    registry: EventRegistry
    vault: Vault
    fingerprints: Fingerprints
    beneficiaries: Repository[beneficiary.Beneficiary]
    cases: Repository[case.Case]
    complaints: Repository[complaint.Complaint]

    def unit(self, conn: AsyncConnection, caller: Caller) -> Unit:
        return Unit(
            conn,
            caller,
            self.vault,
            self.fingerprints,
            self.beneficiaries,
            self.cases,
            self.complaints,
        )

    #: the time now; tests move it to see what a later day looks like
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    #: rations ``POST /beneficiaries/matches`` per caller (``None``: no limit)
    match_checks: MatchCheckLimiter | None = None
    #: imports running beside their request in this process (``Prefer: respond-async``)
    imports_running: set[asyncio.Task[None]] = field(default_factory=set)

    def deadlines(self) -> Deadlines:
        return Deadlines(self.clock().date(), self.settings.referral_answer_days)

    def workers(self, engine: AsyncEngine) -> Sequence[BackgroundWorker]:
        settings = self.settings
        relay = OutboxRelay(
            engine,
            settings.kafka_bootstrap,
            settings.events_topic,
            idempotent=settings.kafka_idempotent,
            own_thread=True,  # publishes promptly while HTTP requests saturate the loop
        )
        consumer = EventConsumer(
            name="intake-reactions",
            engine=engine,
            bootstrap=settings.kafka_bootstrap,
            group_id=settings.consumer_group,
            topics=[settings.topic_of("housing"), settings.topic_of("civic")],
            registry=self.registry,
            handlers=reactions(self.unit),
            session_timeout_ms=settings.consumer_session_timeout_ms,
        )
        retention = RetentionWorker(
            engine,
            self.unit,
            self.clock,
            settings.retention,
            settings.retention_scan_interval_s,
        )
        return [relay, consumer, retention]


def bootstrap(settings: IntakeSettings) -> Intake:
    if settings.master_key is None:
        raise ValueError("LGNET_MASTER_KEY is not set: intake cannot protect personal data")
    master = MasterKey.from_text(settings.master_key.get_secret_value())
    store, registry = EventStore(), default_registry()
    return Intake(
        settings=settings,
        registry=registry,
        vault=PrivacyVault(PersonalDataVault(master)),
        fingerprints=Fingerprints(fingerprint_key(master.secret)),
        beneficiaries=Repository(store, registry, beneficiary.replay, project),
        cases=Repository(store, registry, case.replay, project),
        complaints=Repository(store, registry, complaint.replay, project),
        match_checks=limiter_of(settings.match_checks_per_hour),
    )
