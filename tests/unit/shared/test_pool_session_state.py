"""Pool connections are released without asyncpg's session reset (``shared.db.keep_session``), which is safe only
while no code run on a pool connection changes session state. This check reads the services' and the shared
package's Python and SQL for statements that would outlive their transaction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Run on dedicated connections that are closed afterwards (migrations and demo seeds), never on a pool's.
DEDICATED = {"shared/migrations.py", "services/registry.py"}

SESSION_STATE = [
    # A SQL string that starts with SET but not SET LOCAL / SET TRANSACTION / SET CONSTRAINTS (an UPDATE's SET
    # is never the first word of a string).
    # The house writes SQL keywords in capitals, so prose ("Set the ...", "a connection reset") does not match.
    (re.compile(r"""["'(]\s*SET\s+(?!LOCAL\b|TRANSACTION\b|CONSTRAINTS\b)"""), "session SET"),
    (re.compile(r"""["'(;]\s*RESET\s+\w"""), "RESET"),
    (re.compile(r"pg_(?:try_)?advisory_lock(?:_shared)?\s*\(", re.IGNORECASE), "session advisory lock"),
    (re.compile(r"set_config\s*\([^)]*,\s*false\s*\)", re.IGNORECASE), "set_config(..., false)"),
    (re.compile(r"""["']\s*LISTEN\s"""), "LISTEN"),
    (re.compile(r"\bWITH\s+HOLD\b", re.IGNORECASE), "cursor WITH HOLD"),
    (re.compile(r"\bCREATE\s+TEMP(?:ORARY)?\s+TABLE\b(?![^;]*ON\s+COMMIT\s+DROP)", re.IGNORECASE), "temp table"),
]


def findings(text: str) -> list[str]:
    return [what for pattern, what in SESSION_STATE if pattern.search(text)]


def sources() -> list[Path]:
    files = [*ROOT.glob("services/**/*.py"), *ROOT.glob("shared/**/*.py"), *ROOT.glob("services/**/migrations/*.sql")]
    return [f for f in files if f.relative_to(ROOT).as_posix() not in DEDICATED]


def test_no_code_on_a_pool_connection_changes_session_state():
    found = {
        f.relative_to(ROOT).as_posix(): hits for f in sources() if (hits := findings(f.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    "planted",
    [
        "await conn.execute(\"SET work_mem = '64MB'\")",
        'await conn.execute(f"SET search_path = {schema}")',
        'await conn.execute("SELECT pg_advisory_lock(42)")',
        "PERFORM set_config('app.user', p_user, false);",
        'await conn.execute("LISTEN changes")',
        "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
        "CREATE TEMP TABLE scratch (id int)",
        'await conn.execute("RESET work_mem")',
    ],
)
def test_the_check_finds_a_planted_session_statement(planted):
    assert findings(planted)


@pytest.mark.parametrize(
    "fine",
    [
        "await conn.execute(\"SET LOCAL work_mem = '64MB'\")",
        "await conn.execute(f\"SET TRANSACTION SNAPSHOT '{snapshot}'\")",
        '"UPDATE sfi.groups SET capacity = $2 WHERE id = $1"',
        "SELECT pg_advisory_xact_lock(hashtext($1))",
        "PERFORM set_config('app.user', p_user, true);",
        "CREATE TEMP TABLE scratch (id int) ON COMMIT DROP",
    ],
)
def test_the_check_lets_transaction_scoped_statements_be(fine):
    assert not findings(fine)
