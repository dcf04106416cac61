"""The facts each event type yields, as SQL over the audit log: one definition for the live
path (one event, by id) and for rebuilds (whole ranges of the log, set-based).

The audit log's ``envelope`` holds the payload as validated (and upcast) when it was stored,
so these statements read current-version fields only.
"""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

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


def _select(m: FactSql, where: str) -> str:
    beneficiary = f"{_field('beneficiary_id')}::uuid" if m.beneficiary else "NULL::uuid"
    item = f"{_field(m.item)}::uuid" if m.item else "NULL::uuid"
    day = _field(m.on) if m.on else m.day
    when = f"({day}::date)::timestamp AT TIME ZONE 'UTC'" if day else "a.occurred_at"
    # Only constants of this module and the caller's fixed conditions: no input reaches here.
    return (
        f"SELECT a.event_id, '{m.fact}', a.municipality, {beneficiary}, {item}, "  # noqa: S608
        f"({m.label})::text, ({m.amount})::numeric, {when}, a.recorded_at "
        "FROM public.audit_log a CROSS JOIN LATERAL (SELECT a.envelope->'data' AS d) p "
        f"WHERE a.event_type = '{m.event_type}' AND ({m.when}) AND ({where})"
    )


def _insert(generation: int, selects: list[str]) -> str:
    return (
        f'INSERT INTO "{schema_of(generation)}".facts (event_id, fact, municipality, '
        "beneficiary_id, item_id, label, amount, occurred_at, recorded_at) "
        + " UNION ALL ".join(selects)
        + " ON CONFLICT DO NOTHING"
    )


async def project_event(
    conn: AsyncConnection, generation: int, event_type: str, event_id: object
) -> None:
    """The facts of one stored event (the live path)."""
    mappings = BY_TYPE.get(event_type)
    if mappings:
        selects = [_select(m, "a.event_id = :event_id") for m in mappings]
        await conn.execute(text(_insert(generation, selects)), {"event_id": event_id})


async def project_where(
    conn: AsyncConnection, generation: int, where: str, params: dict[str, object]
) -> int:
    """The facts of every stored event matching *where* (rebuilds); returns rows written."""
    result = await conn.execute(
        text(_insert(generation, [_select(m, where) for m in MAPPINGS])), params
    )
    return int(result.rowcount)
