"""Fixtures shared by integration tests of more than one service."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.outbox_support import Receiver


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A webhook receiver listening on loopback."""
    rec = Receiver()
    server = await rec.start()
    yield rec
    await server.close()
