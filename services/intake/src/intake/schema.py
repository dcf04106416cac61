"""Intake's own tables beside the event store: one MetaData for Alembic and tests."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

metadata = MetaData()

#: Keyed hashes of normalised names and birth date, for likely-duplicate detection. Not a
#: projection of events (events never hold the clear names): written by the command handlers
#: and deleted on erasure, so nothing derived from an erased person's names remains.
beneficiary_fingerprints = Table(
    "beneficiary_fingerprints",
    metadata,
    Column("beneficiary_id", UUID(as_uuid=True), primary_key=True),
    Column("municipality", Text, nullable=False),
    Column("fingerprint", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("beneficiary_fingerprints_lookup", "municipality", "fingerprint"),
)


#: Keyed hashes of sound-coded names + birth date, and of document numbers, for possible
#: matches across spellings and municipalities. Like the fingerprints: no clear names, written
#: by the command handlers, deleted on erasure.
match_keys = Table(
    "match_keys",
    metadata,
    Column("beneficiary_id", UUID(as_uuid=True), primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("municipality", Text, nullable=False),
    Column("match_key", LargeBinary, nullable=False),
    Index("match_keys_lookup", "match_key"),
)


#: Pairs of records that may be one person, proposed at registration from the match keys,
#: for a coordinator to merge or dismiss. A work list, not a projection: the decision itself is
#: the ``BeneficiaryMerged`` event.
duplicate_reviews = Table(
    "duplicate_reviews",
    metadata,
    Column("review_id", UUID(as_uuid=True), primary_key=True),
    Column("municipality", Text, nullable=False),
    #: the record registered later, the one a merge folds into ``candidate_id``
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False),
    Column("candidate_id", UUID(as_uuid=True), nullable=False),
    Column("kind", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Text),
    Index("duplicate_reviews_queue", "municipality", "status", "review_id"),
)


#: Merges asked by one municipality's coordinator about a record of another municipality that
#: the match keys found (``docs/casework.md``). A work list like the reviews: the decision
#: itself is the ``BeneficiaryMerged`` event. The asking side never sees ``receiving_id``.
merge_proposals = Table(
    "merge_proposals",
    metadata,
    Column("proposal_id", UUID(as_uuid=True), primary_key=True),
    Column("asking_municipality", Text, nullable=False),
    Column("asking_id", UUID(as_uuid=True), nullable=False),
    Column("receiving_municipality", Text, nullable=False),
    Column("receiving_id", UUID(as_uuid=True), nullable=False),
    Column("kind", Text, nullable=False),
    #: ``open``, ``accepted``, ``declined``, ``undone`` (the merge was undone), ``closed``
    #: (a record's personal data was erased while it was open)
    Column("status", Text, nullable=False),
    Column("asked_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", Text),
    Column("decided_at", DateTime(timezone=True)),
    #: accepted: which record stays, ``asking`` or ``receiving``
    Column("stays", Text),
    #: declined (or closed): why, a code
    Column("reason", Text),
    Index("merge_proposals_receiving", "receiving_municipality", "proposal_id"),
    Index("merge_proposals_asking", "asking_municipality", "proposal_id"),
    Index(
        "merge_proposals_one_open",
        "asking_id",
        "receiving_id",
        unique=True,
        postgresql_where=text("status = 'open'"),
    ),
)


#: One row per category at each real retention run: its cutoff and how much it removed, so the
#: removals themselves stay counted (and a projection rebuild knows where the access log ends).
retention_runs = Table(
    "retention_runs",
    metadata,
    Column("run_id", BigInteger, primary_key=True, autoincrement=True),
    Column("category", Text, nullable=False),
    Column("cutoff", DateTime(timezone=True), nullable=False),
    Column("ran_at", DateTime(timezone=True), nullable=False),
    Column("removed", Integer, nullable=False),
)
