"""Placement agreements: propose (a seat, concurrency-safe), agree, start, complete or end early, record hours.

Lock order, the same everywhere: the placement row, then the agreement, then the learner. Enrolment locks a
group and then the learner, so a placement and an SFI change for one learner are decided one after the other.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from services.sfi_schedule.admin.common import ensure_version, found
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.busy import first_common_day, placement_clash, span
from services.sfi_schedule.learners.profile import windows_of
from services.sfi_schedule.placements import queries
from services.sfi_schedule.placements.access import is_staff, may_move, may_see_agreement, signed_in
from services.sfi_schedule.placements.config import PlacementConfig
from services.sfi_schedule.placements.domain import (
    BUSY,
    OPEN,
    agreement_windows,
    has_seat,
    period_errors,
    registerkontroll_error,
    transition_error,
)
from services.sfi_schedule.placements.service import create_once, today
from services.sfi_schedule.placements.views import agreement_view
from services.sfi_schedule.publications.domain import occurrences_of_doc
from shared.db import transaction
from shared.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from shared.idempotency import Outcome
from shared.identity import Identity


async def _learner_id(conn: asyncpg.Connection, identity: Identity, asked: UUID | None) -> UUID:
    """Staff name the learner; a learner may ask for a placement for themself only."""
    if is_staff(identity):
        if asked is None:
            raise ValidationFailed.field("/learnerId", "name the learner the placement is for")
        if await learners.by_id(conn, learner_id=asked) is None:
            raise ValidationFailed.field("/learnerId", "no such learner")
        return asked
    if identity.kind != "person" or not identity.has_role("resident"):
        raise Forbidden("Only the learner, SFI administrators and caseworkers may propose a placement")
    me = await learners.by_subject(conn, subject=identity.sub)
    if me is None:
        raise NotFound("You have no SFI learner profile yet; create it with PUT /v1/learners/me")
    if asked is not None and asked != me["id"]:
        raise Forbidden("You may ask for a placement for yourself only")
    return me["id"]


async def refuse_clashes(conn: asyncpg.Connection, *, learner_id: UUID, agreement_id: UUID, windows: list) -> None:
    """409 when the hours collide with the learner's SFI groups or another agreed placement (locks the learner)."""
    fresh = (await learners.placement_windows_of(conn, learner_ids=[learner_id]))[learner_id]
    mine = windows_of(windows)
    for other in (w for w in fresh["windows"] if w.get("agreementId") != str(agreement_id)):
        for a in mine:
            for b in windows_of([other]):
                day = first_common_day(a, b, max(a.valid_from, b.valid_from), min(a.valid_to, b.valid_to))
                if day is not None:
                    raise Conflict(
                        f"The hours {a.label} collide with the learner's placement {other['title']!r} "
                        f"{b.label} (first on {day.isoformat()})",
                        extra={"collision": {"placementId": other.get("placementId"), "first": day.isoformat()}},
                    )
    within = span(windows)
    for entry in await queries.sfi_entries(conn, learner_ids=[learner_id]):
        occurrences = occurrences_of_doc(entry["doc"], within)
        clash = placement_clash(windows, occurrences, group_id=str(entry["group_id"]), group_name=entry["name"])
        if clash is not None:
            raise Conflict(
                f"The hours {clash.window.label} collide with the learner's SFI group {clash.group_name} "
                f"(first on {clash.first.isoformat()}); choose another placement or move the SFI group first",
                extra={"collision": clash.as_json()},
            )


def _period(placement: Any, start: date | None, end: date | None, pointer: str = "") -> tuple[date, date]:
    """The agreement's dates: within the placement's period (the placement's own by default)."""
    start, end = start or placement["start_date"], end or placement["end_date"]
    errors = period_errors(start, end, pointer)
    if start < placement["start_date"]:
        errors.append(FieldError(f"{pointer}/startDate", f"the placement starts on {placement['start_date']}"))
    if end > placement["end_date"]:
        errors.append(FieldError(f"{pointer}/endDate", f"the placement ends on {placement['end_date']}"))
    if errors:
        raise ValidationFailed(errors)
    return start, end


async def propose(
    pool: asyncpg.Pool, *, placement_id: UUID, identity: Identity, data: dict[str, Any], key: str | None,
    fingerprint: str, config: PlacementConfig,
) -> Outcome:  # fmt: skip
    """Propose the placement to a learner; a seat is held while proposed, agreed or ongoing (409 when full)."""
    signed_in(identity)

    async def work(conn: asyncpg.Connection) -> dict[str, Any]:
        placement = found(await queries.get_placement(conn, id=placement_id, lock=True), "placement")
        if placement["status"] != "open" or placement["end_date"] < today():
            raise Conflict(f"{placement['title']} is no longer open for agreements")
        learner_id = await _learner_id(conn, identity, data.get("learnerId"))
        start, end = _period(placement, data.get("startDate"), data.get("endDate"))
        if not has_seat(seats=placement["seats"], taken=await queries.taken_seats(conn, placement_id=placement_id)):
            raise Conflict(f"All {placement['seats']} seats of {placement['title']} are taken",
                           extra={"seats": placement["seats"]})  # fmt: skip
        aid = uuid4()
        windows = agreement_windows(placement["hours"], start=start, end=end, placement_id=str(placement_id),
                                    agreement_id=str(aid), title=placement["title"])  # fmt: skip
        await refuse_clashes(conn, learner_id=learner_id, agreement_id=aid, windows=windows)
        try:
            async with conn.transaction():
                await queries.insert_agreement(conn, id=aid, d={
                    "placement_id": placement_id, "learner_id": learner_id, "start_date": start, "end_date": end,
                    "mentor_name": data.get("mentorName") or placement["mentor_name"], "busy_windows": windows,
                    "proposed_by": identity.sub})  # fmt: skip
        except asyncpg.UniqueViolationError:
            raise Conflict("The learner already has an open agreement for this placement") from None
        await queries.log(conn, agreement_id=aid, action="proposed", actor=identity.sub,
                          details={"startDate": start.isoformat(), "endDate": end.isoformat()})  # fmt: skip
        return await _view(conn, aid, config)

    return await create_once(pool, identity, key, fingerprint, work)


async def _view(conn: asyncpg.Connection, agreement_id: UUID, config: PlacementConfig) -> dict[str, Any]:
    row = await queries.get_agreement(conn, id=agreement_id)
    history = await queries.history(conn, agreement_id=agreement_id)
    return agreement_view(row, months=config.registerkontroll_months, history=history)


async def _locked(conn: asyncpg.Connection, agreement_id: UUID, identity: Identity, if_match: str | None) -> Any:
    row = await queries.get_agreement(conn, id=agreement_id)
    if row is None:
        raise NotFound("No such placement agreement")
    may_see_agreement(identity, row)
    placement = await queries.get_placement(conn, id=row["placement_id"], lock=True)
    row = await queries.get_agreement(conn, id=agreement_id, lock=True)
    ensure_version(if_match, row["version"])
    return placement, row


def _registerkontroll(row: Any, shown: date | None, start: date, config: PlacementConfig, given: bool) -> None:
    problem = registerkontroll_error(needed=row["needs_registerkontroll"], shown_on=shown, start=start,
                                     today=today(), months=config.registerkontroll_months)  # fmt: skip
    if problem is not None:
        raise ValidationFailed.field("/registerkontrollShownOn", problem) if given else Conflict(problem)


async def move_on(
    pool: asyncpg.Pool, *, agreement_id: UUID, identity: Identity, data: dict[str, Any], if_match: str | None,
    config: PlacementConfig,
) -> dict[str, Any]:  # fmt: skip
    """Agree, start, complete or end early; each step is checked, logged and (when agreed) becomes busy time."""
    signed_in(identity)
    to = data["to"]
    async with transaction(pool) as conn:
        _, row = await _locked(conn, agreement_id, identity, if_match)
        may_move(identity, row, to)
        problem = transition_error(row["state"], to)
        if problem is not None:
            raise Conflict(problem)
        on = data.get("on") or today()
        if on > today():
            raise ValidationFailed.field("/on", "cannot be a day still to come")
        values: dict[str, Any] = {"state": to}
        if data.get("hoursDone") is not None:
            values["hours_done"] = Decimal(str(data["hoursDone"]))
        shown = data.get("registerkontrollShownOn") or row["registerkontroll_shown_on"]
        if data.get("registerkontrollShownOn") is not None:
            values.update(registerkontroll_shown_on=shown, registerkontroll_recorded_by=identity.sub)
        if to in ("agreed", "ongoing"):
            _registerkontroll(row, shown, on if to == "ongoing" else row["start_date"], config,
                              data.get("registerkontrollShownOn") is not None)  # fmt: skip
        if to == "agreed":
            await refuse_clashes(conn, learner_id=row["learner_id"], agreement_id=agreement_id,
                                 windows=row["busy_windows"])  # fmt: skip
            values["agreed_at"] = datetime.now(UTC)
        elif to == "ongoing":
            values["started_on"] = on
        else:
            values.update(ended_on=on, end_reason=data.get("reason"))
        await queries.set_agreement(conn, id=agreement_id, values=values)
        details = {k: v for k, v in data.items() if k != "to" and v is not None}
        await queries.log(conn, agreement_id=agreement_id, action=to, actor=identity.sub, details=details)
        return await _view(conn, agreement_id, config)


async def amend(
    pool: asyncpg.Pool, *, agreement_id: UUID, identity: Identity, data: dict[str, Any], if_match: str | None,
    config: PlacementConfig,
) -> dict[str, Any]:  # fmt: skip
    """Record hours done, the mentor, changed dates or the registerkontroll date (staff and the workplace)."""
    signed_in(identity)
    async with transaction(pool) as conn:
        placement, row = await _locked(conn, agreement_id, identity, if_match)
        may_move(identity, row, "agreed")
        if row["state"] not in OPEN and set(data) - {"hoursDone"}:
            raise Conflict(f"The agreement is {row['state']}; only the hours done can still be recorded")
        values: dict[str, Any] = {}
        if "hoursDone" in data:
            values["hours_done"] = Decimal(str(data["hoursDone"]))
        if "mentorName" in data:
            values["mentor_name"] = data["mentorName"]
        if "registerkontrollShownOn" in data:
            values.update(registerkontroll_shown_on=data["registerkontrollShownOn"],
                          registerkontroll_recorded_by=identity.sub)  # fmt: skip
        if "startDate" in data or "endDate" in data:
            start, end = _period(
                placement, data.get("startDate", row["start_date"]), data.get("endDate", row["end_date"])
            )
            windows = agreement_windows(row["hours"], start=start, end=end, placement_id=str(row["placement_id"]),
                                        agreement_id=str(agreement_id), title=row["title"])  # fmt: skip
            if row["state"] in BUSY:
                await refuse_clashes(conn, learner_id=row["learner_id"], agreement_id=agreement_id, windows=windows)
            values.update(start_date=start, end_date=end, busy_windows=windows)
        await queries.set_agreement(conn, id=agreement_id, values=values)
        details = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
        await queries.log(conn, agreement_id=agreement_id, action="amended", actor=identity.sub, details=details)
        return await _view(conn, agreement_id, config)


async def get_agreement(
    pool: asyncpg.Pool, *, agreement_id: UUID, identity: Identity, config: PlacementConfig
) -> dict[str, Any]:
    """One agreement with its history: staff, the workplace's contact, and the learner."""
    signed_in(identity)
    async with pool.acquire() as conn:
        row = await queries.get_agreement(conn, id=agreement_id)
        if row is None:
            raise NotFound("No such placement agreement")
        may_see_agreement(identity, row)
        return await _view(conn, agreement_id, config)


async def list_agreements(
    pool: asyncpg.Pool, *, identity: Identity, filters: dict[str, Any], after: list[Any] | None, limit: int,
    config: PlacementConfig,
) -> list[dict[str, Any]]:  # fmt: skip
    """Agreements, newest first: every one for staff, a workplace's for its contact, one's own for a learner."""
    signed_in(identity)
    f = dict(filters)
    key = (datetime.fromisoformat(after[0]), UUID(after[1])) if after else None
    async with pool.acquire() as conn:
        if not is_staff(identity):
            if identity.kind == "person" and identity.has_role("workplace_contact"):
                f["contact"] = identity.sub
            else:
                me = await learners.by_subject(conn, subject=identity.sub) if identity.kind == "person" else None
                if me is None:
                    return []
                f["learnerId"] = me["id"]
        rows = await queries.list_agreements(conn, f=f, after=key, limit=limit)
    return [agreement_view(r, months=config.registerkontroll_months) for r in rows]
