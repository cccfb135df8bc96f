"""(g) The follow-up page for a large municipality: 20 000 people over three years, page generated in under 1 s.

The data come from the same planners as the demo (``services/*/followup/demo.py``), scaled: 20 000 learners whose
right to SFI arose over three years, with their starts, results and outcome records, and 6 000 decided validation
cases. Each address is asked for sequentially, as a person or a dashboard would, after one warm-up request; the
time is from sending the request to the last byte of the answer, through the gateway.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import statistics
import time
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
import jwt

from bench.procs import JWT_SECRET
from bench.report import Row
from bench.scenarios import Ctx
from services.gateway.web.session import WEB_AUDIENCE
from services.sfi_schedule.followup import demo as sfi_demo
from services.validation.followup import demo as validation_demo
from services.validation.followup import queries as validation_queries
from shared.db import init_connection

PEOPLE, CASES, YEARS = 20_000, 6_000, 3
REPEATS = 10
TARGET_SECONDS = 1.0
SCENARIO = "(g) follow-up page"


async def load(dsn: str) -> dict[str, int]:
    """Plan and copy the large follow-up history; returns the row counts."""
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    conn = await asyncpg.connect(dsn)
    await init_connection(conn)
    try:
        async with conn.transaction():
            plan = sfi_demo.plan(today, people=PEOPLE, years=YEARS, venues=await sfi_demo.venues_for_demo(conn))
            await sfi_demo.write(conn, plan)
            profiles = await validation_queries.profiles_by_role(conn)
            await validation_demo.write(conn, validation_demo.plan(today, cases=CASES, years=YEARS, profiles=profiles))
        await conn.execute("ANALYZE")
        return {t: await conn.fetchval(f"SELECT count(*) FROM {t}")  # noqa: S608 - constant table names
                for t in ("sfi.learners", "sfi.enrolments", "sfi.course_results", "sfi.outcome_records",
                          "validation.decisions")}  # fmt: skip
    finally:
        await conn.close()


def session_cookie(role: str = "auditor") -> str:
    """A page session for the bench's auditor, minted the way the gateway mints its own."""
    now = int(time.time())
    key = hmac.new(JWT_SECRET.encode(), b"web-session", hashlib.sha256).digest()
    claims = {"sub": "bench-auditor", "roles": [role], "name": "Bench", "via": "demo", "iss": "lotsen-dev",
              "aud": WEB_AUDIENCE, "iat": now, "nbf": now, "exp": now + 3600, "auth_time": now}  # fmt: skip
    return "lotsen_session=" + jwt.encode(claims, key, algorithm="HS256")


def timed(url: str, headers: dict[str, str]) -> tuple[float, int, int]:
    """Seconds to the last byte, the status and the size of one GET."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http URL we built
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as resp:  # noqa: S310
        body = resp.read()
        status = resp.status
    return time.perf_counter() - start, status, len(body)


def measure(ctx: Ctx, variant: str, url: str, headers: dict[str, str]) -> float:
    """Median seconds over ``REPEATS`` requests after a warm-up; a row with the median and the slowest."""
    timed(url, headers)
    runs = [timed(url, headers) for _ in range(REPEATS)]
    seconds = [s for s, _, _ in runs]
    bad = [status for _, status, _ in runs if status != 200]
    note = f"{REPEATS} requests, p99 column = slowest; {runs[-1][2] // 1024} KiB" + (f"; statuses {bad}" if bad else "")
    ctx.report.command(f"GET {url.removeprefix(ctx.services.url())} ({REPEATS} times, one after another)", variant)
    ctx.report.add(Row(SCENARIO, variant, None, statistics.median(seconds) * 1000, max(seconds) * 1000, note=note))
    return statistics.median(seconds)


def followup(ctx: Ctx) -> None:
    """Load the large history, then time the page, the API, the CSV and each service's own figures."""
    start = time.monotonic()
    counts = asyncio.run(load(ctx.dsn))
    print(f"  ✓ follow-up history loaded in {time.monotonic() - start:.1f} s: {counts}", flush=True)
    gateway, cookie = ctx.services.url(), {"Cookie": session_cookie()}
    auditor = {"Authorization": ctx.bearer("bench-auditor", ("auditor",))["Authorization"]}
    page = measure(ctx, "page /follow-up (quarters, 3 years)", gateway + "/follow-up", cookie)
    month = measure(ctx, "page /follow-up?period=month", gateway + "/follow-up?period=month", cookie)
    measure(ctx, "API targets (JSON)", gateway + "/api/follow-up/v1/targets", auditor)
    measure(ctx, "API targets.csv", gateway + "/api/follow-up/v1/targets.csv", auditor)
    measure(ctx, "sfi figures, through the gateway", gateway + "/api/sfi/v1/follow-up/figures", auditor)
    measure(ctx, "validation figures, through the gateway", gateway + "/api/validation/v1/follow-up/figures", auditor)
    people = f"{counts['sfi.learners']:,} learners, {counts['sfi.outcome_records']:,} outcome records"
    ctx.report.check("follow-up page generated in < 1 s (median, 20 000 people over 3 years)", page < TARGET_SECONDS,
                     f"{page * 1000:.0f} ms by quarter, {month * 1000:.0f} ms by month; {people}")  # fmt: skip
