"""Why the domain refuses a command. The API turns each kind into its HTTP status."""


class DomainError(Exception):
    """A command that the current state of an aggregate does not allow."""

    code = "rejected"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Rejected(DomainError):
    """Well formed, but in conflict with the aggregate's state (HTTP 409)."""


class Invalid(DomainError):
    """Not acceptable whatever the state (HTTP 422), about one field of the body."""

    code = "invalid"

    def __init__(self, detail: str, field: str = "body") -> None:
        super().__init__(detail)
        self.field = field


class Missing(DomainError):
    """The aggregate the command addresses does not exist (HTTP 404)."""

    code = "not-found"


class AlreadyExists(Rejected):
    code = "already-exists"


class UnderRefurbishment(Rejected):
    code = "unit-under-refurbishment"


class NotUnderRefurbishment(Rejected):
    code = "unit-not-under-refurbishment"


class UnitOccupied(Rejected):
    code = "unit-occupied"


class NoFreeBed(Rejected):
    code = "no-free-bed"


class AlreadyPlaced(Rejected):
    code = "already-placed"


class AlreadyDecided(Rejected):
    code = "request-decided"


class AlreadyEnded(Rejected):
    code = "already-ended"
