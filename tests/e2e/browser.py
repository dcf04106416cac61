"""Debian's headless Chromium driven over the DevTools protocol: no browser download, no JS.

Only what the tests need: open a page with request headers (the bearer token), read its
text, take a screenshot.
"""

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import websockets

#: Flags for a closed network and a root user (see the machine notes): no sandbox, no
#: background connections, a throwaway profile.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-address=127.0.0.1",
)  # fmt: skip


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    def __init__(self, connection: Any) -> None:
        self._ws = connection
        self._ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self._ids)
        await self._ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(await self._ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def open(self, url: str, headers: dict[str, str]) -> None:
        await self.send("Network.enable")
        await self.send("Network.setExtraHTTPHeaders", headers=headers)
        await self.send("Page.enable")
        await self.send("Page.navigate", url=url)
        async with asyncio.timeout(20):
            while await self.evaluate("document.readyState") != "complete":
                await asyncio.sleep(0.1)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def screenshot(self) -> bytes:
        shot = await self.send("Page.captureScreenshot", format="png")
        return base64.b64decode(shot["data"])


@asynccontextmanager
async def chromium_page(port: int) -> AsyncIterator[Page]:
    binary = chromium_binary()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="lgnet-chromium-") as profile:
        argv = [binary, *FLAGS, f"--remote-debugging-port={port}", f"--user-data-dir={profile}"]
        process = await asyncio.create_subprocess_exec(
            *argv, "about:blank", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            target = await _page_target(port)
            async with websockets.connect(target, max_size=None) as connection:
                yield Page(connection)
        finally:
            process.terminate()
            await process.wait()


async def _page_target(port: int) -> str:
    async with httpx.AsyncClient() as client, asyncio.timeout(30):
        while True:
            try:
                targets = (await client.get(f"http://127.0.0.1:{port}/json/list")).json()
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    return str(pages[0]["webSocketDebuggerUrl"])
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
