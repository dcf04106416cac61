"""No secret in the repository; production refuses development keys."""

import base64
import re
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from pydantic import SecretStr

from lgnet_service.production import NotFitForProduction, ensure_fit_for_production
from lgnet_service.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
GIT = shutil.which("git") or "git"

#: patterns of real credentials: private keys, cloud keys, tokens, URLs with passwords
SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "JWT": re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "URL with a password": re.compile(r"\b[a-z+]+://([^/\s:@]+):(?!\$\{)([^@\s/]{6,})@[\w.-]+"),
    "32-byte key in base64": re.compile(
        r"(?i)(master|secret|key)[\w\"' ]*[:=]\s*[\"']?([A-Za-z0-9+/_-]{43}=)"
    ),
}
#: the all-zero development key of docker-compose.yml is public on purpose (and refused)
KNOWN_DEVELOPMENT_VALUES = {base64.b64encode(bytes(32)).decode()}
#: the dev state folder where ``lgnet dev up`` keeps generated secrets
STATE_DIR = ".lgnet"


def tracked_files() -> list[Path]:
    listed = subprocess.run(  # noqa: S603 - a fixed git command

        [GIT, "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_no_credential_is_in_the_repository() -> None:
    found = []
    for path in tracked_files():
        text = path.read_text(errors="ignore")
        for what, pattern in SECRET_PATTERNS.items():
            for match in pattern.finditer(text):
                if not _placeholder(match):
                    found.append(f"{path.relative_to(ROOT)}: {what}: {match.group(0)[:40]}")
    assert found == []


def _placeholder(match: re.Match[str]) -> bool:
    """The public all-zero dev key, or a laptop database login whose password is its name."""
    groups = match.groups()
    if len(groups) == 2 and groups[0] == groups[1]:
        return True
    return match.group(match.lastindex or 0) in KNOWN_DEVELOPMENT_VALUES


def test_the_generated_dev_secrets_are_kept_out_of_git() -> None:
    ignored = subprocess.run(  # noqa: S603 - a fixed git command
        [GIT, "check-ignore", "-q", f"{STATE_DIR}/secrets/master-key"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0
    assert not [p for p in tracked_files() if STATE_DIR in p.relative_to(ROOT).parts]


def production(**values: object) -> ServiceSettings:
    base: dict[str, object] = {
        "env": "production",
        "auth_jwks_url": "https://sso.example.it/realms/lgnet/protocol/openid-connect/certs",
        "auth_issuer": "https://sso.example.it/realms/lgnet",
        "master_key": SecretStr(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()),
    }
    return ServiceSettings(**{**base, **values})  # type: ignore[arg-type]


def test_production_with_real_keys_starts() -> None:
    ensure_fit_for_production(production())


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"auth_hs256_secret": SecretStr("x" * 40)}, "LGNET_AUTH_HS256_SECRET"),
        ({"auth_jwks_url": None}, "LGNET_AUTH_JWKS_URL is missing"),
        ({"auth_jwks_url": "http://sso.example.it/certs"}, "https://"),
        ({"auth_issuer": "lgnet-dev"}, "development issuer"),
        ({"master_key": SecretStr(base64.b64encode(bytes(32)).decode())}, "LGNET_MASTER_KEY"),
    ],
)
def test_production_refuses_to_start_with_development_keys(
    values: dict[str, object], named: str
) -> None:
    with pytest.raises(NotFitForProduction, match=named):
        ensure_fit_for_production(production(**values))


def test_a_real_service_app_refuses_to_be_built_for_production_with_the_dev_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from civic.api.app import create_app

    monkeypatch.setenv("LGNET_ENV", "production")
    monkeypatch.setenv("LGNET_AUTH_HS256_SECRET", "a-development-secret-of-at-least-32-bytes")
    monkeypatch.setenv("LGNET_CIVIC_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(NotFitForProduction):
        create_app()


def test_development_is_not_held_to_production_rules() -> None:
    ensure_fit_for_production(production(env="development", auth_jwks_url=None))
