"""``/reports/casework``: follow-ups overdue and referrals unanswered on the day of ``as_of``,
with intake's rules (a follow-up due before the day and not done on or before it; a referral
issued at least ``referral_answer_days`` before the day with no outcome recorded)."""

from datetime import date
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog import default_registry, intake
from lgnet_events.ids import uuid7
from lgnet_events.testing.infra import Infra
from reporting.rebuild import generation_rows, rebuild_projections
from reporting.settings import ReportingSettings

from .conftest import ADMIN, NATIONAL, Headers, store_all
from .programme import Programme
from .test_audit_log import publish, wait_for
from .test_casework import casework_cells, row

pytestmark = pytest.mark.integration

URL = "/reports/casework"
OVERDUE = ("follow_ups_overdue", "referrals_unanswered")
CASE = uuid7()


def follow_up(p: Programme, municipality: str, scheduled: str, due: str) -> UUID:
    follow_up_id = uuid7()
    event = intake.FollowUpScheduled(
        case_id=CASE,
        beneficiary_id=uuid7(),
        follow_up_id=follow_up_id,
        due_on=date.fromisoformat(due),
        subject="housing_visit",
    )
    p.add(event, municipality, scheduled)
    return follow_up_id


def done(p: Programme, follow_up_id: UUID, municipality: str, on: str) -> None:
    event = intake.FollowUpDone(
        case_id=CASE,
        beneficiary_id=uuid7(),
        follow_up_id=follow_up_id,
        done_on=date.fromisoformat(on),
    )
    p.add(event, municipality, on)


def referral(p: Programme, municipality: str, issued: str) -> UUID:
    referral_id = uuid7()
    event = intake.ReferralIssued(
        case_id=CASE, beneficiary_id=uuid7(), referral_id=referral_id, target="legal_aid"
    )
    p.add(event, municipality, issued)
    return referral_id


def answered(p: Programme, referral_id: UUID, municipality: str, on: str) -> None:
    event = intake.ReferralOutcomeRecorded(
        case_id=CASE,
        beneficiary_id=uuid7(),
        referral_id=referral_id,
        target="legal_aid",
        outcome="accepted",
    )
    p.add(event, municipality, on)


def overdue_programme() -> Programme:
    """Bologna: follow-ups due 03-10 (done 03-12), 03-15, 04-01 and five due 04-05, never done;
    referrals issued 03-01 (answered 03-20), 03-05 and 03-25. Roma: a follow-up due 03-05 and
    a referral issued 03-01, neither ever closed."""
    p = Programme()
    first = follow_up(p, "bologna", "2026-03-01", "2026-03-10")
    done(p, first, "bologna", "2026-03-12")
    for due in ("2026-03-15", "2026-04-01", *["2026-04-05"] * 5):
        follow_up(p, "bologna", "2026-03-01", due)
    answered_later = referral(p, "bologna", "2026-03-01")
    referral(p, "bologna", "2026-03-05")
    referral(p, "bologna", "2026-03-25")
    answered(p, answered_later, "bologna", "2026-03-20")
    follow_up(p, "roma", "2026-03-01", "2026-03-05")
    referral(p, "roma", "2026-03-01")
    return p


@pytest.fixture
async def programme(db: AsyncEngine) -> None:
    await store_all(db, overdue_programme().envelopes)


async def report(client: httpx.AsyncClient, query: str = "", headers: Headers = ADMIN) -> Any:
    response = await client.get(f"{URL}{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def late(body: dict[str, Any], municipality: str | None = None) -> list[Any]:
    figures = row(body, municipality) if municipality else body["totals"]
    return [figures[column] for column in OVERDUE]


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize(
    ("as_of", "bologna", "roma"),
    [
        ("2026-03-10", [0, 0], [1, 0]),  # due on the day is not yet overdue
        ("2026-03-11", [1, 0], [1, 0]),  # the first follow-up was done only on 03-12
        ("2026-03-15", [0, 1], [1, 1]),  # 03-01 + 14 days: the referral is late from 03-15
        ("2026-03-16", [1, 1], [1, 1]),
        ("2026-03-21", [1, 1], [1, 1]),  # 03-01's answered on 03-20; 03-05's late since 03-19
        ("2026-04-20", [7, 2], [1, 1]),
    ],
)
async def test_overdue_items_are_counted_as_they_stood_on_the_day(
    client: httpx.AsyncClient, as_of: str, bologna: list[int], roma: list[int]
) -> None:
    body = await report(client, f"?as_of={as_of}")
    assert (late(body, "bologna"), late(body, "roma")) == (bologna, roma)
    assert late(body) == [b + r for b, r in zip(bologna, roma, strict=True)]


@pytest.mark.usefixtures("programme")
async def test_from_and_to_do_not_change_what_is_late_on_the_day(
    client: httpx.AsyncClient,
) -> None:
    body = await report(client, "?as_of=2026-04-20&from=2026-04-10&to=2026-04-20")
    assert late(body, "bologna") == [7, 2]
    assert late(await report(client, "?municipality=roma&as_of=2026-04-20"), "roma") == [1, 1]


@pytest.mark.usefixtures("programme")
async def test_the_national_office_sees_small_overdue_counts_hidden_with_a_complement(
    client: httpx.AsyncClient,
) -> None:
    body = await report(client, "?as_of=2026-04-20", NATIONAL)
    assert late(body, "roma") == ["<5", "<5"]
    assert late(body, "bologna") == ["suppressed", "<5"]
    assert late(body)[0] == 8
    shown = [n for m in ("bologna", "roma") for n in late(body, m) if isinstance(n, int)]
    assert all(n == 0 or n >= 5 for n in shown)


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize(("lang", "heading"), [("it", "Verifiche scadute"), ("en", "Follow-ups")])
async def test_the_dashboard_shows_the_overdue_columns(
    client: httpx.AsyncClient, lang: str, heading: str
) -> None:
    page = (await client.get(f"/dashboard?lang={lang}", headers=ADMIN)).text
    assert heading in page
    roma = row(await report(client), "roma")
    assert casework_cells(page, "roma")[-2:] == [str(roma[c]) for c in OVERDUE]
    assert ("after 14 days" if lang == "en" else "dopo 14 giorni") in page


class TestAnotherAnswerDelay:
    @pytest.fixture
    def settings(self, settings: ReportingSettings) -> ReportingSettings:
        return settings.model_copy(update={"referral_answer_days": 30})

    @pytest.mark.usefixtures("programme")
    async def test_the_answer_delay_is_intakes_setting(self, client: httpx.AsyncClient) -> None:
        body = await report(client, "?as_of=2026-04-20")
        # 04-20 - 30 days = 03-21: the referrals of 03-05 (Bologna) and 03-01 (Roma) only
        assert (late(body, "bologna")[1], late(body, "roma")[1]) == (1, 1)


async def test_a_rebuild_counts_the_same_overdue_items(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    await store_all(db, overdue_programme().envelopes)
    queries = ["?as_of=2026-03-16", "?as_of=2026-04-20", ""]
    before = [await report(client, q, h) for q in queries for h in (ADMIN, NATIONAL)]
    new = await rebuild_projections(db, default_registry(), batch_size=4)
    async with db.connect() as conn:
        rebuilt = await generation_rows(conn, new)
        assert rebuilt == await generation_rows(conn, new - 1)
    assert {"follow_up_due", "referral_answered"} <= {r[1] for r in rebuilt["facts"]}
    after = [await report(client, q, h) for q in queries for h in (ADMIN, NATIONAL)]
    for body in (*before, *after):
        body.pop("as_of")
    assert after == before


class TestFromTheBroker:
    @pytest.fixture
    def run_workers(self) -> bool:
        return True

    async def test_overdue_items_published_by_intake_are_counted(
        self, client: httpx.AsyncClient, db: AsyncEngine, infra: Infra, namespace: str
    ) -> None:
        envelopes = overdue_programme().envelopes
        await publish(infra, namespace, envelopes)
        await wait_for(db, len(envelopes))
        assert late(await report(client, "?as_of=2026-04-20"), "bologna") == [7, 2]
