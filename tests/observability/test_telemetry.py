"""Exporter chosen by the standard OTEL_* variables; JSON logs that carry the trace."""

import json
import logging
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry.sdk.trace import TracerProvider

from lgnet_service.app import create_service_app
from lgnet_service.logs import JsonFormatter, KitHandler
from lgnet_service.settings import ServiceSettings
from lgnet_service.telemetry import tracer_provider_from_environment


class Collector(ThreadingHTTPServer):
    """A real HTTP endpoint standing in for an OpenTelemetry collector: keeps what it gets."""

    received: list[tuple[str, bytes]]


class _Receive(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector(("127.0.0.1", 0), _Receive)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def traced_once(provider: TracerProvider) -> None:
    with provider.get_tracer("test").start_as_current_span("open case"):
        pass
    provider.force_flush()
    provider.shutdown()


def test_spans_go_to_the_otlp_endpoint_the_environment_names(
    collector: Collector, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{collector.server_port}")
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    traced_once(tracer_provider_from_environment("intake"))
    [(path, body)] = collector.received
    assert path == "/v1/traces"
    assert b"lgnet-intake" in body
    assert b"open case" in body


def test_otel_service_name_overrides_the_default_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_SERVICE_NAME", "intake-eu-south")
    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod")
    attributes = tracer_provider_from_environment("intake").resource.attributes
    assert attributes["service.name"] == "intake-eu-south"
    assert attributes["deployment.environment"] == "prod"


def test_without_an_endpoint_nothing_is_exported(
    collector: Collector, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    provider = tracer_provider_from_environment("housing")
    traced_once(provider)
    assert collector.received == []
    assert provider.resource.attributes["service.name"] == "lgnet-housing"


def record(message: str, **extra: object) -> logging.LogRecord:
    entry = logging.makeLogRecord({"name": "intake.cases", "levelname": "INFO", "msg": message})
    entry.__dict__.update(extra)
    return entry


def test_a_json_log_line_carries_the_trace_and_span_of_the_current_span() -> None:
    provider = TracerProvider()
    with provider.get_tracer("test").start_as_current_span("close case") as span:
        line = JsonFormatter("intake").format(record("case closed", case_id="c-1"))
    entry = json.loads(line)
    context = span.get_span_context()
    assert entry["trace_id"] == format(context.trace_id, "032x")
    assert entry["span_id"] == format(context.span_id, "016x")
    assert (entry["service"], entry["level"], entry["logger"]) == ("intake", "INFO", "intake.cases")
    assert (entry["message"], entry["case_id"]) == ("case closed", "c-1")


def test_a_json_log_line_outside_a_span_has_no_trace_and_keeps_the_traceback() -> None:
    try:
        raise ValueError("broken")
    except ValueError:
        entry = record("failed")
        entry.exc_info = sys.exc_info()
    parsed = json.loads(JsonFormatter("civic").format(entry))
    assert "trace_id" not in parsed
    assert "ValueError: broken" in parsed["exception"]


@pytest.fixture
def root_logging() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def test_the_kit_logs_json_when_the_settings_say_so_and_only_once(
    root_logging: logging.Logger,
) -> None:
    settings = ServiceSettings(service="civic", log_format="json", log_level="WARNING")
    create_service_app("civic", settings)
    create_service_app("civic", settings)
    [handler] = [h for h in root_logging.handlers if isinstance(h, KitHandler)]
    assert isinstance(handler.formatter, JsonFormatter)
    assert root_logging.level == logging.WARNING


def test_text_logs_leave_the_process_logging_alone(root_logging: logging.Logger) -> None:
    create_service_app("civic", ServiceSettings(service="civic"))
    assert not [h for h in root_logging.handlers if isinstance(h, KitHandler)]
