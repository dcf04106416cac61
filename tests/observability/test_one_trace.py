"""One trace from an intake request, through the relay and Kafka, into housing and reporting."""

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from .conftest import Mesh, auth

pytestmark = pytest.mark.integration

OPERATOR = auth("operator")
COORDINATOR = auth("coordinator", sub="coord-1")


async def referral_to_housing(intake: httpx.AsyncClient) -> str:
    person = {
        "given_names": "Amina",
        "family_names": "Diallo",
        "birth_date": "1994-03-12",
        "consent": {"purposes": ["case_management", "referral"], "given_on": "2026-05-02"},
    }
    body = {
        "municipality": "bologna",
        "sex": "female",
        "nationality": "SN",
        "personal_data": person,
    }
    registered = await intake.post("/beneficiaries", json=body, headers=OPERATOR)
    assert registered.status_code == 201, registered.text
    case = {
        "beneficiary_id": registered.json()["beneficiary_id"],
        "channel": "mobile_unit",
        "contact_point": "stazione_centrale",
        "urgency": "high",
        "vulnerabilities": {"categories": ["homeless"]},
    }
    opened = await intake.post("/cases", json=case, headers=OPERATOR)
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case_id"]
    referred = await intake.post(
        f"/cases/{case_id}/referrals", json={"target": "housing"}, headers=OPERATOR
    )
    assert referred.status_code == 201, referred.text
    return str(case_id)


def server_span(spans: Sequence[ReadableSpan], route: str) -> ReadableSpan:
    [found] = [
        s
        for s in spans
        if s.kind is SpanKind.SERVER and (s.attributes or {}).get("http.route") == route
    ]
    return found


def event_span(
    spans: Sequence[ReadableSpan], trace_id: int, name: str, event_type: str, group: str = ""
) -> ReadableSpan | None:
    """The relay's or a consumer's span of *event_type* in the trace (``group`` for consumers)."""
    for span in spans:
        attributes = span.attributes or {}
        if (
            span.context.trace_id == trace_id
            and span.name == name
            and attributes.get("lgnet.event_type") == event_type
            and attributes.get("messaging.consumer.group.name", "") == group
        ):
            return span
    return None


async def eventually(probe: Callable[[], Any], timeout: float = 45) -> Any:
    for _ in range(int(timeout * 4)):
        found = probe()
        if found:
            return found
        await asyncio.sleep(0.25)
    raise AssertionError("it never happened")


def in_causal_order(chain: Sequence[ReadableSpan]) -> bool:
    starts = [span.start_time or 0 for span in chain]
    return starts == sorted(starts)


def children(spans: Sequence[ReadableSpan], parent: ReadableSpan) -> list[ReadableSpan]:
    return [s for s in spans if s.parent and s.parent.span_id == parent.context.span_id]


async def test_a_referral_is_one_trace_from_intakes_request_to_reportings_projection(
    mesh: Mesh, spans: InMemorySpanExporter
) -> None:
    await referral_to_housing(mesh.intake)
    ns = mesh.namespace
    request = server_span(spans.get_finished_spans(), "/cases/{case_id}/referrals")
    trace_id = request.context.trace_id

    def reporting_projected() -> ReadableSpan | None:
        return event_span(
            spans.get_finished_spans(),
            trace_id,
            f"process {ns}.housing.events",
            "housing.HousingRequestReceived",
            f"{ns}.reporting",
        )

    projected = await eventually(reporting_projected)
    finished = spans.get_finished_spans()
    sent = event_span(finished, trace_id, f"send {ns}.intake.events", "intake.ReferralIssued")
    received = event_span(
        finished, trace_id, f"process {ns}.intake.events", "intake.ReferralIssued", f"{ns}.housing"
    )
    answered = event_span(
        finished, trace_id, f"send {ns}.housing.events", "housing.HousingRequestReceived"
    )
    chain = [request, sent, received, answered, projected]
    assert all(span is not None for span in chain), chain
    assert in_causal_order([s for s in chain if s is not None])
    assert sent is not None
    assert sent.parent is not None
    assert sent.parent.span_id == request.context.span_id
    in_trace = {s.context.span_id for s in finished if s.context.trace_id == trace_id}
    assert all(s.parent and s.parent.span_id in in_trace for s in chain[1:] if s is not None)
    writes = [s for s in children(finished, projected) if (s.attributes or {}).get("db.system")]
    assert writes, "reporting's projection writes are traced as children of its consumer span"
    kafka_sends = [s for s in finished if s.name == f"{ns}.intake.events send"]
    assert [s for s in kafka_sends if s.context.trace_id == trace_id], "aiokafka is traced"
    assert not [s for s in kafka_sends if s.parent is None], "no send starts a trace of its own"


async def test_housings_acceptance_is_one_trace_into_intake_and_reporting(
    mesh: Mesh, spans: InMemorySpanExporter
) -> None:
    await referral_to_housing(mesh.intake)
    ns = mesh.namespace

    async def pending() -> Any:
        listed = await mesh.housing.get("/requests", params={"status": "pending"}, headers=OPERATOR)
        return listed.json()["items"]

    [housing_request] = await eventually_async(pending)
    accept = f"/requests/{housing_request['request_id']}/accept"
    assert (await mesh.housing.post(accept, headers=COORDINATOR)).status_code == 200
    request = server_span(spans.get_finished_spans(), "/requests/{request_id}/accept")
    trace_id = request.context.trace_id
    accepted = "housing.HousingRequestAccepted"

    def consumed_by(group: str) -> Callable[[], ReadableSpan | None]:
        name = f"process {ns}.housing.events"
        return lambda: event_span(spans.get_finished_spans(), trace_id, name, accepted, group)

    in_intake = await eventually(consumed_by(f"{ns}.intake"))
    in_reporting = await eventually(consumed_by(f"{ns}.reporting"))
    sent = event_span(spans.get_finished_spans(), trace_id, f"send {ns}.housing.events", accepted)
    assert sent is not None
    assert in_causal_order([request, sent, in_intake])
    assert in_causal_order([request, sent, in_reporting])


async def eventually_async(probe: Callable[[], Any], timeout: float = 45) -> Any:
    for _ in range(int(timeout * 4)):
        found = await probe()
        if found:
            return found
        await asyncio.sleep(0.25)
    raise AssertionError("it never happened")
