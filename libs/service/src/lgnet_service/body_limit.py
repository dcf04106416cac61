"""Refuses request bodies larger than ``max_body_bytes`` with a 413 problem."""

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lgnet_service.problems import PROBLEM_JSON, problem_body

TOO_LARGE = 413


class BodySizeLimit:
    """Checks ``Content-Length`` up front, and counts streamed (chunked) bodies as they arrive."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app, self.max_body_bytes = app, max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._refuse(scope, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body_bytes:
                # HTTPException passes through FastAPI's body parsing to the problem handler.
                raise HTTPException(TOO_LARGE, self._detail())
            return message

        return counted

    def _detail(self) -> str:
        return f"the request body is larger than {self.max_body_bytes} bytes"

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = problem_body(TOO_LARGE, "content-too-large", self._detail(), scope["path"])
        response = JSONResponse(body, status_code=TOO_LARGE, media_type=PROBLEM_JSON)

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)
