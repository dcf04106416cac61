"""Schemathesis against each service's OpenAPI with a valid token: no 5xx, and every answer
matches the documented schema. Bounded here; ``make fuzz`` sets ``LGNET_FUZZ_EXAMPLES`` higher."""

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lgnet_service.auth import Role, mint_dev_token
from tests.e2e.conftest import RunningMesh

from .catalogue import SERVICES

EXAMPLES = int(os.environ.get("LGNET_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]  # fmt: skip
#: every role at once, so that each route is reached past its role check
ROLES: list[Role] = ["operator", "coordinator", "national_office", "auditor", "admin"]


def fuzz_service(url: str, token: str) -> list[str]:
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        failures += fuzz_operation(operation, url, token)
    return failures


def fuzz_operation(operation: Any, url: str, token: str) -> list[str]:
    failures: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        try:
            case.call_and_validate(base_url=url, headers=headers, checks=CHECKS)
        except Exception as error:
            failures.append(f"{operation.label}: {str(error)[:400]}")

    try:
        run()
    except Exception as error:
        failures.append(f"{operation.label}: {str(error)[:1200]}")
    return failures


@pytest.mark.parametrize("service", SERVICES)
def test_fuzzed_requests_with_a_valid_token_get_no_5xx_and_documented_answers(
    mesh: RunningMesh, secret: str, service: str
) -> None:
    token = mint_dev_token(secret, f"fuzzer-{service}", ROLES, ["bologna", "genova"])
    failures = fuzz_service(mesh.urls[service], token)
    assert failures == [], "\n\n".join(sorted(set(failures))[:20])
