"""SQL of taking a seat: the facts an enrolment is checked against, read in one statement, and the seat's
own statement (``sfi.enrol_at_once`` on its own, ``sfi.take_seat_answered`` inside a transaction)."""

# ruff: noqa: S608 - only constant column lists are interpolated; every value is a $n parameter.

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.learners.queries import STORED_COLS
from shared.idempotency import claim_statement


async def enrolment_facts(
    conn: asyncpg.Connection,
    *,
    group_id: UUID,
    learner_id: UUID | None,
    subject: str | None,
    claim: tuple[str, str, str] | None = None,
) -> asyncpg.Record:
    """Everything an enrolment is checked against before the seat is taken, in one statement.

    ``claim`` (consumer, Idempotency-Key, fingerprint): the key is claimed first, in the same statement, as
    ``shared.idempotency.run_once`` claims it (``claimed``: this request won it; else the caller replays).

    The learner's columns (``learners.queries.STORED_COLS``): the learner with ``learner_id``, or else the one
    with ``subject`` (``id`` null when none), locked
    (``sfi.lock_learner_windows``, migration 102: placement agreements and publications take the same lock, so
    the placement check is serialised with them) with ``placement_windows``, their agreed-placement hours read
    after the lock; ``results``: their recorded results, oldest first. The group's facts (``group_row_id`` null
    when no such group, ``published``), the learner's active entry in its course (``active_*``, null when none) and the
    group's published revision as matching reads it (``group_id`` null unless live), without its seat figures
    (zeros): they only rank groups and estimate the wait, no rule reads them (tests/unit/sfi_matching/
    test_seat_figures.py), and counting the wait-list is the one part of the read that grows with the queue.
    The other reads see the statement's snapshot, as separate statements before the lock did.
    """
    return await conn.fetchrow(_FACTS, group_id, learner_id, subject, *(claim or (None, None, None)))


def _facts_sql(*, at_once: bool) -> str:
    """The facts' statement: with the key's claim and the learner's lock, or (``at_once``) with neither."""
    if at_once:
        head = "SELECT i.request_hash AS key_hash, i.status AS key_status, i.body AS key_body,"
        windows, key_row = (
            "sfi.placement_busy_windows(x.id)",
            "LEFT JOIN sfi.idempotency_keys i ON i.consumer = $4 AND i.key = $5",
        )
    else:
        head = f"WITH claim AS ({claim_statement('sfi', 4)})\nSELECT EXISTS (SELECT FROM claim) AS claimed,"
        windows, key_row = "sfi.lock_learner_windows(x.id)", ""
    # The active entry's LIMIT 1 (there is at most one: a unique index) keeps that subquery a lateral one, probed
    # by learner and course; flattened into a join, the generic plan scanned every active entry of the course
    # and filtered by learner (1 250 rows, ~1 ms, in the benchmark's contended course).
    return f"""{head}
       {", ".join(f"x.{c}" for c in STORED_COLS)}, w.windows AS placement_windows,
       ARRAY(SELECT c FROM sfi.course_results c WHERE c.learner_id = x.id ORDER BY c.recorded_at, c.id) AS results,
       g.id AS group_row_id, g.end_date, p.name, p.course_code, p.capacity,
       (p.group_id IS NOT NULL AND p.deleted_at IS NULL AND g.deleted_at IS NULL) AS published,
       a.id AS active_id, a.status AS active_status, a.group_id AS active_group_id,
       CASE WHEN p.deleted_at IS NULL THEN p.group_id END AS group_id, p.revision, p.modified_at,
       0 AS free_seats, 0 AS waiting, 0 AS freed
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (SELECT * FROM sfi.learners l WHERE l.id = $2
                   UNION ALL SELECT * FROM sfi.learners l WHERE $2::uuid IS NULL AND l.subject = $3) x ON true
LEFT JOIN sfi.groups g ON g.id = $1
LEFT JOIN sfi.published_groups p ON p.group_id = g.id
LEFT JOIN LATERAL (SELECT e.id, e.status, e.group_id FROM sfi.enrolments e
                    WHERE e.learner_id = x.id AND e.course_code = p.course_code
                      AND e.status IN ('enrolled', 'waitlisted', 'offered')
                    LIMIT 1) a ON true
LEFT JOIN LATERAL (SELECT {windows} AS windows WHERE x.id IS NOT NULL) w ON true
{key_row}"""


_FACTS = _facts_sql(at_once=False)
_FACTS_AT_ONCE = _facts_sql(at_once=True)


async def enrolment_facts_at_once(
    conn: asyncpg.Connection, *, group_id: UUID, learner_id: UUID | None, subject: str | None, consumer: str,
    key: str | None,
) -> asyncpg.Record:  # fmt: skip
    """:func:`enrolment_facts` read on their own for :func:`enrol_at_once`: nothing locked, no key claimed.

    ``placement_windows`` are read now (``enrol_at_once`` checks them again under the learner's lock);
    ``key_hash``, ``key_status``, ``key_body``: the stored row of (``consumer``, ``key``), null when none.
    """
    return await conn.fetchrow(_FACTS_AT_ONCE, group_id, learner_id, subject, consumer, key)


async def enrol_at_once(
    conn: asyncpg.Connection,
    *,
    enrolment_id: UUID,
    learner_id: UUID,
    group_id: UUID,
    alternatives: list[UUID],
    any_fit: bool,
    actor: str,
    consumer: str,
    key: str | None,
    request_hash: str,
    windows: Any,
) -> asyncpg.Record:
    """Lock the learner, check their placement ``windows`` are still those read, take the seat, store the
    answer with the key, in one statement that commits as it ends (``sfi.enrol_at_once``, migration 103).

    ``outcome``: ``replay`` (``answer`` and ``request_hash`` are the key's), ``stale``, ``gone``,
    ``serve_waiters`` (nothing written for any of those), or ``enrolled`` / ``waitlisted`` with the ``answer``
    as JSON text.
    """
    return await conn.fetchrow(
        "SELECT outcome, answer::text AS answer, request_hash "
        "FROM sfi.enrol_at_once($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        enrolment_id, learner_id, group_id, alternatives, any_fit, actor, consumer, key, request_hash, windows,
    )  # fmt: skip


async def take_seat_answered(
    conn: asyncpg.Connection,
    *,
    enrolment_id: UUID,
    learner_id: UUID,
    group_id: UUID,
    alternatives: list[UUID],
    any_fit: bool,
    actor: str,
    waiters_served: bool,
    consumer: str | None,
    key: str | None,
    reason: str | None = None,
) -> asyncpg.Record:
    """Lock the group, decide, insert, place, log and answer in one statement (``sfi.take_seat_answered``,
    migrations 025 and 100).

    ``outcome`` is ``gone``, ``serve_waiters`` (nothing written: offer the free seats first, then call again
    with ``waiters_served``), ``enrolled`` or ``waitlisted``; ``enrolment`` is the new row, ``place`` its
    position in the wait-list, ``answer`` the entry as JSON text in ``enrolment_view``'s shape, also stored with
    the ``Idempotency-Key`` row of (``consumer``, ``key``) when there is a key, so nothing but the COMMIT
    follows while the group stays locked (until the transaction ends).
    """
    return await conn.fetchrow(
        "SELECT outcome, group_name, capacity, place, enrolment, answer::text AS answer "
        "FROM sfi.take_seat_answered($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        enrolment_id, learner_id, group_id, alternatives, any_fit, actor, waiters_served, consumer, key, reason,
    )  # fmt: skip
