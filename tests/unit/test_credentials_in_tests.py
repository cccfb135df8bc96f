"""No test module signs a credential at import: it would expire while a busy machine runs the tests before it.

Tokens and identity assertions carry a lifetime of seconds to minutes. Signed once at import, they are already
old when a slow or loaded machine reaches the tests that use them (seen: "The bearer token has expired" in a
run under load). Module-level credentials are built with ``tests.helpers.Fresh``, which signs anew on each use.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIGNERS = {"bearer", "identity_header", "anonymous_header", "mint_token", "sign_identity", "token_for"}


def module_level_signings(source: str) -> list[tuple[int, str]]:
    """(line, signer) for each call of a signer evaluated when the module is imported."""
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        value = node.value
        for call in ast.walk(value) if value is not None else ():
            if isinstance(call, ast.Lambda):
                break  # a lambda (as in Fresh(lambda: ...)) signs when called, not at import
            if isinstance(call, ast.Call):
                name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
                if name in SIGNERS:
                    found.append((node.lineno, name))
    return found


def test_no_test_module_signs_a_credential_at_import():
    wrong = [
        f"{path.relative_to(ROOT)}:{line} calls {name}() at import; wrap it: Fresh(lambda: {name}(...))"
        for path in sorted(ROOT.glob("tests/**/*.py"))
        for line, name in module_level_signings(path.read_text(encoding="utf-8"))
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_check_sees_a_signing_at_import_and_not_one_inside_fresh():
    assert module_level_signings('ADMIN = bearer("a", "admin")\n') == [(1, "bearer")]
    assert module_level_signings('H = {**identity_header("x"), "A": "b"}\n') == [(1, "identity_header")]
    assert module_level_signings('ADMIN = Fresh(lambda: bearer("a", "admin"))\n') == []
    assert module_level_signings('def f():\n    return bearer("a")\n') == []
