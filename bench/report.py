"""Result rows, the printed table and ``docs/benchmarks.md``."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Row:
    """One measured figure: what, how fast, compared with what."""

    scenario: str
    variant: str
    rps: float | None = None
    p50: float | None = None
    p99: float | None = None
    ratio: float | None = None
    reference: str = ""
    note: str = ""


@dataclass
class Report:
    """Everything one run measured."""

    mode: str
    size: str
    only: str | None = None  # one scenario's letter (python -m bench --only c); None runs them all
    rows: list[Row] = field(default_factory=list)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    commands: dict[tuple[str, str], int] = field(default_factory=dict)  # (label, command) -> times run

    def add(self, row: Row) -> Row:
        """Record a row and print it at once."""
        self.rows.append(row)
        print("  " + _line(row), flush=True)
        return row

    def command(self, command: str, label: str) -> None:
        """Record a load generator command (once; repeated rounds are counted)."""
        self.commands[label, command] = self.commands.get((label, command), 0) + 1

    def check(self, name: str, ok: bool, detail: str) -> None:
        """Record a target and whether it was met."""
        self.checks.append((name, ok, detail))
        print(f"  {'✓' if ok else '✗'} {name}: {detail}", flush=True)


def _f(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _line(row: Row) -> str:
    ratio = f"{row.ratio:.2f}× {row.reference}" if row.ratio is not None else ""
    return (
        f"{row.scenario:<28} {row.variant:<34} {_f(row.rps, 0):>9} req/s  p50 {_f(row.p50, 2):>8} ms  "
        f"p99 {_f(row.p99, 2):>8} ms  {ratio}  {row.note}"
    )


def machine() -> dict[str, str]:
    """nproc, CPU model, memory, OS and Python."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = int(
            next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")).split()[1]
        )
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "unknown"
    pg = subprocess.run(
        ["sh", "-c", "ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg or "embedded",
    }


def markdown(report: Report, limits: dict[str, str]) -> str:
    """The benchmark document."""
    m = machine()
    out = ["# Benchmarks", ""]
    if report.mode == "quick":
        out += [
            "> **QUICK RUN** (`python -m bench --quick`): small data set and short wrk runs, measured while other",
            "> test suites were running on the same 2-core machine. The figures prove the harness end to end;",
            "> they are noisy and not the reference numbers. Run `make bench` on an idle machine for those.",
            "",
        ]
    out += ["## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in m.items()]
    out += ["", f"Data set: **{report.size}** (see `bench/data.py`).", "", "## Commands", "", "```"]
    out += [
        "make bench                      # = python -m bench (large data set, full durations)",
        "python -m bench --quick         # small data set, short runs (harness check)",
        "python -m bench --size medium   # other sizes: small | medium | large",
        "python -m bench --only g        # one scenario (a-g), e.g. g: the follow-up page; writes bench/out/only-g.md",
    ]
    out += ["```", "", "Load generator commands of this run (credentials abbreviated):", "", "```"]
    for (label, command), times in report.commands.items():
        out += [f"# {label}" + (f" (run {times} times, in interleaved rounds)" if times > 1 else ""), command]
    out += ["```", ""]
    out += [
        "## Results",
        "",
        "| scenario | variant | req/s | p50 ms | p99 ms | ratio | reference | note |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for r in report.rows:
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else ""
        out.append(
            f"| {r.scenario} | {r.variant} | {_f(r.rps, 0)} | {_f(r.p50, 2)} | {_f(r.p99, 2)} | {ratio} | "
            f"{r.reference} | {r.note} |"
        )
    out += ["", "## Targets", "", "| target | met | measured |", "|---|---|---|"]
    out += [f"| {name} | {'yes' if ok else '**no**'} | {detail} |" for name, ok, detail in report.checks]
    out += ["", "## What limits each figure", ""]
    out += [f"- **{k}**: {v}" for k, v in limits.items()]
    if report.findings:
        out += ["", "## Profile of the gateway's proxy path", "", *report.findings]
    return "\n".join(out) + "\n"
