"""Why the domain refuses a command. The API turns each kind into its HTTP status."""


class DomainError(Exception):
    """A command that the current state of an aggregate does not allow."""

    code = "rejected"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Rejected(DomainError):
    """Well formed, but in conflict with the state of an aggregate (HTTP 409)."""


class Missing(DomainError):
    """The aggregate the command addresses does not exist (HTTP 404)."""

    code = "not-found"


class Invalid(DomainError):
    """Not acceptable whatever the state (HTTP 422), pointing at the field to blame."""

    code = "invalid"

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field


class AlreadyExists(Rejected):
    code = "already-exists"


class AlreadyDecided(Rejected):
    code = "candidate-decided"


class CandidateNotAccepted(Rejected):
    code = "candidate-not-accepted"


class PersonalDataErased(Rejected):
    code = "personal-data-erased"


class ProjectFull(Rejected):
    code = "project-full"


class AlreadyEnrolled(Rejected):
    code = "already-enrolled"


class ProjectFinished(Rejected):
    code = "individual-project-finished"


class DayFull(Rejected):
    code = "day-full"
