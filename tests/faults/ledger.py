"""What the mesh holds, counted from its databases: accepted, stored, audited, lost, twice.

- accepted: commands answered with a 2xx, from each service's idempotency records (every
  command of the scenario carries an ``Idempotency-Key``; a retried one is counted once);
- stored: events in the three publishing services' event stores;
- audited: rows of reporting's audit log;
- lost: stored events missing from the audit log, plus events a service's reactions should
  have applied and did not (not in its inbox: intake's referral outcomes, housing's and
  civic's requests, consents and directory);
- duplicated: audit rows beyond one per event id, plus reactions applied twice (a second
  housing request or civic candidate for one referral, an outcome recorded twice).
"""

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from tests.faults.mesh import FaultMesh

PUBLISHERS = ("intake", "housing", "civic")
SERVICES = (*PUBLISHERS, "reporting")
#: which publishers' events each service's reactions consume
CONSUMES = {"housing": ("intake",), "civic": ("intake",), "intake": ("housing", "civic")}


def reacted_types(service: str) -> set[str]:
    """The event types the service's reactions consumer handles (its handler table)."""
    from civic.handlers.reactions import reactions as civic_reactions
    from housing.handlers.reactions import reactions as housing_reactions
    from intake.handlers.reactions import reactions as intake_reactions

    # The factories are only stored by the handlers, never called here: the keys are read.
    if service == "housing":
        return set(housing_reactions(None))  # type: ignore[arg-type]
    if service == "civic":
        return set(civic_reactions(None))  # type: ignore[arg-type]
    return set(intake_reactions(None))  # type: ignore[arg-type]


#: per service: SQL counting the events a reaction produced more than once
REACTIONS_TWICE = {
    "housing": "SELECT count(*) - count(DISTINCT data->>'referral_id') FROM events"
    " WHERE event_type = 'housing.HousingRequestReceived'",
    "civic": "SELECT count(*) - count(DISTINCT data->>'referral_id') FROM events"
    " WHERE event_type = 'civic.CivicCandidateReceived'",
    "intake": "SELECT count(*) - count(DISTINCT (data->>'referral_id', data->>'outcome'))"
    " FROM events WHERE event_type = 'intake.ReferralOutcomeRecorded'",
}


@dataclass(frozen=True)
class Ledger:
    accepted: int
    stored: int
    audited: int
    lost: int
    duplicated: int
    #: audited events no service stored (injected poison that slipped through): must be 0
    unknown: int
    #: events waiting in the services' outboxes
    unsent: int
    #: of ``lost``, those a service's reactions have not applied (the rest: the audit log)
    unapplied: int = 0

    def minus(self, before: "Ledger") -> "Ledger":
        """Counts since *before*; lost and duplicated stay absolute (the whole history)."""
        return Ledger(
            accepted=self.accepted - before.accepted,
            stored=self.stored - before.stored,
            audited=self.audited - before.audited,
            lost=self.lost,
            duplicated=self.duplicated,
            unknown=self.unknown,
            unsent=self.unsent,
            unapplied=self.unapplied,
        )


async def _accepted(conn: asyncpg.Connection) -> int:
    if await conn.fetchval("SELECT to_regclass('public.idempotency_keys')") is None:
        return 0
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM idempotency_keys WHERE status BETWEEN 200 AND 299"
        )
    )


async def _publisher(
    conn: asyncpg.Connection, service: str
) -> tuple[dict[UUID, str], set[UUID], int, int]:
    """Stored event ids and types, the inbox, reactions applied twice, unsent outbox rows."""
    ids = {row[0]: row[1] for row in await conn.fetch("SELECT event_id, event_type FROM events")}
    inbox = {row[0] for row in await conn.fetch("SELECT event_id FROM inbox")}
    twice = int(await conn.fetchval(REACTIONS_TWICE[service]))
    unsent = int(await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))
    return ids, inbox, twice, unsent


def _unapplied(stored: dict[str, dict[UUID, str]], inboxes: dict[str, set[UUID]]) -> int:
    """Events a service's reactions handle, stored by a publisher it consumes, not in its inbox."""
    missing = 0
    for service, sources in CONSUMES.items():
        handled = reacted_types(service)
        due = {i for source in sources for i, kind in stored[source].items() if kind in handled}
        missing += len(due - inboxes[service])
    return missing


async def _audit(conn: asyncpg.Connection) -> tuple[set[UUID], int]:
    ids = {row[0] for row in await conn.fetch("SELECT event_id FROM audit_log")}
    return ids, int(await conn.fetchval("SELECT count(*) FROM audit_log"))


async def take_ledger(mesh: FaultMesh) -> Ledger:
    accepted, twice, unsent = 0, 0, 0
    stored: set[UUID] = set()
    by_service: dict[str, dict[UUID, str]] = {}
    inboxes: dict[str, set[UUID]] = {}
    audit_ids: set[UUID] = set()
    audit_rows = 0
    for service in SERVICES:
        conn = await asyncpg.connect(mesh.database_dsn(service))
        try:
            accepted += await _accepted(conn)
            if service == "reporting":
                audit_ids, audit_rows = await _audit(conn)
                continue
            ids, inboxes[service], more_twice, more_unsent = await _publisher(conn, service)
            by_service[service] = ids
            stored |= set(ids)
            twice, unsent = twice + more_twice, unsent + more_unsent
        finally:
            await conn.close()
    unapplied = _unapplied(by_service, inboxes)
    return Ledger(
        accepted=accepted,
        stored=len(stored),
        audited=audit_rows,
        lost=len(stored - audit_ids) + unapplied,
        unapplied=unapplied,
        duplicated=(audit_rows - len(audit_ids)) + twice,
        unknown=len(audit_ids - stored),
        unsent=unsent,
    )
