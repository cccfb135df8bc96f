"""Groups: one teaching group (Undervisning) per published group, with learners' memberships when allowed."""

from __future__ import annotations

from typing import Any

from services.sfi_schedule.export.sources import SCHOOL_TYPE, Row, Sources, meta


def _modified(src: Sources, row: Row) -> Any:
    """A group changes with its document and, for callers who see them, with its memberships."""
    return max([row["modified_at"], *(m["updated_at"] for m in src.members_of.get(str(row["group_id"]), []))])


def dated(item: dict[str, Any], membership: Row) -> dict[str, Any]:
    """``item`` with a membership's local start date and, once it ended, end date."""
    item["startDate"] = membership["start_date"].isoformat()
    if membership["end_date"] is not None:
        item["endDate"] = membership["end_date"].isoformat()
    return item


def group_fragment(src: Sources, row: Row) -> dict[str, Any]:
    """The standard's GroupFragment: a teaching group at its venue."""
    doc = row["doc"]
    return {
        "id": doc["id"], "meta": meta(row["created_at"], _modified(src, row)), "displayName": doc["name"],
        "startDate": doc["startDate"], "endDate": doc["endDate"], "groupType": "Undervisning",
        "schoolType": SCHOOL_TYPE, "organisation": src.ref(doc["venue"]["id"], doc["venue"]["name"]),
    }  # fmt: skip


def group(src: Sources, row: Row, *, embed: bool = True) -> dict[str, Any]:
    """A Group; its memberships only for callers who may see learners."""
    out = group_fragment(src, row)
    if src.options.access.learners:
        out["groupMemberships"] = [
            dated({"person": src.ref(m["learner_id"], src.learner_name(m["learner_id"]))}, m)
            for m in src.members_of.get(str(row["group_id"]), [])
        ]
    if embed and "assignmentRoles" in src.options.expand:
        out["_embedded"] = {"assignmentRoles": []}  # SFI teachers teach activities; no mentor roles are kept
    return out


def groups(src: Sources) -> list[dict[str, Any]]:
    """Every live published group."""
    return [group(src, r) for r in src.published]
