"""Read deadlines for request bodies (issue 17, finding 8), on an injected clock."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import StreamReader
from aiohttp.base_protocol import BaseProtocol

from services.gateway.bodies import BodyTooSlow, BodyWatch


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _stream() -> StreamReader:
    loop = asyncio.get_running_loop()
    return StreamReader(BaseProtocol(loop), 2**16, loop=loop)


async def test_a_body_trickled_at_one_byte_every_ten_seconds_is_cut_off():
    clock, body = Clock(), _stream()
    watch = BodyWatch(idle=5.0, clock=clock)
    watch.watch(body, total=30.0)
    for _ in range(3):
        clock.now += 10
        body.feed_data(b"x")
        watch.sweep()
    with pytest.raises(BodyTooSlow):
        await body.read()
    watch.close()


async def test_a_body_that_keeps_arriving_is_still_cut_off_at_its_total_time():
    clock, body = Clock(), _stream()
    watch = BodyWatch(idle=5.0, clock=clock)
    watch.watch(body, total=30.0)
    for _ in range(7):  # a byte every 4 s never trips the idle limit ...
        clock.now += 4
        body.feed_data(b"x")
        watch.sweep()
    assert body.exception() is None
    clock.now += 4  # ... but 32 s in all is past 30
    body.feed_data(b"x")
    watch.sweep()
    assert isinstance(body.exception(), BodyTooSlow)
    watch.close()


async def test_a_steady_body_and_a_finished_one_are_left_alone():
    clock, steady, done = Clock(), _stream(), _stream()
    watch = BodyWatch(idle=5.0, clock=clock)
    watch.watch(steady, total=30.0)
    watch.watch(done, total=30.0)
    done.feed_data(b"{}")
    done.feed_eof()
    for _ in range(5):
        clock.now += 1
        steady.feed_data(b"x" * 1000)
        watch.sweep()
    clock.now += 60
    watch.sweep()  # `done` was forgotten when it finished
    assert done.exception() is None and await done.read() == b"{}"
    assert isinstance(steady.exception(), BodyTooSlow)
    watch.close()


async def test_an_unwatched_body_is_never_failed():
    clock, body = Clock(), _stream()
    watch = BodyWatch(idle=5.0, clock=clock)
    watch.unwatch(watch.watch(body, total=30.0))
    clock.now += 100
    watch.sweep()
    assert body.exception() is None
    watch.close()
