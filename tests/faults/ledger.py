"""What the mesh holds, counted from its databases: accepted, stored, audited, lost, twice.

- accepted: commands answered with a 2xx, from each service's idempotency records (every
  command of the scenario carries an ``Idempotency-Key``; a retried one is counted once);
- stored: events in the three publishing services' event stores;
- audited: rows of reporting's audit log;
- lost: stored events missing from the audit log;
- duplicated: audit rows beyond one per event id, plus reactions applied twice (a second
  housing request or civic candidate for one referral, an outcome recorded twice).
"""

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from tests.faults.mesh import FaultMesh

PUBLISHERS = ("intake", "housing", "civic")
SERVICES = (*PUBLISHERS, "reporting")

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
        )


async def _accepted(conn: asyncpg.Connection) -> int:
    if await conn.fetchval("SELECT to_regclass('public.idempotency_keys')") is None:
        return 0
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM idempotency_keys WHERE status BETWEEN 200 AND 299"
        )
    )


async def _publisher(conn: asyncpg.Connection, service: str) -> tuple[set[UUID], int, int]:
    """Stored event ids, reactions applied twice, unsent outbox rows."""
    ids = {row[0] for row in await conn.fetch("SELECT event_id FROM events")}
    twice = int(await conn.fetchval(REACTIONS_TWICE[service]))
    unsent = int(await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))
    return ids, twice, unsent


async def _audit(conn: asyncpg.Connection) -> tuple[set[UUID], int]:
    ids = {row[0] for row in await conn.fetch("SELECT event_id FROM audit_log")}
    return ids, int(await conn.fetchval("SELECT count(*) FROM audit_log"))


async def take_ledger(mesh: FaultMesh) -> Ledger:
    accepted, twice, unsent = 0, 0, 0
    stored: set[UUID] = set()
    audit_ids: set[UUID] = set()
    audit_rows = 0
    for service in SERVICES:
        conn = await asyncpg.connect(mesh.database_dsn(service))
        try:
            accepted += await _accepted(conn)
            if service == "reporting":
                audit_ids, audit_rows = await _audit(conn)
                continue
            ids, more_twice, more_unsent = await _publisher(conn, service)
            stored |= ids
            twice, unsent = twice + more_twice, unsent + more_unsent
        finally:
            await conn.close()
    return Ledger(
        accepted=accepted,
        stored=len(stored),
        audited=audit_rows,
        lost=len(stored - audit_ids),
        duplicated=(audit_rows - len(audit_ids)) + twice,
        unknown=len(audit_ids - stored),
        unsent=unsent,
    )
