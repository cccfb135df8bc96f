"""axe-core (npm, locked in tests/node) run in a page: the serious and critical violations it finds.

The script is evaluated through the DevTools protocol rather than added as a ``<script>`` tag, so the pages'
strict Content-Security-Policy (a nonce per response) stays in force while axe looks at them.
"""

from __future__ import annotations

from functools import cache

from tests.node import package_dir

SERIOUS = (
    "async () => (await axe.run(document)).violations"
    ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + v.help)"
)


@cache
def _source() -> str:
    return (package_dir("axe-core") / "axe.min.js").read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    """``id: help`` of every serious or critical axe-core violation on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    return page.evaluate(SERIOUS)
