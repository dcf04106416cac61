"""A front-end's view of one service: calls as one identity, and waiting for what Kafka brings."""

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from lgnet_service.auth.principal import Role

from .conftest import RunningMesh

Check = Callable[[Any], Any]


class Desk:
    def __init__(self, mesh: RunningMesh, service: str, role: Role, municipality: str) -> None:
        self.token = mesh.tokens.token(role, municipality)
        self.url = mesh.urls[service]

    async def post(self, path: str, body: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": str(uuid.uuid4())}
        async with httpx.AsyncClient(base_url=self.url, timeout=15) as client:
            answer = await client.post(path, json=body, headers=headers)
        assert answer.is_success, f"POST {path}: {answer.status_code} {answer.text}"
        return answer.json()

    async def get(self, path: str, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with httpx.AsyncClient(base_url=self.url, timeout=15) as client:
            answer = await client.get(path, params=params, headers=headers)
        assert answer.is_success, f"GET {path}: {answer.status_code} {answer.text}"
        return answer.json()

    async def wait_for(self, path: str, found: Check, timeout: float = 30.0, **params: Any) -> Any:
        """Read *path* until *found* returns something truthy from the body, and return that."""
        deadline = time.monotonic() + timeout
        while True:
            value = found(await self.get(path, **params))
            if value:
                return value
            assert time.monotonic() < deadline, f"nothing came to {path} {params} in {timeout}s"
            await asyncio.sleep(0.3)


def item_with(key: str, value: str) -> Check:
    return lambda page: next((i for i in page["items"] if str(i[key]) == value), None)


def referral_outcome(referral_id: str) -> Check:
    def outcome(case: Any) -> Any:
        return next((r["outcome"] for r in case["referrals"] if r["referral_id"] == referral_id),
                    None)  # fmt: skip

    return outcome
