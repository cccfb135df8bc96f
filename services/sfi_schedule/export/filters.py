"""The standard's common filters and sort keys, applied to SS 12000 items (pure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

Item = dict[str, Any]
# Swedish order: å ä ö after z (the three characters after "z" in ASCII), accented letters with their base.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "á": "a", "à": "a",
                          "ü": "y"})  # fmt: skip
_LAST_DAY = "9999-12-31"  # an open end sorts last


def instant(text: str) -> datetime:
    """An item's RFC 3339 time."""
    return datetime.fromisoformat(text)


def utc_text(value: datetime) -> str:
    """An instant as a fixed-width UTC string: sorts like the instant and survives a page token."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def utc_key(text: str) -> str:
    """``utc_text`` of an item's RFC 3339 time."""
    return utc_text(instant(text))


def collation_key(text: str | None) -> str:
    """Swedish alphabetical order, case-insensitive (å ä ö after z)."""
    return (text or "").casefold().translate(_SWEDISH)


def meta_ok(item: Item, q: dict[str, Any]) -> bool:
    """``meta.created.*`` / ``meta.modified.*``: ``after`` is exclusive, ``before`` inclusive."""
    for kind in ("created", "modified"):
        value = instant(item["meta"][kind])
        after, before = q.get(f"{kind}_after"), q.get(f"{kind}_before")
        if (after is not None and value <= after) or (before is not None and value > before):
            return False
    return True


def dates_ok(item: Item, q: dict[str, Any]) -> bool:
    """``startDate.*`` / ``endDate.*`` (both inclusive); a record without the date is always kept."""
    start, end = item.get("startDate"), item.get("endDate")
    checks = (
        (start, q.get("start_on_or_before"), lambda v, bound: v <= bound),
        (start, q.get("start_on_or_after"), lambda v, bound: v >= bound),
        (end, q.get("end_on_or_before"), lambda v, bound: v <= bound),
        (end, q.get("end_on_or_after"), lambda v, bound: v >= bound),
    )
    return all(v is None or bound is None or test(v, bound.isoformat()) for v, bound, test in checks)


def _field(item: Item, name: str) -> Any:
    if name == "modified":
        return utc_key(item["meta"]["modified"])
    if name == "startTime":
        return utc_key(item["startTime"])
    if name == "civicNo":
        return item.get("civicNo", {}).get("value", "")  # absent unless the caller may see numbers
    if name == "endDate":
        return item.get("endDate") or _LAST_DAY
    if name == "startDate":
        return item.get(name) or ""
    if name == "displayName" and "displayName" not in item:  # a Person's name is in two fields
        return collation_key(f"{item.get('givenName', '')} {item.get('familyName', '')}")
    return collation_key(item.get(name))


def sort_order(sortkey: str | None, default: str | None = None) -> tuple[Callable[[Item], tuple], bool]:
    """The key and direction of a standard ``sortkey`` like ``DisplayNameAsc``; the id breaks ties.

    Without one: ``default`` if given, else by id (stable, and what page tokens rely on).
    """
    sortkey = sortkey or default
    if not sortkey:
        return (lambda item: (item["id"],)), False
    descending = sortkey.endswith("Desc")
    name = sortkey.removesuffix("Desc").removesuffix("Asc")
    name = name[0].lower() + name[1:]
    return (lambda item: (_field(item, name), item["id"])), descending


def ids_of(refs: list[dict[str, Any]] | None, key: str | None = None) -> set[str]:
    """The ids in a list of references (or of ``ref[key]`` references)."""
    return {(r[key] if key else r)["id"] for r in refs or []}
