"""How often an idle relay looks at its outbox (no database: the rule alone)."""

from sqlalchemy.ext.asyncio import create_async_engine

from lgnet_events.relay import OutboxRelay


def relay(poll: float = 0.05, idle: float = 1.0) -> OutboxRelay:
    engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1/nowhere")
    return OutboxRelay(engine, "127.0.0.1:9", "t", poll_interval=poll, idle_interval=idle)


def waits(r: OutboxRelay, sent: list[int], first: float) -> list[float]:
    found, wait = [], first
    for count in sent:
        wait = r._next_poll(wait, count)
        found.append(wait)
    return found


def test_passes_that_find_nothing_double_the_wait_up_to_the_idle_interval() -> None:
    assert waits(relay(), [0] * 7, 0.05) == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0]


def test_a_pass_that_sends_something_polls_at_the_poll_interval_again() -> None:
    assert waits(relay(), [0, 0, 0, 3, 0], 0.05) == [0.1, 0.2, 0.4, 0.05, 0.1]


def test_after_a_broker_error_s_backoff_an_empty_pass_waits_the_idle_interval() -> None:
    assert waits(relay(), [0], 5.0) == [1.0]


def test_an_idle_interval_below_the_poll_interval_keeps_the_poll_interval() -> None:
    assert waits(relay(poll=0.5, idle=0.1), [0, 0], 0.5) == [0.5, 0.5]
