"""Civic's refusals as RFC 9457 problems."""

from typing import cast

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from civic.domain import errors
from civic.handlers.errors import OutsideScope, StaleVersion
from lgnet_events.store import ConcurrencyConflict
from lgnet_service.errors import (
    FieldError,
    ProblemError,
    conflict,
    forbidden,
    precondition_failed,
    unprocessable,
)
from lgnet_service.problems import problem_response


def domain_problem(error: errors.DomainError) -> ProblemError:
    if isinstance(error, errors.Missing):
        return ProblemError(404, "Not Found", error.detail, code="not-found")
    if isinstance(error, errors.Invalid):
        return unprocessable(error.detail, [FieldError(error.field, error.detail)])
    return conflict(error.detail, code=error.code)


async def _domain(request: Request, error: Exception) -> JSONResponse:
    return problem_response(request, domain_problem(cast(errors.DomainError, error)))


async def _stale(request: Request, error: Exception) -> JSONResponse:
    return problem_response(request, precondition_failed(str(error)))


async def _concurrent(request: Request, error: Exception) -> JSONResponse:
    detail = "someone else changed this resource at the same moment: reload and retry"
    return problem_response(request, conflict(detail, code="concurrent-write"))


async def _outside(request: Request, error: Exception) -> JSONResponse:
    return problem_response(request, forbidden(str(error)))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(errors.DomainError, _domain)
    app.add_exception_handler(StaleVersion, _stale)
    app.add_exception_handler(ConcurrencyConflict, _concurrent)
    app.add_exception_handler(OutsideScope, _outside)
