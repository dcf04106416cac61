import base64
import re
from uuid import uuid4

import pytest

from lgnet_privacy import (
    DataKey,
    MasterKey,
    MasterKeyError,
    TamperedError,
    open_bytes,
    seal_bytes,
    unwrap,
    wrap,
)

SEALED_PATTERN = re.compile(r"^lgnet:v1:[A-Za-z0-9_\-]+={0,2}$")
PERSON = uuid4()


def test_a_sealed_value_opens_to_the_same_bytes() -> None:
    key = DataKey.generate()

    assert open_bytes(key, PERSON, seal_bytes(key, PERSON, b"Amina Diallo")) == (b"Amina Diallo")


@pytest.mark.parametrize("size", [0, 1, 2, 3, 100])
def test_ciphertexts_match_the_catalogs_sealed_pattern(size: int) -> None:
    assert SEALED_PATTERN.match(seal_bytes(DataKey.generate(), PERSON, b"x" * size))


def test_sealing_twice_gives_different_ciphertexts() -> None:
    key = DataKey.generate()

    assert seal_bytes(key, PERSON, b"same") != seal_bytes(key, PERSON, b"same")


def flip_one_byte(sealed: str) -> str:
    blob = bytearray(base64.urlsafe_b64decode(sealed.removeprefix("lgnet:v1:")))
    blob[-1] ^= 1
    return "lgnet:v1:" + base64.urlsafe_b64encode(bytes(blob)).decode()


@pytest.mark.parametrize(
    "damage",
    [flip_one_byte, lambda s: s[:-8], lambda s: "lgnet:v2:" + s[9:], lambda s: s + "!!"],
    ids=["flipped bit", "truncated", "wrong version", "not base64"],
)
def test_a_damaged_ciphertext_is_detected(damage: object) -> None:
    key = DataKey.generate()
    sealed = seal_bytes(key, PERSON, b"secret")

    with pytest.raises(TamperedError):
        open_bytes(key, PERSON, damage(sealed))  # type: ignore[operator]


def test_one_persons_ciphertext_cannot_be_opened_as_anothers() -> None:
    key = DataKey.generate()
    sealed = seal_bytes(key, PERSON, b"secret")

    with pytest.raises(TamperedError):
        open_bytes(key, uuid4(), sealed)


def test_a_wrapped_key_unwraps_only_for_its_person_and_master() -> None:
    master, key = MasterKey.generate(), DataKey.generate()
    wrapped = wrap(master, PERSON, key)

    assert unwrap(master, PERSON, wrapped) == key
    assert key.secret not in wrapped
    with pytest.raises(MasterKeyError):
        unwrap(master, uuid4(), wrapped)
    with pytest.raises(MasterKeyError):
        unwrap(MasterKey.generate(), PERSON, wrapped)


def test_the_master_key_reads_standard_and_url_safe_base64() -> None:
    raw = bytes(range(250, 256)) * 5 + b"ab"
    for text in (base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()):
        assert MasterKey.from_text(text).secret == raw
    assert MasterKey.from_text(base64.urlsafe_b64encode(raw).decode().rstrip("=")).secret == raw


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (base64.b64encode(b"k" * 16).decode(), "32 bytes, got 16"),
        (base64.b64encode(b"k" * 64).decode(), "32 bytes, got 64"),
        ("not base64 at all!", "not valid base64"),
    ],
)
def test_a_wrong_master_key_is_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(MasterKeyError, match=message):
        MasterKey.from_text(text)


def test_a_missing_master_key_variable_says_how_to_make_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LGNET_MASTER_KEY", raising=False)

    with pytest.raises(MasterKeyError, match="LGNET_MASTER_KEY is not set"):
        MasterKey.from_environment()


def test_the_master_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    master = MasterKey.generate()
    monkeypatch.setenv("LGNET_MASTER_KEY", master.as_text())

    assert MasterKey.from_environment() == master


def test_keys_never_show_in_their_repr() -> None:
    master, key = MasterKey.generate(), DataKey.generate()

    assert master.as_text() not in repr(master)
    assert repr(key.secret) not in repr(key)
