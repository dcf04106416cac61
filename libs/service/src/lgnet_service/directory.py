"""The local beneficiary directory of housing and civic, built from intake's events.

Only an id and a municipality per person: enough to refuse work for an unknown
beneficiary, or one of another municipality, without calling intake. Beside it, the
person's consent per purpose as intake last announced it (``ConsentGiven``,
``ConsentWithdrawn`` and the consents of ``BeneficiaryRegistered``), so that a service
refuses new work for a purpose the person withdrew, or whose consent expired. Include
:data:`metadata` in the service's Alembic target metadata and merge
:data:`DIRECTORY_REACTIONS` into its consumer handlers.
"""

from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.expression import Executable

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    BeneficiaryPersonalDataErased,
    BeneficiaryRegistered,
    ConsentGiven,
    ConsentPurpose,
    ConsentTerms,
    ConsentWithdrawn,
)
from lgnet_events.consumer import Handler
from lgnet_events.envelope import Envelope
from lgnet_service.auth.principal import Principal
from lgnet_service.errors import FieldError, ProblemError, conflict, unprocessable

metadata = MetaData()

beneficiary_directory = Table(
    "beneficiary_directory",
    metadata,
    Column("beneficiary_id", PgUUID(as_uuid=True), primary_key=True),
    Column("municipality", Text, nullable=False, index=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=True),
)

#: The last consent event intake published per person and purpose. No row: nothing known,
#: which refuses nothing (people registered before consent per purpose have no row).
beneficiary_consents = Table(
    "beneficiary_consents",
    metadata,
    Column("beneficiary_id", PgUUID(as_uuid=True), primary_key=True),
    Column("purpose", Text, primary_key=True),
    Column("given_on", Date, nullable=True),
    Column("expires_on", Date, nullable=True),
    #: set while the consent stands withdrawn; cleared by a later ``ConsentGiven``
    Column("withdrawn_on", Date, nullable=True),
    #: when intake recorded the last change (the envelope's ``occurred_at``)
    Column("changed_at", DateTime(timezone=True), nullable=False),
    #: the person's stream version of that change: an older one never overwrites it
    Column("stream_version", Integer, nullable=False),
)

UNKNOWN = "unknown beneficiary"
ERASED = "the personal data of this beneficiary has been erased"
FIELD = "body.beneficiary_id"


def install_directory_schema(conn: Connection) -> None:
    """Create the directory tables (tests; services create them in their migrations)."""
    metadata.create_all(conn)


def install_consent_schema(conn: Connection) -> None:
    """Create the consent table if missing (the migration that adds it to a service)."""
    beneficiary_consents.create(conn, checkfirst=True)


#: Built once: a statement built per event cost more CPU than running it (the upsert's
#: ``excluded`` alias alone copies every column). Values come at execution.
_REGISTRATION = pg_insert(beneficiary_directory).on_conflict_do_nothing(
    index_elements=["beneficiary_id"]
)


async def record_registration(
    conn: AsyncConnection, envelope: Envelope, event: DomainEvent
) -> None:
    """``intake.BeneficiaryRegistered``: a known person from now on. Idempotent."""
    if not isinstance(event, BeneficiaryRegistered):
        return
    await conn.execute(
        _REGISTRATION,
        {
            "beneficiary_id": event.beneficiary_id,
            "municipality": envelope.municipality,
            "registered_at": envelope.occurred_at,
        },
    )


async def record_erasure(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    """``intake.BeneficiaryPersonalDataErased``: the row stays (counts stay), marked erased."""
    if not isinstance(event, BeneficiaryPersonalDataErased):
        return
    row = beneficiary_directory.c
    insert = pg_insert(beneficiary_directory).values(
        beneficiary_id=event.beneficiary_id,
        municipality=envelope.municipality,
        registered_at=envelope.occurred_at,
        erased_at=envelope.occurred_at,
    )
    # The first erasure's time is kept: a redelivered or repeated erasure changes nothing.
    await conn.execute(
        insert.on_conflict_do_update(
            index_elements=["beneficiary_id"],
            set_={"erased_at": func.coalesce(row.erased_at, insert.excluded.erased_at)},
        )
    )


def _consent_upsert(changed: Sequence[str]) -> Executable:
    """Upsert a person's consent for a purpose, setting *changed*, unless the row holds a
    later stream version (values come at execution)."""
    insert = pg_insert(beneficiary_consents)
    return insert.on_conflict_do_update(
        index_elements=["beneficiary_id", "purpose"],
        set_={name: insert.excluded[name] for name in changed},
        where=beneficiary_consents.c.stream_version < insert.excluded.stream_version,
    )


_CHANGE = ("withdrawn_on", "changed_at", "stream_version")
#: given (also at registration): the terms replace the row and clear a withdrawal
_GIVEN = _consent_upsert(("given_on", "expires_on", *_CHANGE))
#: withdrawn: the terms given before stay
_WITHDRAWN = _consent_upsert(_CHANGE)


async def record_consent(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    """Consent given (also at registration) or withdrawn, per purpose. Idempotent.

    A person's events share one stream, hence one partition: they arrive in order. The
    stream version still guards the row, so an older event delivered again changes nothing.
    """
    if isinstance(event, BeneficiaryRegistered):
        person = event.beneficiary_id
        rows = [_given(envelope, person, terms) for terms in _first_per_purpose(event)]
        if rows:
            await conn.execute(_GIVEN, rows)
    elif isinstance(event, ConsentGiven):
        await conn.execute(_GIVEN, _given(envelope, event.beneficiary_id, event))
    elif isinstance(event, ConsentWithdrawn):
        row = _change(envelope, event.beneficiary_id, event.purpose, event.withdrawn_on)
        await conn.execute(_WITHDRAWN, row)


def _first_per_purpose(event: BeneficiaryRegistered) -> list[ConsentTerms]:
    """The registration's terms, the first of each purpose (a later one of the same purpose
    and stream version never overwrote it)."""
    first: dict[str, ConsentTerms] = {}
    for terms in event.consents:
        first.setdefault(terms.purpose, terms)
    return list(first.values())


def _given(
    envelope: Envelope, beneficiary_id: UUID, given: ConsentGiven | ConsentTerms
) -> dict[str, object]:
    row = _change(envelope, beneficiary_id, given.purpose, None)
    return row | {"given_on": given.given_on, "expires_on": given.expires_on}


def _change(
    envelope: Envelope, beneficiary_id: UUID, purpose: str, withdrawn_on: date | None
) -> dict[str, object]:
    return {
        "beneficiary_id": beneficiary_id,
        "purpose": purpose,
        "withdrawn_on": withdrawn_on,
        "changed_at": envelope.occurred_at,
        "stream_version": envelope.stream_version,
    }


DIRECTORY_REACTIONS: dict[str, list[Handler]] = {
    "intake.BeneficiaryRegistered": [record_registration, record_consent],
    "intake.BeneficiaryPersonalDataErased": [record_erasure],
    "intake.ConsentGiven": [record_consent],
    "intake.ConsentWithdrawn": [record_consent],
}


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A consent that stands withdrawn: from which day, and when intake recorded it."""

    purpose: str
    withdrawn_on: date
    recorded_at: datetime


async def withdrawal(
    conn: AsyncConnection, beneficiary_id: UUID, purpose: ConsentPurpose
) -> Withdrawal | None:
    """The person's consent for *purpose* as it stands withdrawn, or ``None``."""
    c = beneficiary_consents.c
    row = (
        await conn.execute(
            select(c.withdrawn_on, c.changed_at).where(
                c.beneficiary_id == beneficiary_id, c.purpose == purpose
            )
        )
    ).first()
    if row is None or row.withdrawn_on is None:
        return None
    return Withdrawal(purpose, row.withdrawn_on, row.changed_at)


async def withdrawn_since(
    conn: AsyncConnection, beneficiary_id: UUID, purpose: ConsentPurpose, referred_at: datetime
) -> bool:
    """The person withdrew consent for *purpose* after intake referred them (at
    *referred_at*), and this service heard the withdrawal first.

    The referral (case stream) and the withdrawal (person's stream) may travel on
    different partitions. A withdrawal recorded before the referral means intake saw the
    consent given again in between (it refuses a referral without consent): not withdrawn.
    """
    found = await withdrawal(conn, beneficiary_id, purpose)
    return found is not None and found.recorded_at >= referred_at


CONSENT_WITHDRAWN = "consent-withdrawn"
CONSENT_EXPIRED = "consent-expired"


@dataclass(frozen=True, slots=True)
class Lapse:
    """Why consent for a purpose is not in force on a day: withdrawn, or past its expiry."""

    code: str
    reason: str


async def consent_lapse(
    conn: AsyncConnection, beneficiary_id: UUID, purpose: ConsentPurpose, today: date
) -> Lapse | None:
    """The person's consent for *purpose* is not in force on *today*, and why.

    Consent never recorded here refuses nothing: intake checks consent when it refers. A
    consent is in force through its ``expires_on`` day, as intake counts it.
    """
    c = beneficiary_consents.c
    row = (
        await conn.execute(
            select(c.withdrawn_on, c.expires_on).where(
                c.beneficiary_id == beneficiary_id, c.purpose == purpose
            )
        )
    ).first()
    if row is None:
        return None
    if row.withdrawn_on is not None and row.withdrawn_on <= today:
        reason = f"consent for {purpose} was withdrawn on {row.withdrawn_on.isoformat()}"
        return Lapse(CONSENT_WITHDRAWN, reason)
    if row.expires_on is not None and row.expires_on < today:
        return Lapse(CONSENT_EXPIRED, f"consent for {purpose} expired on {row.expires_on}")
    return None


async def require_consent_in_force(
    conn: AsyncConnection,
    beneficiary_id: UUID,
    purpose: ConsentPurpose,
    today: date,
    field: str = FIELD,
) -> None:
    """A 409 problem (``consent-withdrawn`` or ``consent-expired``) when the person's
    consent for *purpose* is not in force on *today*, naming the day it ended."""
    lapse = await consent_lapse(conn, beneficiary_id, purpose, today)
    if lapse is not None:
        problem = conflict(
            f"{lapse.reason}: no new work for this purpose until intake records the "
            f"person's consent for {purpose} again",
            code=lapse.code,
        )
        problem.errors = [FieldError(field, lapse.reason)]
        raise problem


def refused(reason: str = UNKNOWN) -> ProblemError:
    return unprocessable("invalid beneficiary", [FieldError(FIELD, reason)])


Scope = Principal | str | Set[str]


async def require_known_beneficiary(
    conn: AsyncConnection, beneficiary_id: UUID, principal_or_municipality: Scope
) -> str:
    """The beneficiary's municipality, or a 422 on ``body.beneficiary_id``.

    Given a municipality (that of the resource the work is for), the beneficiary must belong
    to it; given a principal (or a set of municipalities), to one of the caller's. Another
    municipality's beneficiary is refused exactly like one intake never registered. A
    beneficiary whose personal data was erased takes no new work.
    """
    row = (
        await conn.execute(
            select(beneficiary_directory.c.municipality, beneficiary_directory.c.erased_at).where(
                beneficiary_directory.c.beneficiary_id == beneficiary_id
            )
        )
    ).first()
    if row is None or not _may_see(principal_or_municipality, row.municipality):
        raise refused()
    if row.erased_at is not None:
        raise refused(ERASED)
    return str(row.municipality)


def _may_see(scope: Scope, municipality: str) -> bool:
    if isinstance(scope, Principal):
        return scope.can_see(municipality)
    if isinstance(scope, str):
        return scope == municipality
    return municipality in scope


async def erased_at(conn: AsyncConnection, beneficiary_id: UUID) -> datetime | None:
    """When the beneficiary's personal data was erased, if it was."""
    found: datetime | None = await conn.scalar(
        select(beneficiary_directory.c.erased_at).where(
            beneficiary_directory.c.beneficiary_id == beneficiary_id
        )
    )
    return found
