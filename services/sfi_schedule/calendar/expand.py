"""The one calendar expansion: weekly pattern → dated occurrences, used by the API, feeds and conflict check."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from uuid import UUID, uuid5

from services.sfi_schedule.calendar.model import Change, GroupPlan, Occurrence, Slot, as_local, local

# Fixed namespace so occurrence ids are the same on every replica, forever.
OCCURRENCE_NAMESPACE = UUID("6f1f6a2e-3b0c-5d43-9a57-5ad1f0c1e001")


def occurrence_id(group_id: UUID, original_start: datetime) -> UUID:
    """Stable id of an occurrence: uuid5 of the group id and the original local start (minute precision)."""
    wall = as_local(original_start).replace(tzinfo=None).isoformat(timespec="minutes")
    return uuid5(OCCURRENCE_NAMESPACE, f"{group_id}/{wall}")


def slot_dates(slot: Slot, first: date, last: date) -> list[date]:
    """Every date in ``first..last`` on the slot's weekday in a week the slot runs (no days off removed)."""
    day = first + timedelta(days=(slot.weekday - first.isoweekday()) % 7)
    out: list[date] = []
    while day <= last:
        if slot.runs_in_week(day):
            out.append(day)
        day += timedelta(days=7)
    return out


def pattern_starts(
    plan: GroupPlan, days_off: Mapping[date, str], within: tuple[date, date] | None = None
) -> list[tuple[datetime, datetime]]:
    """(start, end) of every planned session before exceptions, days off removed, sorted.

    ``within`` clips the dates (week parity does not depend on where the range starts).
    """
    first, last = plan.start_date, plan.end_date
    if within is not None:
        first, last = max(first, within[0]), min(last, within[1])
    out = [
        (local(day, slot.start), local(day, slot.end))
        for slot in plan.slots
        for day in slot_dates(slot, first, last)
        if day not in days_off
    ]
    return sorted(out)


def _key(value: datetime) -> datetime:
    return as_local(value).replace(tzinfo=None)


def _apply(plan: GroupPlan, start: datetime, end: datetime, change: Change | None) -> Occurrence:
    teachers, room, status, substituted = plan.teacher_ids, plan.room_id, "scheduled", False
    new_start, new_end = start, end
    if change is not None:
        if change.teacher_ids is not None:
            teachers, substituted = tuple(change.teacher_ids), True
        if change.room_id is not None:
            room, substituted = change.room_id, True
        if change.new_start is not None and change.new_end is not None:
            new_start, new_end, status = as_local(change.new_start), as_local(change.new_end), "moved"
        if change.cancelled:
            status = "cancelled"
    return Occurrence(
        id=occurrence_id(plan.id, start),
        group_id=plan.id,
        original_start=start,
        start=new_start,
        end=new_end,
        status=status,  # type: ignore[arg-type]
        teacher_ids=teachers,
        room_id=room,
        substituted=substituted,
    )


def expand(
    plan: GroupPlan,
    days_off: Mapping[date, str],
    *,
    window: tuple[date, date] | None = None,
) -> list[Occurrence]:
    """Dated occurrences of ``plan`` in Europe/Stockholm wall time, exceptions applied, sorted by start.

    Holidays, study-free days and closures (``days_off``) remove sessions outright; an exception cancels
    (kept with status ``cancelled``), moves or re-staffs one. ``window`` keeps occurrences whose
    (effective) local start date is inside it, both ends inclusive.
    """
    changes = {_key(c.original_start): c for c in plan.changes}
    moved = {k for k, c in changes.items() if c.new_start is not None}
    # Building an occurrence (its uuid5 id above all) is the costly part, so with a window only sessions
    # that can land in it are built: those planned inside it, and moved ones (a move may bring one in).
    within = window if window is not None and not moved else None
    starts = pattern_starts(plan, days_off, within)
    if window is not None and moved:
        first, last = window
        starts = [(s, e) for s, e in starts if first <= s.date() <= last or _key(s) in moved]
    out = [_apply(plan, s, e, changes.get(_key(s))) for s, e in starts]
    if window is not None:
        out = [o for o in out if window[0] <= o.start.date() <= window[1]]
    return sorted(out, key=lambda o: (o.start, o.id))


def unmatched_changes(plan: GroupPlan, days_off: Mapping[date, str]) -> list[Change]:
    """Exceptions whose original start is not a planned session (refused on save)."""
    planned = {_key(s) for s, _ in pattern_starts(plan, days_off)}
    return [c for c in plan.changes if _key(c.original_start) not in planned]
