"""Refusals that come from how a command arrived rather than from the domain rules."""

from uuid import UUID


class StaleVersion(Exception):
    """``If-Match`` named a version the aggregate has moved past (HTTP 412)."""

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"the resource is at version {actual}, not {expected}")
        self.expected, self.actual = expected, actual


class LikelyDuplicate(Exception):
    """Someone with the same names and birth date is already registered in the municipality."""

    def __init__(self, existing_id: UUID) -> None:
        super().__init__("a beneficiary with the same names and birth date already exists")
        self.existing_id = existing_id


class OutsideScope(Exception):
    """The caller does not work in the municipality they tried to write to (HTTP 403)."""
