"""``lotsen import-schedule FILE.csv``: draft groups from a spreadsheet, with progress and a per-row report."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from services.cli.commands import database
from services.sfi_schedule.config import from_settings
from services.sfi_schedule.imports.cli import import_file
from shared.clock import SYSTEM_CLOCK
from shared.settings import load_settings

BAR_WIDTH = 30


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the sub-command."""
    cmd = sub.add_parser("import-schedule", help="import draft SFI groups from a CSV file")
    cmd.add_argument("file", type=Path, help="CSV file (see docs/sfi-schedule.md for the columns)")
    cmd.add_argument("--force", action="store_true", help="keep the good rows even if some rows are refused")


def _progress(done: int, total: int) -> None:
    filled = BAR_WIDTH * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} rows")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    """Import, print the report; exit 1 when rows were refused (and nothing or only part was kept)."""
    if not args.file.is_file():
        print(f"lotsen import-schedule: no such file: {args.file}", file=sys.stderr)
        return 2
    settings = load_settings()
    with database(settings) as dsn:
        report = asyncio.run(import_file(dsn, args.file, force=args.force, progress=_progress,
                                         config=from_settings(settings), clock=SYSTEM_CLOCK))  # fmt: skip
    for row in report.rows:
        if row.status == "refused":
            reasons = "; ".join(f"{e.get('field', e.get('pointer', ''))}: {e.get('message', '')}" for e in row.errors)
            print(f"row {row.row} ({row.name}): refused — {reasons}")
    outcome = "imported" if report.committed else "nothing imported (use --force to keep the good rows)"
    print(f"{report.total} rows: {report.imported} imported, {report.refused} refused; {outcome}")
    return 0 if report.refused == 0 else 1
