"""Text logs: every line says when it happened; a logging setup already in place is kept."""

import contextlib
import logging
import re
from collections.abc import Iterator

from lgnet_service.logs import KitHandler, install_text_logs


@contextlib.contextmanager
def bare_root() -> Iterator[logging.Logger]:
    """The root logger with no handler, as in a freshly started service process (pytest
    adds its capturing handlers around each test body, so this runs inside it)."""
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers.clear()
    try:
        yield root
    finally:
        root.handlers[:] = saved
        root.setLevel(level)


def test_a_fresh_process_gets_one_timestamped_handler_at_the_configured_level() -> None:
    with bare_root() as root:
        install_text_logs("info")
        install_text_logs("info")
        handlers, level = root.handlers[:], root.level
    (handler,) = handlers
    assert isinstance(handler, KitHandler)
    record = logging.makeLogRecord({"msg": "relay caught up", "levelname": "INFO", "name": "x"})
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO x: relay caught up",
                        handler.format(record))  # fmt: skip
    assert level == logging.INFO


def test_a_logging_setup_already_in_place_is_left_alone() -> None:
    theirs = logging.NullHandler()
    with bare_root() as root:
        root.addHandler(theirs)
        root.setLevel(logging.ERROR)
        install_text_logs("debug")
        handlers, level = root.handlers[:], root.level
    assert handlers == [theirs]
    assert level == logging.ERROR
