"""Carry out publications: snapshot the draft, diff it, update the projection and the outbox, once."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin.common import Once, found, run_create
from services.sfi_schedule.admin.queries import lock_schedule
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.groups import plans
from services.sfi_schedule.groups import queries as group_queries
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.busy import clash_conflict, placement_clash, span
from services.sfi_schedule.notifications.service import publication_done
from services.sfi_schedule.publications import queries
from services.sfi_schedule.publications.domain import diff, group_doc, occurrences_of_doc
from services.sfi_schedule.publications.schemas import PublicationSchema
from services.sfi_schedule.rules.domain import EVENING_VARIANT
from services.sfi_schedule.webhooks.service import enqueue
from services.sfi_schedule.wire import Page, cut
from shared.body import schema_instance
from shared.db import transaction
from shared.errors import Conflict, ValidationFailed
from shared.idempotency import Outcome
from shared.pagination import PageRequest

MAX_DAYS_AHEAD = 366  # a publication is scheduled at most a year ahead
NOTHING_TO_PUBLISH = "nothing-to-publish"  # the 409's ``code`` when the draft is what is published


def nothing_changed(changes: dict[str, Any]) -> bool:
    """No group added, removed or changed: publishing would make an empty version."""
    return not (changes["added"] or changes["removed"] or changes["changed"])


def schedule_time_check(publish_at: datetime, *, now: datetime) -> None:
    """422 on ``/publishAt`` unless the time is later than ``now`` and at most a year ahead."""
    if publish_at <= now:
        raise ValidationFailed.field("/publishAt", "must be later than now (to publish now, send publishNow: true)")
    if publish_at > now + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationFailed.field("/publishAt", "must be within a year")


def projection(doc: dict[str, Any]) -> dict[str, Any]:
    """The filterable columns of a published group."""
    venue = doc["venue"]
    words = [doc["name"], venue["name"], venue["district"], venue["city"], doc["course"], doc["targetRole"],
             doc["description"], *doc["supportLanguages"]]  # fmt: skip
    return {
        "name": doc["name"], "course_code": doc["course"], "path": doc["path"], "variant": doc["variant"],
        "venue_id": UUID(venue["id"]), "venue_kind": venue["kind"], "district": venue["district"],
        "teacher_ids": [UUID(t) for t in doc["teacherIds"]], "weekdays": sorted({s["weekday"] for s in doc["slots"]}),
        "dayparts": doc["dayparts"], "child_present": doc["childPresent"], "capacity": doc["capacity"],
        "search": " ".join(w for w in words if w).lower(),
    }  # fmt: skip


async def snapshot_docs(conn: asyncpg.Connection, config: SfiConfig) -> dict[str, dict[str, Any]]:
    """Published documents of every live draft group."""
    rows = await group_queries.all_live_groups(conn)
    loaded = await plans.load(conn, rows)
    rooms = await group_queries.rooms_by_id(conn, ids=[r["room_id"] for r in rows if r["room_id"]])
    policies = await group_queries.evening_paths_by_provider(conn, ids=list({r["provider_id"] for r in rows}))
    docs = {}
    for gid, item in loaded.items():
        room = rooms.get(item.row["room_id"])
        doc = group_doc(item.row, item.slots, item.exceptions, item.venue, room, item.days_off, config.evening_start)
        if doc["variant"] == EVENING_VARIANT:  # the policy learners are held to, frozen with what they are shown
            paths = policies.get(item.row["provider_id"])
            doc["eveningPaths"] = sorted(config.evening_paths if paths is None else set(paths))
        docs[str(gid)] = doc
    return docs


async def _notify(conn: asyncpg.Connection, version: int, changes: dict[str, Any], at: datetime) -> None:
    def event(kind: str, resource: str, rid: str) -> dict[str, Any]:
        return {"id": str(uuid.uuid4()), "type": kind, "resourceType": resource, "resourceId": rid,
                "version": version, "occurredAt": at.isoformat()}  # fmt: skip

    for item in changes["added"]:
        await enqueue(conn, resource_type="group", event=event("group.published", "group", item["id"]))
    for item in changes["changed"]:
        await enqueue(conn, resource_type="group", event=event("group.updated", "group", item["id"]))
    for item in changes["removed"]:
        await enqueue(conn, resource_type="group", event=event("group.deleted", "group", item["id"]))
    await enqueue(conn, resource_type="publication", event=event("publication.published", "publication", str(version)))


async def _changes(conn: asyncpg.Connection, config: SfiConfig) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """The latest published version, the draft's documents and their diff; 409 when nothing would change.

    Takes the schedule lock first, so no save slips in between the check and what is published.
    """
    await lock_schedule(conn)
    previous_version, previous = await queries.latest_snapshot(conn)
    docs = await snapshot_docs(conn, config)
    changes = diff({d["id"]: d for d in previous}, docs)
    if not nothing_changed(changes):
        return previous_version, docs, changes
    since = f"the published version {previous_version}" if previous_version else "an empty schedule"
    raise Conflict(
        f"Nothing to publish: the draft is the same as {since}",
        extra={"code": NOTHING_TO_PUBLISH, "publishedVersion": previous_version or None},
    )


async def carry_out(conn: asyncpg.Connection, config: SfiConfig, *, publication_id: UUID, now: datetime) -> int:
    """Publish the current draft as the next version (caller holds the publication row lock); return it.

    409 when the draft is what is published already (no empty version), or a change collides with a
    learner's agreed work placement.
    """
    previous_version, docs, changes = await _changes(conn, config)
    await _refuse_placement_clashes(conn, [docs[c["id"]] for c in changes["changed"]])
    version = previous_version + 1
    for gid in [*(c["id"] for c in changes["added"]), *(c["id"] for c in changes["changed"])]:
        await queries.upsert_published(conn, version=version, doc=docs[gid], cols=projection(docs[gid]))
    await queries.tombstone_published(conn, version=version, group_ids=[UUID(c["id"]) for c in changes["removed"]])
    snapshot = {"version": version, "groups": [docs[g] for g in sorted(docs)]}
    await queries.mark_published(conn, id=publication_id, version=version, snapshot=snapshot, diff=changes)
    await _notify(conn, version, changes, now)
    return version


async def _refuse_placement_clashes(conn: asyncpg.Connection, changed: list[dict[str, Any]]) -> None:
    """409 when a changed group's sessions would fall in the agreed work placement of a learner seated in it."""
    pairs = await learners.seated_with_placements(conn, group_ids=[UUID(d["id"]) for d in changed])
    if not pairs:
        return
    found = await learners.placement_windows_of(conn, learner_ids=sorted({p["learner_id"] for p in pairs}))
    by_id = {d["id"]: d for d in changed}
    clashes = []
    for pair in pairs:
        learner, doc = found[pair["learner_id"]], by_id[str(pair["group_id"])]
        within = span(learner["windows"])
        clash = within and placement_clash(
            learner["windows"], occurrences_of_doc(doc, within), group_id=doc["id"], group_name=doc["name"]
        )
        if clash:
            clashes.append(replace(clash, learner_name=learner["display_name"]))
    if clashes:
        raise clash_conflict(clashes)


async def request(
    conn: asyncpg.Connection,
    config: SfiConfig,
    *,
    publish_at: datetime | None,
    note: str,
    requested_by: str,
    now: datetime,
) -> UUID:
    """Record a publication: carried out at once without ``publish_at``, else scheduled for then.

    Scheduling is refused (409) too when the draft is what is published: nothing would be published then
    unless the draft changes meanwhile, and the job checks again when it falls due.
    """
    pid = uuid.uuid4()
    await queries.insert_publication(conn, id=pid, publish_at=publish_at or now, note=note, requested_by=requested_by)
    if publish_at is None:
        await carry_out(conn, config, publication_id=pid, now=now)
    else:
        await _changes(conn, config)
    return pid


async def publish(
    pool: asyncpg.Pool,
    config: SfiConfig,
    *,
    publish_at: datetime | None,
    note: str,
    requested_by: str,
    once: Once,
    now: datetime,
) -> Outcome:
    """Publish the draft now (``publish_at`` None), or schedule it: later than ``now``, at most a year ahead.

    A retry with the same key gets the first answer.
    """
    if publish_at is not None:
        schedule_time_check(publish_at, now=now)
    async with transaction(pool) as conn:

        async def work() -> dict[str, Any]:
            pid = await request(conn, config, publish_at=publish_at, note=note, requested_by=requested_by, now=now)
            return publication_json(await queries.get_publication(conn, id=pid))

        return await run_create(conn, once, work)
    raise AssertionError("unreachable")  # pragma: no cover


async def cancel(pool: asyncpg.Pool, *, publication_id: UUID) -> dict[str, Any]:
    """Cancel a publication that has not happened yet."""
    async with transaction(pool) as conn:
        row = found(await queries.lock_publication(conn, id=publication_id), "publication")
        if row["status"] != "scheduled":
            raise Conflict(f"The publication is already {row['status']}")
        await queries.cancel(conn, id=publication_id)
        return publication_json(await queries.get_publication(conn, id=publication_id))


async def list_page(pool: asyncpg.Pool, *, published_only: bool, page: PageRequest) -> Page:
    """A page of publications, newest request first (only the published ones unless ``published_only`` is off)."""
    after, after_id = (datetime.fromisoformat(page.after[0]), UUID(page.after[1])) if page.after else (None, None)
    async with pool.acquire() as conn:
        rows = await queries.list_publications(
            conn, published_only=published_only, after=after, after_id=after_id, limit=page.limit + 1
        )
    shown = cut(rows, page, key=lambda r: [r["created_at"].isoformat(), r["id"]])
    return Page([publication_json(r) for r in shown.items], shown.last)


async def get_one(pool: asyncpg.Pool, *, publication_id: UUID, published_only: bool) -> dict[str, Any]:
    """One publication with its diff; 404 for one not published when ``published_only``."""
    async with pool.acquire() as conn:
        row = found(await queries.get_publication(conn, id=publication_id), "publication")
    if published_only and row["status"] != "published":
        found(None, "publication")
    return publication_json(row)


def publication_json(row: Any) -> dict[str, Any]:
    """The API representation of a publication row."""
    return schema_instance(PublicationSchema).dump(dict(row))


async def publish_due(pool: asyncpg.Pool, config: SfiConfig, *, now: datetime) -> int:
    """Carry out every publication due at ``now``, each exactly once across replicas; return how many this call did."""
    done = 0
    while True:
        async with pool.acquire() as conn, conn.transaction():
            pid = await queries.claim_due(conn, now=now)
            if pid is None:
                return done
            outcome = "published"
            try:
                async with conn.transaction():  # a savepoint: a refused publication is kept, as cancelled
                    await carry_out(conn, config, publication_id=pid, now=now)
            except Conflict as exc:  # nothing to publish, or a clash with an agreed placement (checked when due)
                await queries.refuse(conn, id=pid, reason=exc.detail)
                outcome = "refused"
            row = await queries.get_publication(conn, id=pid)
            await publication_done(conn, publication=row, outcome=outcome, at=now, admin_emails=config.admin_emails)
            if outcome == "published":
                done += 1
