"""The Dockerfile installs exactly the hash-locked dependency set, runs as a non-root user, and
its command and health check fit the code (checked by parsing: there is no Docker engine)."""

import fnmatch
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from lgnet_events.topics import SERVICES

from .codebase import ROOT

DOCKERFILE = ROOT / "Dockerfile"

Instruction = tuple[str, str]


def instructions() -> list[Instruction]:
    """``(KEYWORD, arguments)`` with line continuations joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines()]
    found = [line.split(None, 1) for line in lines if line and not line.startswith("#")]
    return [(words[0].upper(), words[1] if len(words) > 1 else "") for words in found]


def stages() -> list[list[Instruction]]:
    split: list[list[Instruction]] = []
    for keyword, arguments in instructions():
        if keyword == "FROM":
            split.append([])
        if split:
            split[-1].append((keyword, arguments))
    return split


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    """``{name: version}`` of requirements.lock, where every entry carries hashes."""
    text = (ROOT / "requirements.lock").read_text()
    entries = re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)((?:\s*\\\n\s+--hash=\S+)+)", text, re.M)
    assert len(entries) == len(re.findall(r"^[A-Za-z0-9]", text, re.M))
    return {normalized(re.sub(r"\[.*\]", "", n)): v for n, v, _ in entries}


def declared() -> dict[str, str]:
    """``{name: version}`` of pyproject.toml's runtime dependencies (all pinned)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [
        re.fullmatch(r"([A-Za-z0-9_.\-]+)(?:\[.*\])?==(\S+)", d) for d in project["dependencies"]
    ]
    assert all(pins)
    return {normalized(p.group(1)): p.group(2) for p in pins if p}


def test_every_stage_starts_from_python_3_11_slim() -> None:
    [default] = re.findall(r"^ARG PYTHON_IMAGE=(\S+)$", DOCKERFILE.read_text(), re.M)
    assert default == "python:3.11-slim"
    assert [s[0][1].split()[0] for s in stages()] == ["${PYTHON_IMAGE}", "${PYTHON_IMAGE}"]


def test_dependencies_come_only_from_the_lock_with_hashes_then_the_project_without_deps() -> None:
    installs = [a for k, a in instructions() if k == "RUN" and "pip install" in a]
    assert installs[0].endswith("pip install --require-hashes -r requirements.lock")
    assert installs[1:] == ["/opt/lgnet/bin/pip install --no-deps --no-build-isolation ."]
    copies = [a for k, a in instructions() if k == "COPY"]
    assert copies.index("requirements.lock ./") < copies.index("pyproject.toml README.md ./")


def test_the_lock_pins_every_dependency_of_the_project_at_its_version() -> None:
    lock = locked()
    assert {name: lock.get(name) for name in declared()} == declared()
    assert "hatchling" in lock  # the build backend, for --no-build-isolation


def test_the_image_runs_as_a_non_root_user_with_a_health_check_on_health() -> None:
    final = stages()[-1]
    [user] = [a for k, a in final if k == "USER"]
    assert user.split(":")[0] not in {"0", "root"}
    [check] = [a for k, a in final if k == "HEALTHCHECK"]
    assert "/health" in check
    assert "os.environ['PORT']" in check


def test_the_command_starts_the_service_named_by_the_environment() -> None:
    [command] = [a for k, a in stages()[-1] if k == "CMD"]
    assert '--factory \\"${SERVICE}.api.app:create_app\\"' in command
    assert '--port \\"${PORT}\\"' in command
    env = " ".join(a for k, a in stages()[-1] if k == "ENV")
    assert "LGNET_LOG_FORMAT=json" in env


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_the_app_factory_the_command_names(service: str) -> None:
    module = __import__(f"{service}.api.app", fromlist=["create_app"])
    assert callable(module.create_app)


def ignored(path: Path, patterns: list[str]) -> bool:
    """Whether .dockerignore keeps *path* (relative) out of the build context."""
    for candidate in [path, *path.parents]:
        text = candidate.as_posix()
        for pattern in patterns:
            bare = pattern.removeprefix("**/")
            if fnmatch.fnmatch(text, pattern) or (bare != pattern and candidate.name == bare):
                return True
    return False


def test_dockerignore_keeps_what_the_build_copies_and_leaves_out_the_rest() -> None:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line for line in lines if line and not line.startswith("#")]
    copied = [Path("requirements.lock"), Path("pyproject.toml"), Path("README.md")]
    sources = [*ROOT.glob("libs/*/src/**/*.py"), *ROOT.glob("services/*/src/**/*")]
    copied += [p.relative_to(ROOT) for p in sources if "__pycache__" not in p.parts]
    assert [p for p in copied if ignored(p, patterns)] == []
    for kept_out in (".venv/bin/python", ".git/HEAD", ".lgnet/token", "services/intake/tests/x"):
        assert ignored(Path(kept_out), patterns), kept_out


def test_the_project_wheel_holds_every_service_with_its_migrations(tmp_path: Path) -> None:
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, str(ROOT), "-w", str(tmp_path)], check=True, timeout=120)  # noqa: S603
    [wheel] = tmp_path.glob("lgnet-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for service in SERVICES:
        assert f"{service}/api/app.py" in names
        assert f"{service}/migrations/env.py" in names
        assert [n for n in names if n.startswith(f"{service}/migrations/versions/")]
    assert "reporting/templates/dashboard.html" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requires = re.findall(
        r"^Requires-Dist: (.+)$", zipfile.ZipFile(wheel).read(metadata).decode(), re.M
    )
    runtime = [r for r in requires if "extra ==" not in r]
    pinned = {normalized(r.split("==")[0].split("[")[0]): r.split("==")[1] for r in runtime}
    assert pinned == declared()
