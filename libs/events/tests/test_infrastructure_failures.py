"""What the consumer blames on the infrastructure (reconnect, nothing dead-lettered) and what
on the event (retried, then dead-lettered): a PostgreSQL that is shutting down is the former."""

import pytest
from sqlalchemy.exc import DBAPIError

from lgnet_events.consumer import _is_infrastructure_failure


class ServerError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def database_error(sqlstate: str) -> DBAPIError:
    return DBAPIError("INSERT INTO audit_log ...", {}, ServerError(sqlstate))


@pytest.mark.parametrize(
    "sqlstate",
    ["57P01", "57P02", "57P03", "08006", "08001", "53300", "58030", "42P01", "42703"],
    ids=["admin shutdown", "crash shutdown", "cannot connect now", "connection failure",
         "cannot connect", "too many connections", "io error", "missing table (migration)",
         "missing column (migration)"],
)  # fmt: skip
def test_the_server_going_away_is_the_infrastructures_fault(sqlstate: str) -> None:
    assert _is_infrastructure_failure(database_error(sqlstate))


@pytest.mark.parametrize("sqlstate", ["23505", "22P02", "23503", "40001"])
def test_an_error_about_the_data_or_the_statement_is_the_events(sqlstate: str) -> None:
    assert not _is_infrastructure_failure(database_error(sqlstate))


def test_a_connection_error_of_the_os_is_the_infrastructures_fault() -> None:
    assert _is_infrastructure_failure(ConnectionRefusedError())
    assert not _is_infrastructure_failure(ValueError("this unit cannot be refurbished"))
