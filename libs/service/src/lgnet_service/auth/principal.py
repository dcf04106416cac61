"""Who is calling: the subject of a verified token, their roles and their municipalities."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, cast, get_args

from lgnet_events.municipalities import MUNICIPALITIES, Municipality

Role = Literal["operator", "coordinator", "national_office", "auditor", "admin"]
ROLES: frozenset[Role] = frozenset(get_args(Role))

ALL_MUNICIPALITIES: frozenset[Municipality] = frozenset(
    cast(tuple[Municipality, ...], MUNICIPALITIES)
)
#: the ``municipalities`` claim that grants every municipality
EVERY_MUNICIPALITY = "*"


class InvalidClaims(ValueError):
    """The token was genuine but its roles or municipalities are not ones LGNet knows."""


@dataclass(frozen=True, slots=True)
class Principal:
    sub: str
    roles: frozenset[Role]
    municipalities: frozenset[Municipality]

    @classmethod
    def from_claims(
        cls, sub: str, roles: Iterable[str], municipalities: Iterable[str]
    ) -> "Principal":
        """From token claims: ``["*"]`` means every municipality; unknown values are refused."""
        return cls(sub=sub, roles=_roles(roles), municipalities=_municipalities(municipalities))

    @property
    def sees_all(self) -> bool:
        return self.municipalities == ALL_MUNICIPALITIES

    def can_see(self, municipality: str) -> bool:
        return municipality in self.municipalities

    def has_any(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)


def _roles(claimed: Iterable[str]) -> frozenset[Role]:
    roles = frozenset(claimed)
    if not roles or not roles <= ROLES:
        raise InvalidClaims("roles must be a non-empty list of known roles")
    return cast(frozenset[Role], roles)


def _municipalities(claimed: Iterable[str]) -> frozenset[Municipality]:
    codes = frozenset(claimed)
    if codes == {EVERY_MUNICIPALITY}:
        return ALL_MUNICIPALITIES
    if not codes or not codes <= ALL_MUNICIPALITIES:
        raise InvalidClaims('municipalities must be known codes, or ["*"]')
    return cast(frozenset[Municipality], codes)
