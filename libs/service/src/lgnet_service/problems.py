"""RFC 9457 ``application/problem+json`` responses for every error a service can meet."""

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lgnet_service.errors import FieldError, ProblemError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
#: Stable problem codes where Python's status phrases differ between versions.
HTTP_CODES = {413: "content-too-large", 422: "invalid"}


class ProblemField(BaseModel):
    field: str
    reason: str


class Problem(BaseModel):
    """The body of every error response (documented in OpenAPI)."""

    type: str
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[ProblemField] = []


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_body(
    status: int, code: str, detail: str, instance: str, errors: Sequence[FieldError] = ()
) -> dict[str, Any]:
    return {
        "type": f"/problems/{code}",
        "title": status_phrase(status),
        "status": status,
        "detail": detail,
        "instance": instance,
        "errors": [{"field": e.field, "reason": e.reason} for e in errors],
    }


def problem_response(
    request: Request, error: ProblemError, extra: dict[str, Any] | None = None
) -> JSONResponse:
    body = problem_body(error.status, error.code, error.detail, request.url.path, error.errors)
    body["title"] = error.title
    return JSONResponse(
        {**body, **(extra or {})},
        status_code=error.status,
        headers=error.headers or None,
        media_type=PROBLEM_JSON,
    )


def field_name(location: Sequence[int | str]) -> str:
    """``("body", "names", 0)`` -> ``body.names.0``."""
    return ".".join(str(part) for part in location)


def reason_of(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "is invalid"))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def validation_problem(error: RequestValidationError) -> ProblemError:
    details = list(error.errors())
    malformed = [e for e in details if e.get("type") == "json_invalid"]
    if malformed:
        why = malformed[0].get("ctx", {}).get("error", "unreadable")
        at = malformed[0]["loc"][-1]
        reason = f"the body is not valid JSON ({why} at character {at})"
        return ProblemError(
            400, "Bad Request", reason, [FieldError("body", reason)], code="malformed-json"
        )
    fields = [FieldError(field_name(e["loc"]), reason_of(e)) for e in details]
    detail = f"{len(fields)} invalid field{'s' if len(fields) != 1 else ''}"
    return ProblemError(422, "Unprocessable Content", detail, fields, code="invalid")


def http_problem(request: Request, error: HTTPException) -> ProblemError:
    status = error.status_code
    phrase = status_phrase(status)
    detail = str(error.detail) if error.detail != phrase else ""
    if status == 404 and not detail:
        detail = f"nothing at {request.url.path}"
    elif status == 405 and not detail:
        detail = f"{request.method} is not allowed on {request.url.path}"
    code = HTTP_CODES.get(status) or phrase.lower().replace(" ", "-")
    return ProblemError(status, phrase, detail, headers=dict(error.headers or {}), code=code)


def as_problem(request: Request, error: Exception) -> ProblemError:
    if isinstance(error, ProblemError):
        return error
    if isinstance(error, RequestValidationError):
        return validation_problem(error)
    if isinstance(error, HTTPException):
        return http_problem(request, error)
    return ProblemError(500, "Internal Server Error", "the server failed", code="internal")


async def _on_error(request: Request, error: Exception) -> JSONResponse:
    return problem_response(request, as_problem(request, error))


class UnhandledErrors:
    """Turns any escaped exception into a 500 problem that reveals nothing; logs the traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if started:
                raise
            await internal_error(scope)(scope, receive, send)


def internal_error(scope: Scope) -> JSONResponse:
    body = problem_body(500, "internal", "the server failed; the error was logged", scope["path"])
    return JSONResponse(body, status_code=500, media_type=PROBLEM_JSON)


def install_problem_handlers(app: FastAPI) -> None:
    """Render ProblemError, validation errors, HTTP errors and crashes as problem+json."""
    for kind in (ProblemError, RequestValidationError, HTTPException):
        app.add_exception_handler(kind, _on_error)
    app.add_middleware(UnhandledErrors)
