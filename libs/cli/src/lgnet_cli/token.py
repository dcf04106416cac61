"""``lgnet token``: a development bearer token (HS256, DESIGN 7)."""

import re
from datetime import timedelta
from typing import Annotated

import typer

from lgnet_cli.console import fail, print_raw
from lgnet_devstack.credentials import dev_auth_secret
from lgnet_devstack.state import StateDir, default_state_dir
from lgnet_events.municipalities import MUNICIPALITIES
from lgnet_service.auth.principal import ROLES, Role
from lgnet_service.auth.tokens import MIN_SECRET_BYTES, mint_dev_token

EVERY_MUNICIPALITY = "*"
_TTL = re.compile(r"^(\d+)([smhd]?)$")
_UNITS = {"": "seconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_ttl(text: str) -> timedelta:
    """``90`` (seconds), ``30m``, ``8h``, ``7d``."""
    match = _TTL.match(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"--ttl {text!r}: use a positive number with s, m, h or d (e.g. 8h)")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def check_roles(roles: list[str]) -> list[Role]:
    known = sorted(ROLES)
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise ValueError(f"unknown role {unknown[0]!r}: choose from {', '.join(known)}")
    return [role for role in known if role in roles]


def check_municipalities(codes: list[str]) -> list[str]:
    if EVERY_MUNICIPALITY in codes:
        if len(set(codes)) > 1:
            raise ValueError("--municipality '*' means every municipality: give it alone")
        return [EVERY_MUNICIPALITY]
    unknown = [code for code in codes if code not in MUNICIPALITIES]
    if unknown:
        raise ValueError(
            f"unknown municipality {unknown[0]!r}: use '*' or one of {', '.join(MUNICIPALITIES)}"
        )
    return sorted(set(codes))


def dev_token(
    secret: str, sub: str, roles: list[str], municipalities: list[str], ttl: timedelta
) -> str:
    """Validated claims, signed with *secret*; ``ValueError`` says what is wrong."""
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ValueError(f"LGNET_AUTH_HS256_SECRET must be at least {MIN_SECRET_BYTES} bytes")
    return mint_dev_token(
        secret, sub, check_roles(roles), check_municipalities(municipalities), ttl=ttl
    )


def token(
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            "-r",
            help=f"Role, repeatable: {', '.join(sorted(ROLES))}.",
            show_default=False,
        ),
    ],
    municipality: Annotated[
        list[str],
        typer.Option(
            "--municipality",
            "-m",
            help="Municipality code (e.g. bologna), repeatable; '*' for every municipality.",
            show_default=False,
        ),
    ],
    sub: Annotated[str, typer.Option(help="Subject: who the token speaks for.")] = "dev-user",
    ttl: Annotated[str, typer.Option(help="Lifetime: seconds, or 30m, 8h, 7d.")] = "8h",
) -> None:
    """Print a development token (HS256) that the services of `lgnet dev up` accept.

    The secret is LGNET_AUTH_HS256_SECRET, else the one kept in the state folder
    (.lgnet/secrets/), the same that `lgnet dev up` gives the services. Use it as
    `curl -H "Authorization: Bearer $(lgnet token -r operator -m bologna)" ...`.
    """
    try:
        secret = dev_auth_secret(StateDir(default_state_dir()))
        roles = [r.lower() for r in role]
        codes = [m.lower() for m in municipality]
        print_raw(dev_token(secret, sub, roles, codes, parse_ttl(ttl)))
    except ValueError as error:
        fail(str(error))
