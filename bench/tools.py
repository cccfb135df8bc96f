"""wrk and nginx: install when missing (root, apt), run, and parse wrk's ``--latency`` output."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from shared.localpg import free_port


class ToolMissing(Exception):
    """A tool is missing and could not be installed here."""


def ensure_tools() -> dict[str, str]:
    """Paths of ``wrk`` and ``nginx``; install them with apt-get when root, else say how."""
    missing = [t for t in ("wrk", "nginx") if not _which(t)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        packages = ["wrk" if t == "wrk" else "nginx-light" for t in missing]
        print(f"· installing {' '.join(packages)} with apt-get", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", *packages]
        if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=False)
            subprocess.run(install, env=env, capture_output=True, check=False)
    missing = [t for t in ("wrk", "nginx") if not _which(t)]
    if missing:
        raise ToolMissing(
            f"missing {', '.join(missing)}: install with `sudo apt-get install wrk nginx-light` "
            "(Debian/Ubuntu) or `brew install wrk nginx` (macOS), then run `make bench` again"
        )
    return {t: _which(t) or t for t in ("wrk", "nginx")}


def _which(tool: str) -> str | None:
    return shutil.which(tool) or next(
        (p for p in (f"/usr/sbin/{tool}", f"/usr/local/sbin/{tool}") if Path(p).exists()), None
    )


@dataclass(frozen=True, slots=True)
class WrkResult:
    """Throughput and latency percentiles (milliseconds) of one wrk run."""

    rps: float
    p50: float
    p90: float
    p99: float
    requests: int
    errors: int
    non2xx: int


def median_of(results: list[WrkResult]) -> WrkResult:
    """One figure from several short runs: the median of each statistic, the sums of the counts."""
    med = statistics.median
    return WrkResult(
        med(r.rps for r in results), med(r.p50 for r in results), med(r.p90 for r in results),
        med(r.p99 for r in results), sum(r.requests for r in results), sum(r.errors for r in results),
        sum(r.non2xx for r in results),
    )  # fmt: skip


_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNIT[match.group(2)]


def parse_wrk(out: str) -> WrkResult:
    """Read ``Requests/sec``, the latency distribution and error counts from wrk's output."""
    pct = {m.group(1): _ms(m.group(2)) for m in re.finditer(r"^\s+(50|90|99)%\s+(\S+)", out, re.MULTILINE)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return WrkResult(rps, pct["50"], pct["90"], pct["99"], total, errors, int(non2xx.group(1)) if non2xx else 0)


def wrk_args(url: str, *, seconds: float, connections: int, threads: int = 2, headers=None, script=None) -> list[str]:
    """The wrk command line (``script``: a Lua file for bodies and non-GET methods)."""
    threads = max(1, min(threads, connections))
    duration = f"{max(1, round(seconds))}s"  # wrk takes whole seconds only ("2.5s" is an error)
    args = ["wrk", "-t", str(threads), "-c", str(connections), "-d", duration, "--latency", "--timeout", "10s"]
    for k, v in (headers or {}).items():
        args += ["-H", f"{k}: {v}"]
    if script:
        args += ["-s", script]
    return [*args, url]


def shown_command(url: str, *, seconds: float, connections: int, threads: int = 2, headers=None, method="GET",
                  body=None, lua=None) -> str:  # fmt: skip
    """The wrk command as the document shows it: credentials abbreviated, the Lua script named by what it does."""
    shown = {k: _abbreviated(k, v) for k, v in (headers or {}).items()}
    script = None
    if lua is not None or method != "GET" or body is not None:
        script = f"<{method} with a JSON body>.lua" if lua is None else "<script>.lua"
    args = wrk_args(url, seconds=seconds, connections=connections, threads=threads, headers=shown, script=script)
    return shlex.join(args)


def _abbreviated(name: str, value: str) -> str:
    if name.lower() == "authorization":
        return value.split(" ", 1)[0] + " <JWT>"
    if name.lower() == "x-lotsen-identity":
        return "<signed identity assertion>"
    return value


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: str | None = None,
    lua: str | None = None,
) -> WrkResult:
    """Run wrk against ``url`` (a Lua script for bodies and non-GET methods) and parse the result."""
    script = lua
    if script is None and (method != "GET" or body is not None):
        script = f"wrk.method = {_lua_str(method)}\nwrk.body = {_lua_str(body or '')}\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script or "")
    try:
        args = wrk_args(url, seconds=seconds, connections=connections, threads=threads, headers=headers,
                        script=f.name if script else None)  # fmt: skip
        out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(f.name)
    return parse_wrk(out)


def _lua_str(text: str) -> str:
    return "[==[" + text + "]==]"


NGINX_CONF = """
worker_processes {workers};
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream sfi {{ server 127.0.0.1:{sfi_port}; keepalive 64; }}
    upstream validation {{ server 127.0.0.1:{validation_port}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{port};
        location /api/sfi/ {{
            proxy_pass http://sfi/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Lotsen-Identity "{identity}";
            proxy_set_header X-Request-ID $request_id;
        }}
        location /api/validation/ {{
            proxy_pass http://validation/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Lotsen-Identity "{identity}";
            proxy_set_header X-Request-ID $request_id;
        }}
        location = /healthz {{
            proxy_pass http://sfi/healthz;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
}}
"""


class Nginx:
    """nginx as the reference reverse proxy in front of the same services (one worker: one core, like the gateway)."""

    def __init__(self, binary: str, *, sfi_port: int, validation_port: int, identity: str, workers: int = 1) -> None:
        self.binary = binary
        self.root = Path(tempfile.mkdtemp(prefix="lotsen-bench-nginx-"))
        self.port = free_port()
        conf = NGINX_CONF.format(
            workers=workers,
            root=self.root,
            sfi_port=sfi_port,
            validation_port=validation_port,
            port=self.port,
            identity=identity,
        )
        self.conf = self.root / "nginx.conf"
        self.conf.write_text(conf)

    @property
    def url(self) -> str:
        """Base URL of the proxy."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Nginx:
        """Start nginx in the background (it daemonises)."""
        subprocess.run([self.binary, "-c", str(self.conf), "-p", str(self.root)], check=True, capture_output=True)
        return self

    def stop(self) -> None:
        """Stop nginx and delete its folder."""
        subprocess.run(
            [self.binary, "-c", str(self.conf), "-p", str(self.root), "-s", "quit"], check=False, capture_output=True
        )
        shutil.rmtree(self.root, ignore_errors=True)
