"""The per-attempt deadline of a proxied call: its own timeouts only, never someone else's cancellation."""

from __future__ import annotations

import asyncio

import pytest

from services.gateway.upstream import _Deadline


async def _guarded(seconds: float, work: float) -> str:
    loop = asyncio.get_running_loop()
    deadline = _Deadline(loop.time() + seconds)
    try:
        await asyncio.sleep(work)
        return "done"
    except asyncio.CancelledError:
        if deadline.ours():
            raise TimeoutError from None
        raise
    finally:
        deadline.cancel()


async def test_work_past_the_deadline_is_a_timeout():
    with pytest.raises(TimeoutError):
        await _guarded(0.02, 5)


async def test_work_within_the_deadline_leaves_no_cancellation_behind():
    async def then_more() -> str:
        first = await _guarded(0.2, 0.01)
        await asyncio.sleep(0.3)  # past the (cancelled) deadline: must not be cancelled
        return first

    assert await then_more() == "done"


async def test_a_cancellation_from_outside_stays_a_cancellation():
    task = asyncio.ensure_future(_guarded(5, 5))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
