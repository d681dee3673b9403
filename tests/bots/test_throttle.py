"""The per-client token bucket."""

from __future__ import annotations

import pytest

from bots.throttle import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_the_budget_then_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.take("a")
    assert wait == pytest.approx(20.0)  # one token every 20 s at 3 a minute
    assert RateLimiter.retry_after(wait) == 20


def test_clients_have_their_own_buckets_and_refill() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    limiter.take("a")
    limiter.take("a")
    assert limiter.take("a") > 0
    assert limiter.take("b") == 0.0
    clock.now += 30  # half a minute: one token back
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0


def test_fractional_costs() -> None:
    limiter = RateLimiter(1, clock=Clock())
    assert [limiter.take("a", 0.25) for _ in range(4)] == [0.0] * 4
    assert limiter.take("a", 0.25) > 0


def test_forgets_the_least_recent_clients() -> None:
    limiter = RateLimiter(1, max_clients=2, clock=Clock())
    for key in ("a", "b", "c"):
        limiter.take(key)
    assert limiter.take("a") == 0.0  # "a" was forgotten, so it starts with a full bucket


@pytest.mark.parametrize("kwargs", [{"per_minute": 0}, {"per_minute": 5, "max_clients": 0}])
def test_rejects_bad_arguments(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be >= 1"):
        RateLimiter(**kwargs)
