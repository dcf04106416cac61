"""What can go wrong with personal data encryption."""


class PrivacyError(Exception):
    """Base of every lgnet_privacy error."""


class MasterKeyError(PrivacyError):
    """``LGNET_MASTER_KEY`` is missing, not base64, not 32 bytes, or not the key that wrapped."""


class TamperedError(PrivacyError):
    """A ciphertext failed authentication: altered, truncated, or another person's."""


class MissingKeyError(PrivacyError):
    """No data key was ever created for this beneficiary."""


class ErasedError(PrivacyError):
    """The beneficiary's key was destroyed: nothing new may be sealed for them."""
