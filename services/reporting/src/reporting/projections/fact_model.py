"""How one kind of fact is read from one event type: the pieces ``fact_sql`` turns into SQL."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FactSql:
    event_type: str
    fact: str
    item: str | None = None
    #: a SQL expression over ``d`` (the payload) or a quoted constant
    label: str = "NULL"
    amount: str = "NULL"
    #: the payload's own date, when it has one (business time at midnight UTC)
    on: str | None = None
    beneficiary: bool = True
    #: an extra condition for the fact to exist
    when: str = "TRUE"
    #: a ``jsonb`` expression over ``d``: what one text label cannot hold
    detail: str = "NULL"


def field(name: str) -> str:
    """A top-level payload field as text."""
    return f"(d->>'{name}')"
