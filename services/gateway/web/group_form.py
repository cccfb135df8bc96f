"""The SFI administrator's group form ⇄ the draft-group JSON (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SLOT_ROWS = 3
_FIELD_OF_POINTER = {"/course": "course", "/venueId": "venueId", "/roomId": "roomId", "/teacherIds": "teacherIds",
                     "/termId": "termId", "/startDate": "startDate", "/endDate": "endDate", "/slots": "slots",
                     "/capacity": "capacity", "/name": "name", "/path": "path", "/variant": "variant",
                     "/childPresent": "childPresent", "/distance": "distance"}  # fmt: skip


def _s(form: Any, key: str) -> str:
    return str(form.get(key, "")).strip()


def read_group(form: Any) -> dict[str, Any]:
    """The posted form as draft-group JSON (numbers left as text when they are not numbers: the service says)."""
    body: dict[str, Any] = {
        "name": _s(form, "name"), "course": _s(form, "course"), "path": _num(_s(form, "path")),
        "variant": _s(form, "variant") or "standard", "venueId": _s(form, "venueId") or None,
        "roomId": _s(form, "roomId") or None, "termId": _s(form, "termId") or None,
        "teacherIds": [str(t) for t in form.getall("teacherIds", []) if t],
        "capacity": _num(_s(form, "capacity")), "startDate": _s(form, "startDate"), "endDate": _s(form, "endDate"),
        "slots": [], "childPresent": _s(form, "childPresent") == "yes", "distance": _s(form, "distance") == "yes",
        "description": _s(form, "description"), "targetRole": _s(form, "targetRole") or None,
        "supportLanguages": [x for x in _s(form, "supportLanguages").replace(",", " ").split() if x],
    }  # fmt: skip
    for i in range(SLOT_ROWS):
        weekday, start, end = _s(form, f"slot-{i}-weekday"), _s(form, f"slot-{i}-start"), _s(form, f"slot-{i}-end")
        if weekday and start and end:
            body["slots"].append({"weekday": _num(weekday), "start": start[:5], "end": end[:5],
                                  "interval": _s(form, f"slot-{i}-interval") or "every"})  # fmt: skip
    return body


def _num(value: str) -> int | str | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def field_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """422 pointers → form fields (``/slots/0/start`` → ``slot-0-start``)."""
    out: dict[str, str] = {}
    for pointer, message in errors.items():
        parts = pointer.strip("/").split("/")
        if parts[0] == "slots" and len(parts) >= 3 and parts[1].isdigit():
            out.setdefault(f"slot-{parts[1]}-{parts[2]}", message)
        else:
            out.setdefault(_FIELD_OF_POINTER.get("/" + parts[0], "name"), message)
    return out


def conflict_fields(conflicts: list[Mapping[str, Any]]) -> set[str]:
    """Which fields a double-booking refusal concerns: the teacher or room, and the sessions."""
    fields = {"slots"}
    for c in conflicts:
        fields.add("roomId" if c.get("resource") == "room" else "teacherIds")
    return fields
