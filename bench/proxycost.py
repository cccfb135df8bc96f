"""CPU per proxied request and added latency per upstream delay: the gateway against the bare relay.

``python -m bench.proxycost`` starts a tiny upstream that answers ``GET /v1/groups?...&d=MS`` after a fixed
delay of ``MS`` milliseconds with a search-sized public JSON answer, the gateway (with a throwaway
PostgreSQL for its keys) and ``bench.relay`` in front of it, and measures, in interleaved rounds:

* **CPU per request** of each proxy process at ``--connections`` connections (on-CPU time from
  ``/proc/<pid>/task/*/schedstat``, nanoseconds, over ``--requests`` requests): independent of how busy
  the machine is, unlike requests per second;
* **added latency** on one connection for each delay: the median time of a request through the proxy
  minus the median of the same request sent to the upstream directly, per round, then the median over
  rounds.

The figures are written to stdout; docs/benchmarks.md quotes them (section "Profile of the gateway's proxy
path"). The load generator is Python (asyncio on uvloop); its own CPU is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.procs import INTERNAL_SECRET, JWT_SECRET, ROOT, status_of
from bench.scenarios import anonymous_assertion
from shared.localpg import LocalPostgres, free_port

PATH = "/v1/groups?course=B&limit=20"
BODY_BYTES = 20_000

# -- the upstream ---------------------------------------------------------------------------------------


def _upstream_answer() -> bytes:
    item = b'{"id":"0b0e7c1e-0000-4000-8000-000000000000","name":"SFI B","freeSeats":3},'
    body = b'{"data":[' + (item * (BODY_BYTES // len(item)))[:-1] + b'],"pageToken":null}'
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nCache-Control: public, max-age=60\r\n"
        'ETag: "0123456789abcdef01234567"\r\nDate: Wed, 02 Dec 2026 16:00:00 GMT\r\nServer: upstream\r\n\r\n'
    )
    return head.encode() + body


_DOC = b'{"openapi":"3.1.0","info":{"title":"upstream","version":"1"},"paths":{}}'


class _Upstream(asyncio.Protocol):
    answer = _upstream_answer()
    document = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%b" % (len(_DOC), _DOC)

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.buf = b""
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, _, self.buf = self.buf.partition(b"\r\n\r\n")
            target = head.split(b" ", 2)[1]
            if target == b"/openapi.json":  # the gateway's document fetch
                self.transport.write(self.document)
                continue
            delay = 0.0
            if b"d=" in target:
                delay = float(target.rsplit(b"d=", 1)[1].split(b"&")[0]) / 1000
            if delay:
                asyncio.get_running_loop().call_later(delay, self.transport.write, self.answer)
            else:
                self.transport.write(self.answer)


def upstream_main(port: int) -> None:
    import uvloop

    loop = uvloop.new_event_loop()
    loop.run_until_complete(loop.create_server(_Upstream, "127.0.0.1", port))
    loop.run_forever()


# -- clients --------------------------------------------------------------------------------------------


def _request(host_port: str, target: str, extra: str = "") -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: {host_port}\r\nUser-Agent: proxycost\r\nAccept: */*\r\n{extra}\r\n".encode()


def _read_answer(sock: socket.socket, pending: bytes) -> bytes:
    while b"\r\n\r\n" not in pending:
        pending += sock.recv(65536)
    head, _, rest = pending.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    if status != b"200":
        raise RuntimeError(f"status {status.decode()}: {head[:300]!r}")
    length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
    while len(rest) < length:
        rest += sock.recv(65536)
    return rest[length:]


CLIENT_LOG: list | None = None  # (port, sent, answered) of every request, when instrumenting


def one_connection(port: int, target: str, n: int, extra: str = "") -> list[float]:
    """``n`` sequential requests on one keep-alive connection: each one's time in milliseconds."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    req = _request(f"127.0.0.1:{port}", target, extra)
    pending, times = b"", []
    try:
        for i in range(n + 20):
            t0 = time.perf_counter_ns()
            sock.sendall(req)
            pending = _read_answer(sock, pending)
            if CLIENT_LOG is not None:
                CLIENT_LOG.append((port, t0, time.perf_counter_ns()))
            if i >= 20:  # warm-up
                times.append((time.perf_counter_ns() - t0) / 1e6)
    finally:
        sock.close()
    return times


async def _load(port: int, target: str, connections: int, total: int, extra: str) -> None:
    req = _request(f"127.0.0.1:{port}", target, extra)
    left = [total]

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while left[0] > 0:
                left[0] -= 1
                writer.write(req)
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
                await reader.readexactly(length)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))


def on_cpu_ns(pid: int) -> int:
    """Nanoseconds ``pid`` (all its threads) has run on a CPU."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            total += int((task / "schedstat").read_text().split()[0])
    return total


def cpu_per_request(pid: int, port: int, target: str, connections: int, total: int, extra: str = "") -> float:
    """Microseconds of ``pid``'s CPU per request while ``total`` requests run at ``connections``."""
    import uvloop

    before = on_cpu_ns(pid)
    uvloop.run(_load(port, target, connections, total, extra))
    return (on_cpu_ns(pid) - before) / total / 1e3


# -- the processes --------------------------------------------------------------------------------------


def _spawn(args: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> subprocess.Popen:
    out = log.open("ab") if log else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _run(module: str, argv: list[str], probe: str | None) -> list[str]:
    if probe is None:
        return ["-m", module, *argv]
    code = f"import sys, runpy, {probe}; sys.argv[1:] = {argv!r}; runpy.run_module({module!r}, run_name='__main__')"
    return ["-c", code]


def _wait(url: str, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 60
    while status_of(url) != 200:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.proxycost", description=__doc__)
    parser.add_argument("--delays", default="0,2,10", help="upstream delays in ms (default 0,2,10)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--samples", type=int, default=300, help="requests per latency measurement")
    parser.add_argument("--requests", type=int, default=6000, help="requests per CPU measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--no-latency", action="store_true")
    parser.add_argument("--no-cpu", action="store_true")
    parser.add_argument("--access-log", default="true", help="LOTSEN_ACCESS_LOG of the gateway")
    parser.add_argument("--microcache", default="1", help="LOTSEN_GATEWAY_MICROCACHE_SECONDS of the gateway")
    parser.add_argument("--probe", help="a module imported into both proxies first (instrumentation)")
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",")]

    cluster = LocalPostgres.temporary()
    procs: list[subprocess.Popen] = []
    home = Path(tempfile.mkdtemp(prefix="lotsen-proxycost-"))
    try:
        from services.registry import migrate_all

        dsn = cluster.start()
        asyncio.run(migrate_all(dsn))
        up_port, gw_port, relay_port = free_port(), free_port(), free_port()
        upstream = _spawn(["-c", f"from bench.proxycost import upstream_main; upstream_main({up_port})"])
        procs.append(upstream)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_")}
        env.update(
            {
                "LOTSEN_HOME": str(home),
                "LOTSEN_GATEWAY_HOST": "127.0.0.1",
                "LOTSEN_GATEWAY_PORT": str(gw_port),
                "LOTSEN_SFI_URL": f"http://127.0.0.1:{up_port}",
                "LOTSEN_VALIDATION_URL": f"http://127.0.0.1:{up_port}",
                "LOTSEN_INTERNAL_SECRET": INTERNAL_SECRET,
                "LOTSEN_JWT_SECRET": JWT_SECRET,
                "LOTSEN_RATE_ANONYMOUS": "1000000",
                "LOTSEN_RATE_PERSON": "1000000",
                "LOTSEN_ACCESS_LOG": args.access_log,
                "LOTSEN_GATEWAY_MICROCACHE_SECONDS": args.microcache,
                "DATABASE_URL": dsn,
            }
        )
        gateway_env = {**env, "PROBE_NAME": "gateway"}
        gateway = _spawn(_run("services.gateway", [], args.probe), gateway_env, home / "gateway.log")
        procs.append(gateway)
        relay_args = [str(relay_port), f"http://127.0.0.1:{up_port}", anonymous_assertion(INTERNAL_SECRET)]
        relay = _spawn(_run("bench.relay", relay_args, args.probe), {**os.environ, "PROBE_NAME": "relay"})
        procs.append(relay)
        _wait(f"http://127.0.0.1:{gw_port}/healthz", gateway, "the gateway")
        _wait(f"http://127.0.0.1:{relay_port}/api/sfi{PATH}", relay, "the relay")
        # name: (port, pid, extra request headers); the gateway twice: as deployed, and forwarding every request
        targets = {
            "relay": (relay_port, relay.pid, ""),
            "gateway": (gw_port, gateway.pid, ""),
            "gateway, micro-cache bypassed": (gw_port, gateway.pid, "Cache-Control: no-cache\r\n"),
        }
        print(f"pids: upstream {upstream.pid} relay {relay.pid} gateway {gateway.pid}", flush=True)

        if not args.no_cpu:
            cpu: dict[str, list[float]] = {name: [] for name in targets}
            path = "/api/sfi" + PATH
            for port, pid, extra in targets.values():  # warm-up
                cpu_per_request(pid, port, path, args.connections, 1000, extra)
            for _ in range(args.rounds):
                for name, (port, pid, extra) in targets.items():
                    cpu[name].append(cpu_per_request(pid, port, path, args.connections, args.requests, extra))
            print(f"CPU per request at {args.connections} connections, d=0 (µs, {args.rounds} rounds):")
            for name, values in cpu.items():
                print(f"  {name:30} median {statistics.median(values):6.1f}  all {[round(v, 1) for v in values]}")

        if not args.no_latency:
            print(f"Added latency on one connection (ms, median of {args.rounds} rounds of {args.samples} requests):")
            for d in delays:
                target = f"{PATH}&d={d:g}"
                added: dict[str, list[float]] = {name: [] for name in targets}
                direct_p50 = []
                for _ in range(args.rounds):
                    base = statistics.median(one_connection(up_port, target, args.samples))
                    direct_p50.append(base)
                    for name, (port, _, extra) in targets.items():
                        times = one_connection(port, "/api/sfi" + target, args.samples, extra)
                        added[name].append(statistics.median(times) - base)
                if args.probe:
                    for pid in {pid for _, pid, _ in targets.values()}:
                        os.kill(pid, signal.SIGUSR1)
                    time.sleep(0.5)
                line = f"  d={d:>4g} ms  direct p50 {statistics.median(direct_p50):.3f}"
                for name, values in added.items():
                    line += f"  {name} +{statistics.median(values):.3f} ({min(values):+.3f}..{max(values):+.3f})"
                print(line, flush=True)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
