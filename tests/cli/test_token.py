import base64
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
from typer.testing import CliRunner

from lgnet_cli.main import app
from lgnet_cli.token import check_municipalities, parse_ttl
from lgnet_service.auth.tokens import TokenVerifier

SECRET = base64.urlsafe_b64encode(b"s" * 40).decode()


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("LGNET_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("LGNET_AUTH_HS256_SECRET", SECRET)
    return CliRunner()


def decode(token: str) -> dict[str, object]:
    claims: dict[str, object] = jwt.decode(
        token, SECRET, algorithms=["HS256"], audience="lgnet", issuer="lgnet-dev"
    )
    return claims


def test_a_token_verifies_and_carries_the_requested_claims(runner: CliRunner) -> None:
    argv = ["token", "--role", "operator", "-m", "bologna", "-m", "roma", "--sub", "anna"]
    result = runner.invoke(app, argv)

    assert result.exit_code == 0, result.output
    claims = decode(result.stdout.strip())
    assert claims["sub"] == "anna"
    assert claims["roles"] == ["operator"]
    assert claims["municipalities"] == ["bologna", "roma"]
    assert {"iat", "nbf", "exp"} <= claims.keys()


def test_the_token_is_accepted_by_the_service_verifier(runner: CliRunner) -> None:
    result = runner.invoke(app, ["token", "-r", "coordinator", "-r", "admin", "-m", "*"])

    principal = TokenVerifier.with_secret(SECRET).verify(result.stdout.strip())
    assert principal.roles == {"coordinator", "admin"}
    assert principal.sees_all


def test_the_lifetime_follows_ttl(runner: CliRunner) -> None:
    result = runner.invoke(app, ["token", "-r", "auditor", "-m", "*", "--ttl", "30m"])

    claims = decode(result.stdout.strip())
    assert claims["exp"] == claims["iat"] + 30 * 60  # type: ignore[operator]


def test_an_unknown_role_is_refused_with_the_known_ones_listed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["token", "--role", "boss", "--municipality", "bologna"])

    assert result.exit_code != 0
    assert "unknown role 'boss'" in result.stderr
    assert "national_office" in result.stderr
    assert result.stdout == ""


def test_an_unknown_municipality_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["token", "--role", "operator", "--municipality", "atlantis"])

    assert result.exit_code != 0
    assert "unknown municipality 'atlantis'" in result.stderr


def test_a_token_needs_a_role(runner: CliRunner) -> None:
    result = runner.invoke(app, ["token", "--municipality", "bologna"])

    assert result.exit_code != 0


def test_without_a_configured_secret_one_is_made_and_kept_in_the_state_folder(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LGNET_AUTH_HS256_SECRET")
    first = runner.invoke(app, ["token", "-r", "operator", "-m", "torino"])
    second = runner.invoke(app, ["token", "-r", "operator", "-m", "torino"])

    kept = (tmp_path / "secrets" / "auth-hs256-secret").read_text().strip()
    for result in (first, second):
        jwt.decode(result.stdout.strip(), kept, algorithms=["HS256"], audience="lgnet")
    assert (tmp_path / "secrets" / "auth-hs256-secret").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("text", "lifetime"),
    [("90", timedelta(seconds=90)), ("30m", timedelta(minutes=30)), ("8h", timedelta(hours=8)),
     ("7d", timedelta(days=7))],
)  # fmt: skip
def test_lifetimes_read_with_units(text: str, lifetime: timedelta) -> None:
    assert parse_ttl(text) == lifetime


@pytest.mark.parametrize("text", ["0", "-1h", "soon", "8w"])
def test_nonsense_lifetimes_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="--ttl"):
        parse_ttl(text)


def test_every_municipality_cannot_be_mixed_with_codes() -> None:
    with pytest.raises(ValueError, match="give it alone"):
        check_municipalities(["*", "roma"])
