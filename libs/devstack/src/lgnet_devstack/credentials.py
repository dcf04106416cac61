"""Development secrets: the HS256 token secret and the personal-data master key.

Each comes from its environment variable when set, else from the state folder, where it is
made once and kept, so tokens and encrypted data stay valid across ``lgnet dev up`` runs.
"""

import base64
import os
import secrets

from lgnet_devstack.state import StateDir

AUTH_SECRET_VARIABLE = "LGNET_AUTH_HS256_SECRET"  # noqa: S105 - a variable name
MASTER_KEY_VARIABLE = "LGNET_MASTER_KEY"
DEV_ISSUER = "lgnet-dev"
DEV_AUDIENCE = "lgnet"


def dev_auth_secret(state: StateDir) -> str:
    return os.environ.get(AUTH_SECRET_VARIABLE) or state.secret(
        "auth-hs256-secret", lambda: secrets.token_urlsafe(48)
    )


def dev_master_key(state: StateDir) -> str:
    """URL-safe base64 of 32 random bytes (an AES-256 key)."""
    return os.environ.get(MASTER_KEY_VARIABLE) or state.secret(
        "master-key", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
