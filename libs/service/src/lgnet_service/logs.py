"""Logs as one JSON object a line (``LGNET_LOG_FORMAT=json``) with the trace and span ids."""

import json
import logging
from datetime import UTC, datetime
from typing import Any

from opentelemetry import trace

#: Attributes every ``LogRecord`` has; anything else was passed with ``extra=``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
#: uvicorn's own loggers do not propagate to the root: their handlers get our formatter.
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "service", "trace_id", "span_id", …}``."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": self.service,
        }
        entry |= span_ids()
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        entry |= {k: v for k, v in vars(record).items() if k not in _STANDARD}
        return json.dumps(entry, default=str, ensure_ascii=False)


def span_ids() -> dict[str, str]:
    """The current ``trace_id`` and ``span_id`` in W3C hex, or nothing outside a span."""
    span_context = trace.get_current_span().get_span_context()
    if not span_context.is_valid:
        return {}
    return {
        "trace_id": format(span_context.trace_id, "032x"),
        "span_id": format(span_context.span_id, "016x"),
    }


class KitHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The one root handler the kit installs (found again, not duplicated, on a second app)."""


#: ``text`` lines: when each thing happened, matters most when reading a log at 2 a.m.
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def install_text_logs(level: str) -> None:
    """Timestamped text lines on stderr at *level*, unless something (pytest, an embedding
    program) already configured the root logger: then its setup is left alone."""
    root = logging.getLogger()
    if any(not isinstance(h, KitHandler) for h in root.handlers):
        return
    handler = next((h for h in root.handlers if isinstance(h, KitHandler)), None)
    if handler is None:
        handler = KitHandler()
        root.addHandler(handler)
    handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root.setLevel(level.upper())


def install_json_logs(service: str, level: str) -> None:
    """Root logging at *level* on stderr as JSON lines; uvicorn's loggers follow suit.

    Only for ``LGNET_LOG_FORMAT=json``; ``text`` (the default) is :func:`install_text_logs`.
    """
    formatter = JsonFormatter(service)
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, KitHandler)), None)
    if handler is None:
        handler = KitHandler()
        root.addHandler(handler)
    handler.setFormatter(formatter)
    root.setLevel(level.upper())
    for name in UVICORN_LOGGERS:
        for uvicorn_handler in logging.getLogger(name).handlers:
            uvicorn_handler.setFormatter(formatter)
