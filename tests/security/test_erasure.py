"""Erasure end to end: after ``DELETE /beneficiaries/{id}/personal-data`` nothing reveals the
person, the figures stay, and reporting's audit log holds the erasure with its actor.
Also: the distinctive values of people who were never erased leave intake only as ciphertext."""

import asyncio
import json
import time
from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from lgnet_cli.scenario import generate_people, rome_today
from lgnet_devstack.credentials import dev_master_key
from lgnet_events.testing.kafka import read_topic
from lgnet_events.topics import all_topics
from lgnet_privacy import ERASED, KeyStore, MasterKey, PersonalDataVault, beneficiary_keys
from lgnet_privacy import metadata as privacy_metadata
from tests.e2e.conftest import RunningMesh
from tests.e2e.leaks import NO_PERSONAL_DATA, database_text, found_in, kafka_text, log_text

from .world import (
    OURS,
    Caller,
    World,
    bearer,
    item_with,
    new_case,
    new_placement,
    new_unit,
    token,
)

ERASER = "erasure-officer-7"
REPORTS = ("/reports/kpis", "/reports/municipalities", "/reports/programme",
           "/reports/casework", "/reports/export.csv", "/dashboard")  # fmt: skip
#: the reports whose figures an erasure must not change
FIGURES = ("/reports/kpis", "/reports/casework")


def followed_person(world: World, seed: int) -> tuple[dict[str, str], list[str]]:
    """Register a person, open a case, refer to housing (accepted, placed) and civic."""
    person = generate_people(1, seed=seed, today=rome_today())[0]
    intake = world.caller("intake", "coordinator")
    body = {**person.registration(rome_today()), "municipality": OURS}
    body["personal_data"]["consent"] = {"purposes": ["case_management", "referral"],
                                        "given_on": rome_today().isoformat()}  # fmt: skip
    beneficiary_id = str(intake.ok("POST", "/beneficiaries", body)["beneficiary_id"])
    case_id = str(intake.ok("POST", "/cases", new_case(beneficiary_id))["case_id"])
    referral = intake.ok("POST", f"/cases/{case_id}/referrals", {"target": "housing"})
    referral_id = str(referral["referrals"][-1]["referral_id"])
    housing = world.caller("housing", "coordinator")
    request = housing.wait_for("/requests", item_with("referral_id", referral_id))
    housing.ok("POST", f"/requests/{request['request_id']}/accept", {})
    unit = str(housing.ok("POST", "/units", new_unit(OURS))["unit_id"])
    housing.ok("POST", "/placements", new_placement(beneficiary_id, unit))
    ids = {"beneficiary_id": beneficiary_id, "case_id": case_id}
    return ids, person.secrets()


def report_texts(world: World) -> dict[str, str]:
    admin = world.caller("reporting", "admin")
    return {path: admin.call("GET", path, municipality=OURS).text for path in REPORTS}


def report_figures(world: World) -> Any:
    """The figures of our municipality, per report, without ``as_of`` (which is now)."""
    admin = world.caller("reporting", "admin")
    reports = {path: admin.ok("GET", path, municipality=OURS) for path in FIGURES}
    return {path: _without_as_of(report) for path, report in reports.items()}


def _without_as_of(report: Any) -> Any:
    return {key: value for key, value in report.items() if key != "as_of"}


def audit_of(world: World, stream_id: str) -> list[dict[str, Any]]:
    auditor = world.caller("reporting", "auditor")
    items: list[dict[str, Any]] = auditor.ok("GET", "/audit/events", stream_id=stream_id)["items"]
    return items


def erasures_of(world: World, beneficiary_id: str) -> list[dict[str, Any]]:
    erased = "intake.BeneficiaryPersonalDataErased"
    return [e for e in audit_of(world, beneficiary_id) if e["event_type"] == erased]


def wait_until(check: Any, timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)
    return value


def erase(world: World, beneficiary_id: str) -> httpx.Response:
    officer = Caller(world.urls["intake"], bearer(token(world.secret, "coordinator", OURS, ERASER)))
    path = f"/beneficiaries/{beneficiary_id}/personal-data"
    return officer.call("DELETE", path, reason="data_subject_request")


def test_after_erasure_nothing_reveals_the_person_and_the_figures_stay(
    mesh: RunningMesh, world: World
) -> None:
    ids, secrets = followed_person(world, seed=4242)
    beneficiary_id = ids["beneficiary_id"]
    intake = world.caller("intake", "coordinator")
    before_read = intake.ok("GET", f"/beneficiaries/{beneficiary_id}")
    assert found_in(json.dumps(before_read, ensure_ascii=False), secrets), "positive control"
    figures = wait_until(lambda: _stable(world))
    backup = asyncio.run(_key_rows(mesh, beneficiary_id))  # last night's backup of intake

    erased = erase(world, beneficiary_id)
    assert erased.is_success, erased.text

    erasures = wait_until(lambda: erasures_of(world, beneficiary_id))
    assert erasures[0]["actor"] == ERASER
    assert report_figures(world) == figures
    after = {
        "beneficiary": intake.call("GET", f"/beneficiaries/{beneficiary_id}").text,
        "case": intake.call("GET", f"/cases/{ids['case_id']}").text,
        "history": intake.call("GET", f"/cases/{ids['case_id']}/history").text,
        "access log": intake.call("GET", f"/beneficiaries/{beneficiary_id}/access-log.csv").text,
        "cases": intake.call("GET", "/cases", beneficiary_id=beneficiary_id).text,
        "audit": json.dumps(audit_of(world, beneficiary_id), ensure_ascii=False),
        **report_texts(world),
    }
    assert {
        where: found for where, text in after.items() if (found := found_in(text, secrets))
    } == {}
    assert asyncio.run(_sealed_copies_are_unreadable(mesh, beneficiary_id)) > 0
    destroyed = [UUID(e["stream_id"]) for e in erasures]  # as kept outside the backups
    assert asyncio.run(_restored_backup_reveals_nothing(mesh, backup, destroyed, beneficiary_id))


async def _key_rows(mesh: RunningMesh, beneficiary_id: str) -> list[dict[str, Any]]:
    engine = create_async_engine(mesh.stack.record.database_urls["intake"])
    try:
        async with engine.connect() as conn:
            query = select(beneficiary_keys).where(
                beneficiary_keys.c.beneficiary_id == UUID(beneficiary_id)
            )
            return [dict(row) for row in (await conn.execute(query)).mappings()]
    finally:
        await engine.dispose()


async def _restored_backup_reveals_nothing(
    mesh: RunningMesh, backup: list[dict[str, Any]], destroyed: list[UUID], beneficiary_id: str
) -> bool:
    """Restore the pre-erasure key rows into a scratch database, re-apply the erasures listed
    in reporting's audit log (DESIGN 7), and open the person's ciphertexts from Kafka."""
    url = mesh.stack.record.database_urls["intake"]
    scratch = f"restored_{uuid4().hex[:8]}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    finally:
        await admin.dispose()
    restored = create_async_engine(url.rsplit("/", 1)[0] + f"/{scratch}")
    vault = PersonalDataVault(MasterKey.from_text(dev_master_key(mesh.state)))
    sealed = await _sealed_on_kafka(mesh, beneficiary_id)
    try:
        async with restored.begin() as conn:
            await conn.run_sync(privacy_metadata.create_all)
            await conn.execute(insert(beneficiary_keys), backup)
            readable = await vault.open(conn, UUID(beneficiary_id), sealed[0])
            assert readable is not ERASED, "the old backup can read the person: re-apply!"
            await KeyStore(conn, vault_master(mesh)).reapply_destroyed(destroyed)
            opened = [await vault.open(conn, UUID(beneficiary_id), s) for s in sealed]
    finally:
        await restored.dispose()
    return all(value is ERASED for value in opened)


def vault_master(mesh: RunningMesh) -> MasterKey:
    return MasterKey.from_text(dev_master_key(mesh.state))


async def _sealed_on_kafka(mesh: RunningMesh, beneficiary_id: str) -> list[str]:
    sealed: list[str] = []
    for topic in all_topics(mesh.stack.record.namespace):
        for record in await read_topic(mesh.stack.record.bootstrap, topic, timeout=5.0):
            value = (record.value or b"").decode(errors="replace")
            if beneficiary_id in value:
                sealed += _sealed_values(json.loads(value))
    return sealed


def _stable(world: World) -> Any:
    """The figures, once reporting has caught up (unchanged over a few seconds)."""
    first = report_figures(world)
    time.sleep(3.0)
    return first if report_figures(world) == first else None


async def _sealed_copies_are_unreadable(mesh: RunningMesh, beneficiary_id: str) -> int:
    """Every ciphertext of the person on Kafka, opened with the real master key: ERASED."""
    sealed = await _sealed_on_kafka(mesh, beneficiary_id)
    vault = PersonalDataVault(MasterKey.from_text(dev_master_key(mesh.state)))
    engine = create_async_engine(mesh.stack.record.database_urls["intake"])
    try:
        async with engine.connect() as conn:
            opened = [await vault.open(conn, UUID(beneficiary_id), s) for s in sealed]
    finally:
        await engine.dispose()
    assert opened
    assert all(value is ERASED for value in opened), opened
    return len(opened)


def _sealed_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.startswith("lgnet:v1:") else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _sealed_values(v)]
    if isinstance(value, list):
        return [s for v in value for s in _sealed_values(v)]
    return []


def test_distinctive_personal_data_appears_nowhere_outside_intake_in_clear(
    mesh: RunningMesh, world: World
) -> None:
    _, secrets = followed_person(world, seed=5151)
    intake_text = asyncio.run(database_text(mesh, "intake"))
    kafka = asyncio.run(kafka_text(mesh))
    elsewhere = {service: asyncio.run(database_text(mesh, service)) for service in NO_PERSONAL_DATA}
    leaks = {
        **{f"kafka {t}": found_in(text, secrets) for t, text in kafka.items()},
        **{f"db {s}": found_in(text, secrets) for s, text in elsewhere.items()},
        **{f"log {n}": found_in(text, secrets) for n, text in log_text(mesh).items()},
        **{f"report {p}": found_in(text, secrets) for p, text in report_texts(world).items()},
        "db intake (sealed at rest)": found_in(intake_text, secrets),
    }
    assert {where: found for where, found in leaks.items() if found} == {}
