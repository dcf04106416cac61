"""Personal data protection: per-person envelope encryption and erasure by key destruction."""

from lgnet_privacy.crypto import (
    MASTER_KEY_VARIABLE,
    DataKey,
    MasterKey,
    open_bytes,
    seal_bytes,
    unwrap,
    wrap,
)
from lgnet_privacy.errors import (
    ErasedError,
    MasterKeyError,
    MissingKeyError,
    PrivacyError,
    TamperedError,
)
from lgnet_privacy.keystore import KeyStore, beneficiary_keys, metadata, rewrap
from lgnet_privacy.vault import ERASED, Erased, PersonalDataVault, PersonalValue

__all__ = [
    "ERASED",
    "MASTER_KEY_VARIABLE",
    "DataKey",
    "Erased",
    "ErasedError",
    "KeyStore",
    "MasterKey",
    "MasterKeyError",
    "MissingKeyError",
    "PersonalDataVault",
    "PersonalValue",
    "PrivacyError",
    "TamperedError",
    "beneficiary_keys",
    "metadata",
    "open_bytes",
    "rewrap",
    "seal_bytes",
    "unwrap",
    "wrap",
]
