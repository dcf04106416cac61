"""What the audit API shows of a payload: never ciphertext, never a person's name."""

import re
from typing import Any

SEALED = "[sealed]"
_CIPHERTEXT = re.compile(r"^lgnet:v1:")
#: clear-text fields naming a person (a tutor is staff, but a person all the same)
_NAMES = frozenset({"tutor"})


def redact(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: redact(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    if isinstance(value, str) and (key in _NAMES or _CIPHERTEXT.match(value)):
        return SEALED
    return value
