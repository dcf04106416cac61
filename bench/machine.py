"""What the figures were measured on."""

import os
import platform
from typing import Any

import psutil

from bench.targets import Target


async def machine_info(target: Target) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgres": await target.server_version(),
        "broker": "Tansu (embedded, memory)" if target.kind == "embedded" else target.bootstrap,
        "servers": target.kind,
        # Other work on the machine skews every figure: a load near the CPU count means noise.
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
