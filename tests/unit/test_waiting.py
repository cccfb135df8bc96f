"""The test suite's own clocks: virtual loop time is exact and takes no real time; waits end on a hang."""

from __future__ import annotations

import asyncio

import pytest

from tests.waiting import FakeClock, run_in_virtual_time, until


def test_an_hour_of_virtual_time_passes_at_once_and_exactly():
    async def an_hour() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.gather(asyncio.sleep(3600), asyncio.sleep(1800))
        return loop.time() - started

    assert run_in_virtual_time(an_hour()) == pytest.approx(3600)


def test_timers_fire_in_their_order_in_virtual_time():
    fired: list[str] = []

    async def timers() -> None:
        loop = asyncio.get_running_loop()
        for name, delay in (("late", 0.3), ("early", 0.1), ("middle", 0.2)):
            loop.call_later(delay, fired.append, name)
        await asyncio.sleep(1)

    run_in_virtual_time(timers())
    assert fired == ["early", "middle", "late"]


def test_a_coroutine_that_can_never_go_on_is_a_deadlock_not_a_hang():
    with pytest.raises(RuntimeError, match="deadlock"):
        run_in_virtual_time(asyncio.Event().wait())


def test_the_fake_clock_moves_only_when_told():
    clock = FakeClock()
    start = clock()
    assert clock() == start
    clock.advance(2.5)
    assert clock() == start + 2.5


async def test_a_wait_that_never_comes_true_says_what_it_waited_for():
    with pytest.raises(AssertionError, match="the impossible"):
        await until(lambda: False, "the impossible", within=0.05)
