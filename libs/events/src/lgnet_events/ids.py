"""UUIDv7 identifiers: time-ordered, so event ids sort roughly by creation time."""

import os
import time
import uuid


def uuid7() -> uuid.UUID:
    """Return a new RFC 9562 version-7 UUID (48-bit Unix milliseconds, 74 random bits)."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & 0x3FFF_FFFF_FFFF_FFFF
    return uuid.UUID(int=value)
