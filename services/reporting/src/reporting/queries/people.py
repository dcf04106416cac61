"""Who is the same person, as it stood at a moment: records merged into others.

Intake publishes ``BeneficiaryMerged`` (this record is the person of ``merged_into``) and
``BeneficiaryMergeUndone``; the merged record may belong to another municipality. A record's
latest merge fact recorded by ``as_of`` decides: merged (and into what) or on its own again
(an undo and a merge at the same moment: the undo is taken as the later one).
Merges are followed along chains (A into B, then B into C: A is C's person).
"""

from datetime import datetime

from sqlalchemy import ColumnElement, FromClause, Subquery, func, literal, select
from sqlalchemy.dialects.postgresql import distinct_on

from reporting.schema import facts

MERGED = "beneficiary_merged"
UNDONE = "merge_undone"
#: chains longer than this are not followed further (intake never makes them)
LONGEST_CHAIN = 16


def merged_records(as_of: datetime) -> Subquery:
    """``(beneficiary_id, person_id)`` of every record merged into another one at *as_of*:
    ``person_id`` is the record at the end of its chain of merges."""
    f = facts.c
    latest = (
        select(f.beneficiary_id, f.item_id.label("merged_into"), f.fact)
        .where(f.fact.in_((MERGED, UNDONE)), f.recorded_at <= as_of)
        .ext(distinct_on(f.beneficiary_id))
        .order_by(f.beneficiary_id, f.occurred_at.desc(), f.recorded_at.desc(), f.fact.desc())
        .cte("merge_state")
    )
    edges = (
        select(latest.c.beneficiary_id, latest.c.merged_into)
        .where(latest.c.fact == MERGED)
        .cte("merge_edges")
    )
    start = select(
        edges.c.beneficiary_id,
        edges.c.merged_into.label("person_id"),
        literal(1).label("depth"),
    ).cte("merge_chain", recursive=True)
    step = (
        select(start.c.beneficiary_id, edges.c.merged_into, start.c.depth + 1)
        .join(edges, edges.c.beneficiary_id == start.c.person_id)
        .where(start.c.depth < LONGEST_CHAIN)
    )
    chain = start.union_all(step)
    return (
        select(chain.c.beneficiary_id, chain.c.person_id)
        .ext(distinct_on(chain.c.beneficiary_id))
        .order_by(chain.c.beneficiary_id, chain.c.depth.desc())
        .subquery("merged_records")
    )


def with_people(
    source: FromClause, beneficiary: ColumnElement[object], as_of: datetime
) -> tuple[FromClause, ColumnElement[object]]:
    """*source* joined to the merges at *as_of*, and the person each row's *beneficiary*
    is (itself, when its record is not merged)."""
    merged = merged_records(as_of)
    joined = source.outerjoin(merged, merged.c.beneficiary_id == beneficiary)
    return joined, func.coalesce(merged.c.person_id, beneficiary)
