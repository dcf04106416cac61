"""Refusals that come from how a command arrived rather than from the domain rules."""


class StaleVersion(Exception):
    """``If-Match`` named a version the aggregate has moved past (HTTP 412)."""

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"the resource is at version {actual}, not {expected}")
        self.expected, self.actual = expected, actual


class OutsideScope(Exception):
    """The caller does not work in the municipality they tried to write to (HTTP 403)."""
