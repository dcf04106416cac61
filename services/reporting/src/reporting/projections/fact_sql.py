"""The facts each event type yields, as SQL over the audit log: one definition for the live
path (one event, by id) and for rebuilds (whole ranges of the log, set-based).

The audit log's ``envelope`` holds the payload as validated (and upcast) when it was stored,
so these statements read current-version fields only.
"""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog import ALL_EVENTS
from reporting.generations import schema_of
from reporting.projections.casework_facts import CASEWORK
from reporting.projections.fact_model import FactSql
from reporting.projections.fact_model import field as _field

MAPPINGS: tuple[FactSql, ...] = (
    FactSql("intake.CaseOpened", "taken_in_charge", "case_id", _field("channel")),
    FactSql("intake.ReferralIssued", "referral_issued", "referral_id", _field("target")),
    FactSql("intake.CaseClosed", "case_closed", "case_id", _field("outcome")),
    FactSql(
        "intake.SupportProvided", "support_minutes", "support_id", _field("kind"),
        f"{_field('minutes')}::numeric", "date",
    ),
    FactSql("housing.HousingRequestReceived", "referral_link", "request_id", _field("referral_id")),
    FactSql("housing.HousingRequestAccepted", "referral_accepted", "referral_id", "'housing'"),
    FactSql("housing.HousingRequestDeclined", "referral_declined", "referral_id", "'housing'"),
    FactSql(
        "housing.PlacementStarted", "housing_beneficiary", "placement_id", "'placement'",
        on="start_date",
    ),
    FactSql(
        "housing.PlacementStarted", "placement_started", "placement_id", _field("unit_id"),
        on="start_date",
    ),
    FactSql(
        "housing.PlacementStarted", "referral_started", "request_id", "'housing'",
        on="start_date", when=f"{_field('request_id')} IS NOT NULL",
    ),
    FactSql(
        "housing.PlacementEnded", "placement_ended", "placement_id", _field("outcome"),
        on="end_date",
    ),
    FactSql(
        "housing.SupportMeasureGranted", "housing_beneficiary", "measure_id", "'support_measure'",
        on="start_date",
    ),
    FactSql(
        "housing.SupportMeasureGranted", "support_eur", "measure_id", _field("kind"),
        f"{_field('amount_eur')}::numeric", "start_date",
    ),
    FactSql(
        "housing.HousingUnitRegistered", "unit_beds", "unit_id", _field("kind"),
        f"{_field('beds')}::numeric", beneficiary=False,
    ),
    FactSql(
        "housing.UnitRefurbishmentStarted", "refurbishment", "unit_id", "'started'",
        on="date", beneficiary=False,
    ),
    FactSql(
        "housing.UnitRefurbishmentCompleted", "refurbishment", "unit_id", "'completed'",
        on="date", beneficiary=False,
    ),
    FactSql(
        "housing.UnitRefurbishmentCompleted", "unit_beds", "unit_id", "'refurbished'",
        f"{_field('beds')}::numeric", "date", beneficiary=False,
    ),
    FactSql("civic.CivicCandidateReceived", "referral_link", "candidate_id", _field("referral_id")),
    FactSql("civic.CivicCandidateAccepted", "referral_accepted", "referral_id", "'civic'"),
    FactSql("civic.CivicCandidateDeclined", "referral_declined", "referral_id", "'civic'"),
    FactSql(
        "civic.IndividualProjectStarted", "individual_project", "individual_project_id",
        on="start_date",
    ),
    FactSql(
        "civic.IndividualProjectStarted", "referral_started", "candidate_id", "'civic'",
        on="start_date", when=f"{_field('candidate_id')} IS NOT NULL",
    ),
    FactSql(
        "civic.HoursLogged", "civic_hours", "individual_project_id",
        amount=f"{_field('hours')}::numeric", on="date",
    ),
    FactSql(
        "civic.IndividualProjectCompleted", "project_ended", "individual_project_id",
        _field("outcome"), on="date",
    ),
    FactSql(
        "civic.IndividualProjectWithdrawn", "project_ended", "individual_project_id",
        "'withdrawn'", on="date",
    ),
    FactSql(
        "civic.CommunityActivityHeld", "community_activity", "activity_id", _field("kind"),
        f"{_field('participants')}::numeric", "date", beneficiary=False,
    ),
    *CASEWORK,
)  # fmt: skip

BY_TYPE: dict[str, list[FactSql]] = {}
for _mapping in MAPPINGS:
    BY_TYPE.setdefault(_mapping.event_type, []).append(_mapping)


#: each event type's stream key: the payload field whose value is the audit row's stream_id
STREAM_KEYS = {event.event_type: event.stream_key for event in ALL_EVENTS}


def _id(m: FactSql, name: str) -> str:
    """A payload id field as ``uuid``. The event's own stream key is the audit row's
    ``stream_id`` (the same value: decoding rejects an envelope where they differ), which
    spares parsing the text (``uuid_in``: 8% of a rebuild's facts statement)."""
    return "a.stream_id" if STREAM_KEYS[m.event_type] == name else f"{_field(name)}::uuid"


def _row(m: FactSql, row_type: str) -> str:
    """One mapping's fact row over the event in hand (``a``, payload ``d``)."""
    beneficiary = _id(m, "beneficiary_id") if m.beneficiary else "NULL::uuid"
    item = _id(m, m.item) if m.item else "NULL::uuid"
    when = f"({_field(m.on)}::date)::timestamp AT TIME ZONE 'UTC'" if m.on else "a.occurred_at"
    return (
        f"ROW(a.event_id, '{m.fact}', a.municipality, {beneficiary}, {item}, ({m.label})::text, "
        f"({m.amount})::numeric, {when}, a.recorded_at, ({m.detail})::jsonb)::{row_type}"
    )


def _fact(m: FactSql, row_type: str) -> str:
    """One mapping as a row of *row_type* (the facts table, its columns in order); NULL, with
    nothing evaluated, if it does not apply."""
    return f"CASE WHEN ({m.when}) THEN {_row(m, row_type)} END"


def _arm(mappings: list[FactSql], row_type: str) -> str:
    """The array of an event type's fact rows, one entry per mapping (NULL where it does not
    apply)."""
    return f"ARRAY[{', '.join(_fact(m, row_type) for m in mappings)}]"


#: Event types every person's history holds, tried first by the ``CASE`` of the fan-out
#: (it compares the type with each arm in turn: ~30 text comparisons for a type at the end).
COMMONEST = ("intake.BeneficiaryRegistered", "intake.CaseOpened")


def _fan_out(mappings: list[FactSql], row_type: str) -> str:
    """The array of fact rows of an event, chosen by its type: one ``CASE``, no join."""
    by_type: dict[str, list[FactSql]] = {t: [] for t in COMMONEST}
    for m in mappings:
        by_type.setdefault(m.event_type, []).append(m)
    arms = " ".join(
        f"WHEN '{event_type}' THEN {_arm(group, row_type)}"
        for event_type, group in by_type.items()
        if group
    )
    return f"CASE a.event_type {arms} END"


def _insert(generation: int, mappings: list[FactSql], where: str) -> str:
    """One pass over the matching audit rows. Each row's payload is read (detoasted) once, in
    a subquery the planner keeps (``OFFSET 0``), then unnested into its facts in the select
    list (``ProjectSet``: no per-row join or function scan)."""
    table = f'"{schema_of(generation)}".facts'
    types = ", ".join(sorted({f"'{m.event_type}'" for m in mappings}))
    # Only constants of this module and the caller's fixed conditions: no input reaches here.
    return (
        f"INSERT INTO {table} SELECT (r).* FROM (SELECT unnest({_fan_out(mappings, table)}) AS r "  # noqa: S608
        "FROM (SELECT a.event_id, a.event_type, a.stream_id, a.municipality, a.occurred_at, "
        "a.recorded_at, "
        "a.envelope->'data' AS d FROM public.audit_log a "
        f"WHERE a.event_type IN ({types}) AND ({where}) OFFSET 0) a OFFSET 0) facts "
        "WHERE (r).event_id IS NOT NULL ON CONFLICT DO NOTHING"
    )


async def project_event(
    conn: AsyncConnection, generation: int, event_type: str, event_id: object
) -> None:
    """The facts of one stored event (the live path)."""
    mappings = BY_TYPE.get(event_type)
    if mappings:
        sql = _insert(generation, mappings, "a.event_id = :event_id")
        await conn.execute(text(sql), {"event_id": event_id})


async def project_where(
    conn: AsyncConnection, generation: int, where: str, params: dict[str, object]
) -> int:
    """The facts of every stored event matching *where* (rebuilds); returns rows written."""
    result = await conn.execute(text(_insert(generation, list(MAPPINGS), where)), params)
    return int(result.rowcount)
