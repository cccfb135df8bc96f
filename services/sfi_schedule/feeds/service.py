"""Serving feeds cheaply: validators from revisions first, feeds built once per revision, off the event loop.

A feed is a pure function of its groups' published documents, and every publication that changes a document
raises its group's revision. So the ETag of a feed comes from (kind, id, refresh setting, format, the groups'
ids and revisions), read with one small query before anything is built: a client's copy is confirmed (304)
without building it, and a built feed is kept under its ETag. A publication changes the revisions, so the
next request on any replica asks for a new ETag: a replica never serves a feed older than the database.
Building (expanding the sessions, serialising iCalendar) runs in one worker thread per process, after the
pool connection is back; concurrent requests for the same new feed wait for one build.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from aiohttp import web

from services.sfi_schedule.admin.common import found
from services.sfi_schedule.feeds import queries
from services.sfi_schedule.feeds.ics import groups_calendar, teacher_calendar
from shared.etag import etag_of

# Part of every ETag: raise it when the generated iCalendar changes for the same data (a client holding a
# feed of the old form then gets the new one). 2: VTIMEZONE as yearly RRULEs, every master with an RRULE.
FORMAT = 2
_SLOTS = 256  # feeds kept per process: a venue's is ~30 KiB, a group's ~2 KiB


class FeedCache:
    """Built feeds by ETag (oldest dropped first), each built once however many ask for it at the same time."""

    def __init__(self, executor: ThreadPoolExecutor, slots: int = _SLOTS) -> None:
        self._executor = executor
        self._slots = slots
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._building: dict[str, asyncio.Future[bytes]] = {}

    def get(self, tag: str) -> bytes | None:
        """A built feed, if this process has it."""
        body = self._bodies.get(tag)
        if body is not None:
            self._bodies.move_to_end(tag)
        return body

    async def build(self, tag: str, build: Callable[[], bytes]) -> bytes:
        """Build the feed in the worker thread (or wait for the build already running) and keep it."""
        pending = self._building.get(tag)
        if pending is None:
            pending = asyncio.get_running_loop().run_in_executor(self._executor, build)
            self._building[tag] = pending
            pending.add_done_callback(lambda done: self._done(tag, done))
        # shield: a client that goes away must not cancel the build others wait for
        return await asyncio.shield(pending)

    def _done(self, tag: str, done: asyncio.Future[bytes]) -> None:
        self._building.pop(tag, None)
        if not done.cancelled() and done.exception() is None:
            self._bodies[tag] = done.result()
            while len(self._bodies) > self._slots:
                self._bodies.popitem(last=False)


FEEDS = web.AppKey("feeds", FeedCache)


async def feeds_ctx(app: web.Application) -> AsyncIterator[None]:
    """The feed cache and its worker thread, for the app's lifetime."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lotsen-feeds")
    app[FEEDS] = FeedCache(executor)
    yield
    executor.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed's validators, and its body unless the client's copy is current (``body`` None: answer 304)."""

    etag: str
    last_modified: datetime | None
    body: bytes | None


Fresh = Callable[[str, "datetime | None"], bool]  # (etag, last modified) -> the client's copy is current


def _tag(kind: str, of: UUID, minutes: int, rows: Sequence[Any]) -> str:
    parts = [kind, str(of), str(minutes), str(FORMAT)] + [f"{r['group_id']}:{r['revision']}" for r in rows]
    return etag_of("|".join(parts).encode())


def _modified(kind: str, rows: Sequence[Any]) -> datetime | None:
    # A group's feed changes with the group; a venue's or teacher's also when a group leaves it, which only
    # the newest change of all groups (tombstones included) is sure to reflect.
    if not rows:
        return None
    return rows[0]["modified_at"] if kind == "group" else rows[0]["latest"]


def _builder(kind: str, of: UUID, minutes: int, rows: list[Any]) -> Callable[[], bytes]:
    if kind == "teacher":
        return lambda: teacher_calendar(rows, of, minutes)
    doc = rows[0]["doc"]
    name = f"SFI: {doc['name']}" if kind == "group" else f"SFI på {doc['venue']['name']}"
    return lambda: groups_calendar(rows, name, minutes)


async def feed(pool: asyncpg.Pool, cache: FeedCache, *, kind: str, of: UUID, minutes: int, fresh: Fresh) -> Feed:
    """The group, venue or teacher feed ``of`` an id; 404 for a group or venue without published groups."""
    async with pool.acquire() as conn:
        rows = await queries.versions(conn, kind=kind, of=of)
    if not rows and kind != "teacher":
        found(None, "published group" if kind == "group" else "venue with published groups")
    tag, modified = _tag(kind, of, minutes, rows), _modified(kind, rows)
    if fresh(tag, modified):
        return Feed(tag, modified, None)
    body = cache.get(tag)
    if body is None:
        async with pool.acquire() as conn:
            docs = list(await queries.documents(conn, kind=kind, of=of))
        if not docs and kind != "teacher":
            found(None, "published group")  # withdrawn between the two reads
        # A publication may have come in between the reads: the body and its ETag are of what was read last.
        tag, modified = _tag(kind, of, minutes, docs), _modified(kind, docs)
        body = cache.get(tag) or await cache.build(tag, _builder(kind, of, minutes, docs))
    return Feed(tag, modified, body)
