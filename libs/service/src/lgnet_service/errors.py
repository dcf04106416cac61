"""Errors that become RFC 9457 problem responses. Raise them anywhere below a route."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid field: where it is (``body.names.0``), and why in plain words."""

    field: str
    reason: str


@dataclass
class ProblemError(Exception):
    status: int
    title: str
    detail: str = ""
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    #: a short machine-readable code, rendered as the problem ``type`` (``/problems/<code>``)
    code: str = "error"

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"


def not_found(what: str = "resource") -> ProblemError:
    """Also the answer for another municipality's resource: the two must look the same."""
    return ProblemError(404, "Not Found", f"no such {what}", code="not-found")


def conflict(detail: str, code: str = "conflict") -> ProblemError:
    return ProblemError(409, "Conflict", detail, code=code)


def precondition_failed(detail: str) -> ProblemError:
    return ProblemError(412, "Precondition Failed", detail, code="stale-version")


def unprocessable(detail: str, errors: list[FieldError] | None = None) -> ProblemError:
    return ProblemError(422, "Unprocessable Content", detail, errors or [], code="invalid")


def unauthenticated() -> ProblemError:
    # Deliberately vague: the reason a token was refused helps an attacker, not a user.
    return ProblemError(
        401,
        "Unauthorized",
        "a valid bearer token is required",
        headers={"WWW-Authenticate": 'Bearer realm="lgnet"'},
        code="unauthenticated",
    )


def forbidden(detail: str = "your role does not allow this") -> ProblemError:
    return ProblemError(403, "Forbidden", detail, code="forbidden")
