"""What an operator does to reporting from a shell: ``lgnet reporting rebuild|reconsume``.

The real CLI runs as a subprocess pointed at the mesh the way a developer's shell is pointed
at ``lgnet dev up``: through the stack's state directory (``LGNET_STATE_DIR``)."""

import asyncio
import os
import sys

import asyncpg

from lgnet_devstack.state import STATE_DIR_VARIABLE

from .conftest import RunningMesh

#: a rebuild of the e2e scenario takes seconds; a reconsume waits for a consumer group to join
CLI_TIMEOUT = 180.0


async def lgnet(mesh: RunningMesh, *args: str) -> str:
    """Run ``lgnet *args`` against the mesh; its output (stdout and stderr) if it succeeds."""
    environment = {**os.environ, STATE_DIR_VARIABLE: str(mesh.state.root), "COLUMNS": "200"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "lgnet_cli", *args, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    async with asyncio.timeout(CLI_TIMEOUT):
        out, _ = await process.communicate()
    output = out.decode(errors="replace")
    assert process.returncode == 0, f"lgnet {' '.join(args)} failed:\n{output}"
    return output


async def audit_log_size(mesh: RunningMesh) -> int:
    """Rows in reporting's audit log."""
    url = mesh.stack.record.database_urls["reporting"].replace("+asyncpg", "")
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM audit_log"))
    finally:
        await conn.close()
