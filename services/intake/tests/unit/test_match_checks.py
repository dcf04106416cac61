import pytest

from intake.match_checks import MatchCheckLimiter


def test_the_ration_refills_continuously_over_the_hour() -> None:
    now = [0.0]
    limiter = MatchCheckLimiter(60, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(60)] == [0.0] * 60
    assert limiter.take("a") == pytest.approx(60.0)
    now[0] += 60.0
    assert limiter.take("a") == 0.0
    assert limiter.take("b") == 0.0
