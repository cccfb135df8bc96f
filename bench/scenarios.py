"""The benchmark scenarios (a)–(f); each adds rows (with a ratio against a reference of the same run)."""

from __future__ import annotations

import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.data import Dataset
from bench.procs import JWT_SECRET, ROOT, Services, base_env
from bench.report import Report, Row
from bench.tools import WrkResult, median_of, shown_command, wrk
from services.gateway.tokens import JwtConfig, mint_token
from shared.identity import HEADER, Identity, sign_identity

JWT = JwtConfig(JWT_SECRET.encode(), "lotsen-dev", "lotsen")
SEARCH = "/v1/groups?course=B&limit=20"
APPLICATION = {
    "name": {"given": "Amina", "family": "Haddad"},
    "noSwedishNumber": {"documentType": "passport", "country": "SY"},
    "contact": {"email": "amina@example.org"}, "targetRole": "underskoterska",
    "swedishLevel": {"kind": "sfi", "course": "D"},
    "education": [{"country": "SY", "institution": "Damascus Nursing Institute", "programme": "Nursing assistant",
                   "field": "care", "startYear": 2010, "endYear": 2012, "language": "ar"}],
    "experience": [{"employer": "Al-Mouwasat", "role": "Nursing assistant", "from": "2013-01-01", "to": "2019-12-31",
                    "extentPercent": 100}],
}  # fmt: skip


@dataclass
class Ctx:
    """What every scenario needs."""

    services: Services
    nginx_url: str
    data: Dataset
    dsn: str
    report: Report
    seconds: float
    identity: str  # a pre-signed anonymous assertion for direct calls (long TTL)
    relay_url: str = ""  # bench.relay: a bare aiohttp relay, the floor under the gateway

    def bearer(self, sub: str = "bench-resident", roles: tuple[str, ...] = ("resident",)) -> dict[str, str]:
        """An Authorization header for a person."""
        return {"Authorization": f"Bearer {mint_token(JWT, sub=sub, roles=roles)}"}

    def run(self, label: str, url: str, **kw) -> WrkResult:
        """wrk with the run's duration, recording the command for the document."""
        seconds = kw.pop("seconds", self.seconds)
        self.report.command(shown_command(url, seconds=seconds, **kw), label)
        return wrk(url, seconds=seconds, **kw)


def anonymous_assertion(secret: str) -> str:
    """The identity header nginx (and direct calls) attach: anonymous, valid for an hour."""
    who = Identity(sub="anonymous", kind="anonymous", consumer="bench")
    return sign_identity(who, secret.encode(), ttl=3600)


def _row(ctx: Ctx, scenario: str, variant: str, r: WrkResult, ref: WrkResult | None = None, name: str = "", note=""):
    ratio = r.rps / ref.rps if ref is not None and ref.rps else None
    extra = f"{r.non2xx} non-2xx" if r.non2xx else ""
    extra += f" {r.errors} socket errors" if r.errors else ""
    return ctx.report.add(Row(scenario, variant, r.rps, r.p50, r.p99, ratio, name, (note + " " + extra).strip()))


ROUNDS = 7  # the proxies and direct alternate this many times at each concurrency; medians are reported
# Cache off: every request is a PostgreSQL query, and the gateway's micro-cache (1 s of public answers to
# anonymous GETs) is off too, so the gateway rows measure its duties on every request.
CACHE_OFF = {"LOTSEN_SFI_CATALOG_CACHE": "off", "LOTSEN_GATEWAY_MICROCACHE_SECONDS": "0"}
RELAY = "bare aiohttp relay"
# The gateway as deployed answers the cached list from its micro-cache; this variant sends
# `Cache-Control: no-cache`, so every request is forwarded: what its duties cost against the bare relay.
BYPASS = "gateway, micro-cache bypassed"
NO_CACHE = {"Cache-Control": "no-cache"}
PROXIES = ("gateway", BYPASS, "nginx", RELAY)


def _proxies(phase: str) -> tuple[str, ...]:
    return PROXIES if phase == "cached" else tuple(p for p in PROXIES if p != BYPASS)


def _search_urls(ctx: Ctx) -> dict[str, str]:
    s = ctx.services
    return {"direct": s.url("sfi") + SEARCH, "gateway": s.url() + "/api/sfi" + SEARCH,
            "nginx": ctx.nginx_url + "/api/sfi" + SEARCH,
            BYPASS: s.url() + "/api/sfi" + SEARCH,
            "bare aiohttp relay": ctx.relay_url + "/api/sfi" + SEARCH}  # fmt: skip


TRIVIAL = "trivial SELECT 1"


def _rounds(ctx: Ctx, phase: str, connections: int) -> dict[str, list[WrkResult]]:
    """Direct and every proxy, interleaved in ``ROUNDS`` rounds: a busy moment of the VM hits all of them alike.

    At 32 connections the trivial SELECT 1 endpoint (``/readyz``) takes its turn too, as the search's reference.
    """
    urls, direct = _search_urls(ctx), {HEADER: ctx.identity}
    if phase != "cached":
        del urls[BYPASS]
    if connections > 1:
        urls = {TRIVIAL: ctx.services.url("sfi") + "/readyz", **urls}
    seconds = max(2, round(ctx.seconds / ROUNDS))  # whole seconds, as wrk takes them
    runs: dict[str, list[WrkResult]] = {name: [] for name in urls}
    for _ in range(ROUNDS):
        for name, url in urls.items():
            label = f"{'search ' if name != TRIVIAL else ''}{connections} conn {name} ({phase})"
            headers = direct if name == "direct" else NO_CACHE if name == BYPASS else None
            runs[name].append(ctx.run(label, url, connections=connections, headers=headers, seconds=seconds))
    return runs


def _per_round(runs: dict[str, list[WrkResult]], measure) -> dict[str, float]:
    """A proxy's figure against its reference in the same round, then the median over rounds."""
    return {
        name: statistics.median(measure(p, ref) for p, ref in zip(runs[name], runs[REFERENCE[name]], strict=True))
        for name in PROXIES
        if name in runs
    }


REFERENCE = {"gateway": "nginx", BYPASS: "nginx", "nginx": "direct", "bare aiohttp relay": "nginx"}


def _search_phase(ctx: Ctx, phase: str, out: dict[str, WrkResult]) -> None:
    """The trivial SELECT and the group search at 32 connections and on one, in the sfi configuration of ``phase``."""
    wide = _rounds(ctx, phase, 32)
    ratio = _per_round(wide, lambda p, ref: p.rps / ref.rps if ref.rps else 0.0)
    # The gateway's duties cost what separates it from the bare relay: compared in the same rounds too.
    proxies = _proxies(phase)
    of_relay = {
        name: statistics.median(g.rps / r.rps if r.rps else 0.0 for g, r in zip(wide[name], wide[RELAY], strict=True))
        for name in proxies
        if name.startswith("gateway")
    }
    out[f"ratio gateway/relay {phase}"] = WrkResult(of_relay["gateway"], 0, 0, 0, 0, 0, 0)
    if BYPASS in of_relay:
        out[f"ratio bypass/relay {phase}"] = WrkResult(of_relay[BYPASS], 0, 0, 0, 0, 0, 0)
    pairs = zip(wide["direct"], wide[TRIVIAL], strict=True)
    of_trivial = statistics.median(d.rps / t.rps if t.rps else 0.0 for d, t in pairs)
    out[f"readyz {phase}"] = median_of(wide.pop(TRIVIAL))
    out[f"ratio direct {phase}"] = WrkResult(of_trivial, 0, 0, 0, 0, 0, 0)
    single = _rounds(ctx, phase, 1)
    added = {name: statistics.median(p.p50 - d.p50 for p, d in zip(single[name], single["direct"], strict=True))
             for name in proxies}  # fmt: skip
    for name in wide:
        out[f"search {name} {phase}"] = median_of(wide[name])
        out[f"search c1 {name} {phase}"] = median_of(single[name])
    what = {"cached": "cached list (as deployed)", "uncached": "every request to PostgreSQL (cache off)"}[phase]
    a = f"(a) group search, {what}"
    _row(ctx, a, f"trivial SELECT 1 (/readyz), 32 conn (median of {ROUNDS})", out[f"readyz {phase}"])
    _row(ctx, a, f"direct, 32 conn (median of {ROUNDS})", out[f"search direct {phase}"], out[f"readyz {phase}"],
         "of SELECT 1", f"{of_trivial:.2f}× SELECT 1 per round (median of {ROUNDS} interleaved rounds)")  # fmt: skip
    for name in proxies:
        note = f"{ratio[name]:.2f}× {REFERENCE[name]} per round (median of {ROUNDS} interleaved rounds)"
        if name == RELAY:
            note += "; floor of a Python proxy"
        if name in of_relay:
            note += f"; {of_relay[name]:.2f}× the bare relay per round"
        if name == "gateway" and phase == "cached":
            note += "; answers from its 1 s micro-cache"
        result = out[f"search {name} {phase}"]
        ref = out[f"search {REFERENCE[name]} {phase}"]
        _row(ctx, a, f"{name}, 32 conn (median of {ROUNDS})", result, ref, f"of {REFERENCE[name]}", note)
        out[f"ratio {name} {phase}"] = WrkResult(ratio[name], 0, 0, 0, 0, 0, 0)
    ref = out[f"search c1 direct {phase}"]
    _row(ctx, a, f"direct, 1 conn (median of {ROUNDS})", ref)
    for name in proxies:
        note = f"adds {added[name]:+.2f} ms p50 (median of {ROUNDS} interleaved rounds)"
        _row(ctx, a, f"{name}, 1 conn (median of {ROUNDS})", out[f"search c1 {name} {phase}"], ref, "of direct", note)
        out[f"added {name} {phase}"] = WrkResult(0, added[name], 0, 0, 0, 0, 0)


def health_and_search(ctx: Ctx) -> dict[str, WrkResult]:
    """(a) /healthz and the DB-backed group search: direct, via the gateway, via nginx; plus the trivial SELECT.

    The search runs twice: as deployed (each sfi replica caches list answers until PostgreSQL notifies a
    change) and with that cache off, so that every request is a PostgreSQL query.
    """
    s = ctx.services
    out = {}
    out["healthz direct"] = ctx.run("healthz direct", s.url("sfi") + "/healthz", connections=32)
    out["healthz gateway"] = ctx.run("healthz gateway (its own)", s.url() + "/healthz", connections=32)
    out["healthz nginx"] = ctx.run("healthz nginx", ctx.nginx_url + "/healthz", connections=32)
    a = "(a) healthz"
    _row(ctx, a, "direct (sfi /healthz)", out["healthz direct"])
    _row(ctx, a, "gateway (own /healthz)", out["healthz gateway"], out["healthz nginx"], "of nginx")
    _row(ctx, a, "nginx → sfi /healthz", out["healthz nginx"], out["healthz direct"], "of direct")
    _search_phase(ctx, "cached", out)
    s.restart(CACHE_OFF)
    try:
        _search_phase(ctx, "uncached", out)
    finally:
        s.restart({k: None for k in CACHE_OFF})
    return out


def validation_submission(ctx: Ctx) -> None:
    """(e) Validation application submission with the pre-check: via the gateway, and direct as reference."""
    body = json.dumps(APPLICATION)
    ctype = {"Content-Type": "application/json"}
    gw = ctx.run(
        "submit via gateway",
        ctx.services.url() + "/api/validation/v1/applications",
        connections=8,
        method="POST",
        body=body,
        headers=ctype,
    )
    direct = ctx.run(
        "submit direct",
        ctx.services.url("validation") + "/v1/applications",
        connections=8,
        method="POST",
        body=body,
        headers={**ctype, HEADER: ctx.identity},
    )
    _row(ctx, "(e) validation submission", "gateway, 8 conn", gw, direct, "of direct")
    _row(ctx, "(e) validation submission", "direct, 8 conn", direct)


def _up_once(home: Path) -> tuple[float, float, str]:
    env, _ = base_env(home, None)
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "up"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready, out = None, []
    while ready is None and (line := proc.stdout.readline()):
        out.append(line)
        if line.startswith("Press Ctrl-C"):
            ready = time.monotonic() - start
    stop_start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    if ready is None:
        raise RuntimeError("lotsen up did not become ready:\n" + "".join(out))
    return ready, time.monotonic() - stop_start, "".join(out)


def lotsen_up(ctx: Ctx) -> None:
    """(f) ``lotsen up`` from stopped to ready: first start (initdb + migrations) and a restart of a stopped suite."""
    home = Path(tempfile.mkdtemp(prefix="lotsen-bench-up-"))
    home.chmod(0o755)
    first, first_stop, _ = _up_once(home)
    again, stop, _ = _up_once(home)
    f = "(f) lotsen up"
    ctx.report.add(
        Row(
            f,
            "first start (initdb, migrations)",
            None,
            first * 1000,
            None,
            None,
            "",
            f"ready in {first:.2f} s; stop {first_stop:.2f} s",
        )
    )
    ctx.report.add(
        Row(
            f,
            "stopped → ready (existing cluster)",
            None,
            again * 1000,
            None,
            again / first,
            "of first start",
            f"ready in {again:.2f} s; stop {stop:.2f} s",
        )
    )
    import shutil

    shutil.rmtree(home, ignore_errors=True)
