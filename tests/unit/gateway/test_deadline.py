"""The per-attempt deadline of a proxied call: its own timeouts only, never someone else's cancellation.

Each test runs in virtual time (the loop's clock jumps to the next timer), so a busy machine cannot make a
deadline fire early or late, and the arithmetic of the sweeps is exact.
"""

from __future__ import annotations

import asyncio

import pytest

from services.gateway.deadlines import TICK, Deadlines
from tests.waiting import run_in_virtual_time


async def _guarded(deadlines: Deadlines, seconds: float, work: float) -> str:
    deadline = deadlines.start(asyncio.get_running_loop().time() + seconds)
    try:
        await asyncio.sleep(work)
        return "done"
    except asyncio.CancelledError:
        if deadline.ours():
            raise TimeoutError from None
        raise
    finally:
        deadline.cancel()


def test_work_past_the_deadline_is_a_timeout_within_a_tick():
    async def main() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(TimeoutError):
            await _guarded(Deadlines(), 0.02, 5)
        return loop.time() - started

    assert 0.02 <= run_in_virtual_time(main()) <= 0.02 + TICK


def test_work_within_the_deadline_leaves_no_cancellation_behind():
    deadlines = Deadlines()

    async def then_more() -> str:
        first = await _guarded(deadlines, 0.2, 0.01)
        await asyncio.sleep(0.3)  # past the (cancelled) deadline: must not be cancelled
        return first

    assert run_in_virtual_time(then_more()) == "done"


def test_a_cancellation_from_outside_stays_a_cancellation():
    async def main() -> None:
        task = asyncio.ensure_future(_guarded(Deadlines(), 5, 5))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run_in_virtual_time(main())


def test_many_attempts_share_one_timer_and_only_the_late_ones_time_out():
    deadlines = Deadlines()

    async def main() -> list[str]:
        results = await asyncio.gather(
            *(_guarded(deadlines, 0.1 if i % 2 else 1.0, 0.3) for i in range(20)), return_exceptions=True
        )
        await asyncio.sleep(2 * TICK)
        return [type(r).__name__ for r in results]

    assert run_in_virtual_time(main()) == ["str", "TimeoutError"] * 10
    assert deadlines._timer is None  # idle again: no timer left running


async def test_one_timer_is_set_for_the_earliest_deadline_and_none_while_nothing_is_open():
    deadlines = Deadlines()
    now = deadlines.time()
    late = deadlines.start(now + 10)
    assert deadlines._timer_at == now + 10
    timer = deadlines._timer
    later = deadlines.start(now + 20)  # later than the armed one: no new timer
    assert deadlines._timer is timer
    early = deadlines.start(now + 3)  # earlier: the one timer moves to it
    assert deadlines._timer_at == now + 3
    for deadline in (early, late, later):
        deadline.cancel()
    assert deadlines._timer is None  # an idle pool is never woken
