"""AES-256-GCM envelope encryption: data keys per person, wrapped by one master key.

The person's id is the associated data of both the wrapped key and every ciphertext,
so neither can be moved to another person's record without failing authentication.
"""

import base64
import binascii
import os
import secrets
from dataclasses import dataclass, field
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from lgnet_privacy.errors import MasterKeyError, TamperedError

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
PREFIX = "lgnet:v1:"
MASTER_KEY_VARIABLE = "LGNET_MASTER_KEY"


@dataclass(frozen=True)
class DataKey:
    """One person's key. Never stored in clear; its repr never shows it."""

    secret: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> "DataKey":
        return cls(secrets.token_bytes(KEY_BYTES))


@dataclass(frozen=True)
class MasterKey:
    """The key that wraps every data key; from ``LGNET_MASTER_KEY`` (base64 of 32 bytes)."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise MasterKeyError(
                f"the master key must be {KEY_BYTES} bytes, got {len(self.secret)}"
            )

    @classmethod
    def generate(cls) -> "MasterKey":
        return cls(secrets.token_bytes(KEY_BYTES))

    @classmethod
    def from_text(cls, text: str) -> "MasterKey":
        """Standard or URL-safe base64, padding optional."""
        cleaned = text.strip().replace("-", "+").replace("_", "/")
        try:
            raw = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
        except binascii.Error:
            raise MasterKeyError(f"{MASTER_KEY_VARIABLE} is not valid base64") from None
        return cls(raw)

    @classmethod
    def from_environment(cls) -> "MasterKey":
        text = os.environ.get(MASTER_KEY_VARIABLE, "")
        if not text.strip():
            raise MasterKeyError(
                f"{MASTER_KEY_VARIABLE} is not set: generate one with "
                '`python -c "import secrets,base64;print(base64.urlsafe_b64encode'
                '(secrets.token_bytes(32)).decode())"`'
            )
        return cls.from_text(text)

    def as_text(self) -> str:
        return base64.urlsafe_b64encode(self.secret).decode()


def associated_data(beneficiary_id: UUID) -> bytes:
    return str(beneficiary_id).encode()


def wrap(master: MasterKey, beneficiary_id: UUID, key: DataKey) -> bytes:
    """nonce || AES-GCM(master, key, aad=beneficiary id)."""
    return _encrypt(master.secret, key.secret, associated_data(beneficiary_id))


def unwrap(master: MasterKey, beneficiary_id: UUID, wrapped: bytes) -> DataKey:
    try:
        return DataKey(_decrypt(master.secret, wrapped, associated_data(beneficiary_id)))
    except TamperedError:
        raise MasterKeyError(
            "a data key could not be unwrapped: wrong master key, or the key row was altered"
        ) from None


def seal_bytes(key: DataKey, beneficiary_id: UUID, plaintext: bytes) -> str:
    """``lgnet:v1:`` + URL-safe base64 of nonce || ciphertext || tag."""
    blob = _encrypt(key.secret, plaintext, associated_data(beneficiary_id))
    return PREFIX + base64.urlsafe_b64encode(blob).decode()


def open_bytes(key: DataKey, beneficiary_id: UUID, sealed: str) -> bytes:
    if not sealed.startswith(PREFIX):
        raise TamperedError("not an lgnet:v1 ciphertext")
    try:
        blob = base64.b64decode(sealed.removeprefix(PREFIX), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise TamperedError("the ciphertext is not valid base64") from None
    return _decrypt(key.secret, blob, associated_data(beneficiary_id))


def _encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise TamperedError("the ciphertext is too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise TamperedError("the ciphertext failed authentication") from None
