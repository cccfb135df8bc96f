"""The SFI learner scenarios: (b) matching against the uncached group search, (d) 1 000 enrolments into 20 seats."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import uuid
from collections import Counter
from functools import partial
from urllib.parse import urlsplit

import asyncpg
import httptools
import orjson

from bench.data import CONTENTION_LEARNERS, REFERENCE_LEARNERS, WARMUP_LEARNERS
from bench.report import Row
from bench.scenarios import CACHE_OFF, JWT, SEARCH, Ctx, _row
from bench.tools import WrkResult, median_of
from services.gateway.tokens import mint_token
from shared.serve import new_event_loop

MATCH_BODY = {"course": "B", "constraints": {"path": 2, "preferredDayparts": ["evening"]}}
MATCH_ROUNDS = 5
MATCH_CONNECTIONS = 16
MATCH_TARGET_RATIO, MATCH_TARGET_P50 = 0.3, 40.0
SETTLE_TARGET_SECONDS = 2.0


def matching(ctx: Ctx) -> None:
    """(b) Matching through the gateway at 16 connections against the uncached group search at 16 connections.

    Both run in one sfi configuration, the group-list cache off (so the search queries PostgreSQL on every
    request; matching uses no list cache either way), in interleaved rounds; ratio and p50 are round medians.
    """
    match_url = f"{ctx.services.url()}/api/sfi/v1/matches?limit=20"
    search_url = ctx.services.url() + "/api/sfi" + SEARCH
    headers = {**ctx.bearer(), "Content-Type": "application/json"}
    seconds = max(2, round(ctx.seconds / MATCH_ROUNDS))
    runs: dict[str, list[WrkResult]] = {"matching": [], "search": []}
    ctx.services.restart(CACHE_OFF)
    try:
        for _ in range(MATCH_ROUNDS):
            runs["matching"].append(ctx.run(
                f"matching c{MATCH_CONNECTIONS}", match_url, connections=MATCH_CONNECTIONS, method="POST",
                body=json.dumps(MATCH_BODY), headers=headers, seconds=seconds,
            ))  # fmt: skip
            runs["search"].append(ctx.run(
                f"search c{MATCH_CONNECTIONS} gateway (uncached)", search_url, connections=MATCH_CONNECTIONS,
                seconds=seconds,
            ))  # fmt: skip
    finally:
        ctx.services.restart({k: None for k in CACHE_OFF})
    pairs = zip(runs["matching"], runs["search"], strict=True)
    ratio = statistics.median(m.rps / s.rps if s.rps else 0.0 for m, s in pairs)
    match, search = median_of(runs["matching"]), median_of(runs["search"])
    b = "(b) matching"
    note = f"{ratio:.2f}× the uncached search per round (median of {MATCH_ROUNDS} interleaved rounds)"
    _row(ctx, b, f"gateway, {MATCH_CONNECTIONS} conn (median of {MATCH_ROUNDS})", match, search, "of search", note)
    _row(ctx, b, f"reference: uncached group search, gateway, {MATCH_CONNECTIONS} conn", search)
    ctx.report.check(
        f"matching ≥ {MATCH_TARGET_RATIO}× uncached group search ({MATCH_CONNECTIONS} conn)",
        ratio >= MATCH_TARGET_RATIO,
        f"{ratio:.3f}×",
    )
    ctx.report.check(
        f"matching p50 ≤ {MATCH_TARGET_P50:.0f} ms ({MATCH_CONNECTIONS} conn)",
        match.p50 <= MATCH_TARGET_P50,
        f"{match.p50:.1f} ms",
    )


class _Post(asyncio.Protocol):
    """One HTTP/1.1 request on its own connection, parsed with llhttp (httptools): the lean load generator.

    The clients of this scenario share the machine with the suite, so each costs as little CPU as a request
    can (a quarter of the CPU of aiohttp's client here): the settle time measures the suite, not the load generator.
    """

    def __init__(self, request: bytes, done: asyncio.Future) -> None:
        self.request, self.done = request, done
        self.parser = httptools.HttpResponseParser(self)
        self.status, self.retry_after, self.body = 0, None, []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._end(exc)

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"retry-after":
            self.retry_after = value.decode()

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self._end(None)

    def connection_lost(self, exc: Exception | None) -> None:
        self._end(exc or ConnectionError("closed before the answer was complete"))

    def _end(self, exc: BaseException | None) -> None:
        if not self.done.done():
            if exc is None:
                self.done.set_result((self.status, self.retry_after, b"".join(self.body)))
            else:
                self.done.set_exception(exc)
        self.transport.close()


def _post_request(host: str, path: str, token: str, key: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nIdempotency-Key: {key}\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
    ).encode()


async def _enrol_all(base: str, tokens: list[str], group) -> tuple[float, list[tuple[int, dict]], int]:
    """Every learner posts one enrolment at once (a connection each); answers in order, the time to settle."""
    url = urlsplit(base)
    host, port = url.hostname, url.port
    loop = asyncio.get_running_loop()
    retries = 0

    async def one(i: int, token: str) -> tuple[int, dict]:
        nonlocal retries
        # A real client retries 503/504 with the same Idempotency-Key; settling includes those retries.
        request = _post_request(url.netloc, f"{url.path}/api/sfi/v1/groups/{group(i)}/enrolments", token,
                                uuid.uuid4().hex)  # fmt: skip
        for attempt in range(10):
            retries += attempt > 0
            done = loop.create_future()
            await loop.create_connection(partial(_Post, request, done), host, port)
            status, retry_after, body = await done
            if status not in (503, 504):
                break
            await asyncio.sleep(float(retry_after or "1"))
        return status, orjson.loads(body) if body else {}

    start = time.perf_counter()
    results = await asyncio.gather(*(one(i, t) for i, t in enumerate(tokens)))
    return time.perf_counter() - start, results, retries


def _run(coro):
    """Run the load on uvloop, as the services run (asyncio's loop where uvloop is missing)."""
    loop = new_event_loop("uvloop")
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


def contention(ctx: Ctx) -> None:
    """(d) 1 000 concurrent enrolments into 20 seats: time to settle and exact results; reference uncontended."""
    url = ctx.services.url()
    subjects = ctx.data.learner_subjects
    groups = ctx.data.reference_groups
    # A running suite has served enrolments before a rush: its pool connections have prepared the statements.
    warm = subjects[CONTENTION_LEARNERS + REFERENCE_LEARNERS :][:WARMUP_LEARNERS]
    _, warmed, _ = _run(_enrol_all(url, [mint_token(JWT, sub=s, roles=["resident"]) for s in warm],
                                   lambda i: groups[i % len(groups)]))  # fmt: skip
    tokens = [mint_token(JWT, sub=s, roles=["resident"]) for s in subjects[:CONTENTION_LEARNERS]]
    seconds, results, retries = _run(_enrol_all(url, tokens, lambda i: ctx.data.contention_group))
    statuses = Counter(status for status, _ in results)
    kinds = Counter(body.get("status") for status, body in results if status in (200, 201))
    positions = sorted(body.get("position") for _, body in results if body.get("status") == "waitlisted")
    stored = asyncio.run(_stored(ctx.dsn, ctx.data.contention_group))
    waiting = CONTENTION_LEARNERS - 20
    exact = (
        kinds == Counter({"enrolled": 20, "waitlisted": waiting})
        and positions == list(range(1, waiting + 1))
        and stored == {"enrolled": 20, "waitlisted": waiting}
    )
    ref_tokens = [
        mint_token(JWT, sub=s, roles=["resident"]) for s in subjects[CONTENTION_LEARNERS:][:REFERENCE_LEARNERS]
    ]
    ref_seconds, ref_results, _ = _run(_enrol_all(url, ref_tokens, lambda i: groups[i % len(groups)]))
    d = "(d) enrolment contention"
    rate, ref_rate = CONTENTION_LEARNERS / seconds, len(ref_tokens) / ref_seconds
    note = f"settled in {seconds:.2f} s; HTTP {dict(statuses)}; {retries} retries; stored {stored}"
    ctx.report.add(Row(d, f"{CONTENTION_LEARNERS} at once → 20 seats", rate, None, None, rate / ref_rate,
                       "of uncontended rate", note))  # fmt: skip
    ref_note = (
        f"{ref_seconds:.2f} s; HTTP {dict(Counter(s for s, _ in ref_results))}; after {len(warmed)} "
        f"unmeasured enrolments (HTTP {dict(Counter(s for s, _ in warmed))}) before the burst"
    )
    ctx.report.add(Row(d, f"reference: {len(ref_tokens)} at once, 10 roomy groups", ref_rate, note=ref_note))
    contiguous = "contiguous" if positions == list(range(1, len(positions) + 1)) else "NOT contiguous"
    ctx.report.check("enrolment contention settles exactly", exact,
                     f"{dict(kinds)}; wait-list positions 1..{len(positions)} {contiguous}")  # fmt: skip
    ctx.report.check(f"{CONTENTION_LEARNERS} enrolments into 20 seats settle in ≤ {SETTLE_TARGET_SECONDS:.0f} s",
                     exact and seconds <= SETTLE_TARGET_SECONDS, f"{seconds:.2f} s")  # fmt: skip


async def _stored(dsn: str, group_id) -> dict[str, int]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT status, count(*) AS n FROM sfi.enrolments WHERE group_id = $1 GROUP BY 1", group_id
        )
        return {r["status"]: r["n"] for r in rows}
    finally:
        await conn.close()
