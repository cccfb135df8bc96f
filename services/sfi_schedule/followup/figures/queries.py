"""SQL of the target figures: one aggregate query per figure, every breakdown in one pass (GROUPING SETS).

Each query takes the window as ``$1`` first day, ``$2`` last day, ``$3`` period kind and ``$4`` the day the
figures are computed for; nothing dated after ``$4`` counts. Rows carry ``by`` (``total``, ``period``,
``year``, ``provider``, ``venue``, ``sex``, ``programme`` …) and ``key`` (the first day of the period or year,
the id or the code; NULL for "none": not started, no group, not recorded). Periods are grouped by their first day
(``date_trunc``, a fraction of the cost of formatting a label per row); the labels are made from the few rows.
"""

from __future__ import annotations

import re
from datetime import date

import asyncpg

# The first SFI start of every learner (the Swedish day of the first enrolment that took a seat) and its group.
STARTS = """
starts AS (
    SELECT DISTINCT ON (e.learner_id) e.learner_id,
           (e.enrolled_at AT TIME ZONE 'Europe/Stockholm')::date AS started_on, g.provider_id, g.venue_id
      FROM sfi.enrolments e JOIN sfi.groups g ON g.id = e.group_id
     WHERE e.enrolled_at IS NOT NULL AND e.enrolled_at < ($4::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm'
     ORDER BY e.learner_id, e.enrolled_at, e.id
)"""
# by/key of the learner-based breakdowns (the grouped columns must be named period, year, provider_id, venue_id, sex).
LEARNER_BY = """
       CASE WHEN grouping(period) = 0 THEN 'period' WHEN grouping(year) = 0 THEN 'year'
            WHEN grouping(provider_id) = 0 THEN 'provider' WHEN grouping(venue_id) = 0 THEN 'venue'
            WHEN grouping(sex) = 0 THEN 'sex' ELSE 'total' END AS by,
       coalesce(period::text, year::text, provider_id::text, venue_id::text, sex) AS key"""

SFI_START = f"""
WITH {STARTS},
cohort AS (
    SELECT l.id, l.right_arose_on AS arose, s.started_on, s.provider_id, s.venue_id,
           CASE WHEN l.establishment_programme THEN 'establishment' ELSE 'other' END AS programme,
           coalesce(p.sex, 'unrecorded') AS sex,
           (l.right_arose_on + make_interval(months => CASE WHEN l.establishment_programme THEN $6::int
                                                            ELSE $5::int END))::date AS deadline,
           date_trunc($3::text, l.right_arose_on::timestamp)::date AS period,
           date_trunc('year', l.right_arose_on::timestamp)::date AS year
      FROM sfi.learners l
      LEFT JOIN starts s ON s.learner_id = l.id
      LEFT JOIN sfi.followup_persons p ON p.learner_id = l.id
     WHERE l.right_arose_on BETWEEN $1::date AND least($2::date, $4::date)
),
classified AS (
    SELECT c.*, greatest(c.started_on - c.arose, 0) AS wait_days,
           CASE WHEN c.started_on <= c.deadline THEN 'within'
                WHEN c.started_on IS NOT NULL OR c.deadline < $4::date THEN 'late' ELSE 'waiting' END AS status,
           CASE WHEN c.started_on IS NULL THEN 'notStarted'
                WHEN c.started_on <= c.arose + interval '1 month' THEN '0-1'
                WHEN c.started_on <= c.arose + interval '2 months' THEN '1-2'
                WHEN c.started_on <= c.arose + interval '3 months' THEN '2-3'
                WHEN c.started_on <= c.arose + interval '6 months' THEN '3-6' ELSE '6+' END AS bucket
      FROM cohort c
)
SELECT CASE WHEN grouping(period) = 0 THEN 'period' WHEN grouping(year) = 0 THEN 'year'
            WHEN grouping(provider_id) = 0 THEN 'provider' WHEN grouping(venue_id) = 0 THEN 'venue'
            WHEN grouping(sex) = 0 THEN 'sex' WHEN grouping(programme) = 0 THEN 'programme' ELSE 'total' END AS by,
       coalesce(period::text, year::text, provider_id::text, venue_id::text, sex, programme) AS key,
       count(*)::int AS persons,
       count(*) FILTER (WHERE status = 'within')::int AS within,
       count(*) FILTER (WHERE status <> 'waiting')::int AS decided,
       count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
       count(started_on)::int AS started,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_days) FILTER (WHERE started_on IS NOT NULL) AS median_days,
       count(*) FILTER (WHERE bucket = '0-1')::int AS "0-1",
       count(*) FILTER (WHERE bucket = '1-2')::int AS "1-2",
       count(*) FILTER (WHERE bucket = '2-3')::int AS "2-3",
       count(*) FILTER (WHERE bucket = '3-6')::int AS "3-6",
       count(*) FILTER (WHERE bucket = '6+')::int AS "6+",
       count(*) FILTER (WHERE bucket = 'notStarted')::int AS "notStarted"
  FROM classified
 GROUP BY GROUPING SETS ((), (period), (year), (provider_id), (venue_id), (sex), (programme))
"""  # noqa: S608 - composed of constants

SFI_RESULTS = f"""
WITH deciding AS (  -- per learner and course: the first pass in the window, else the latest fail
    SELECT DISTINCT ON (r.learner_id, r.course_code) r.learner_id, r.course_code, r.grade = 'G' AS passed,
           r.decided_on, r.group_id
      FROM sfi.course_results r
     WHERE r.decided_on BETWEEN $1::date AND least($2::date, $4::date)
     ORDER BY r.learner_id, r.course_code, r.grade = 'G' DESC,
              CASE WHEN r.grade = 'G' THEN r.decided_on END, r.decided_on DESC, r.id
),
course_starts AS (
    SELECT learner_id, course_code, min((enrolled_at AT TIME ZONE 'Europe/Stockholm')::date) AS started_on
      FROM sfi.enrolments WHERE enrolled_at IS NOT NULL GROUP BY learner_id, course_code
),
people AS (
    SELECT d.course_code AS course, d.passed, g.provider_id, g.venue_id, coalesce(p.sex, 'unrecorded') AS sex,
           CASE WHEN d.passed AND s.started_on <= d.decided_on THEN d.decided_on - s.started_on END AS days,
           date_trunc($3::text, d.decided_on::timestamp)::date AS period,
           date_trunc('year', d.decided_on::timestamp)::date AS year
      FROM deciding d
      LEFT JOIN sfi.groups g ON g.id = d.group_id
      LEFT JOIN sfi.followup_persons p ON p.learner_id = d.learner_id
      LEFT JOIN course_starts s ON s.learner_id = d.learner_id AND s.course_code = d.course_code
)
SELECT {LEARNER_BY}, course,
       count(*)::int AS persons,
       count(*) FILTER (WHERE passed)::int AS passed,
       count(days)::int AS timed,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days
  FROM people
 GROUP BY GROUPING SETS ((course), (course, period), (course, year), (course, provider_id), (course, venue_id),
                         (course, sex), (), (period), (year))
"""  # noqa: S608 - composed of constants

WORK_OR_STUDIES = f"""
WITH {STARTS},
bases AS (
    SELECT s.learner_id, 'sfiStart' AS base, s.started_on AS base_on, s.provider_id, s.venue_id
      FROM starts s WHERE s.started_on BETWEEN $1::date AND $2::date
    UNION ALL
    SELECT p.learner_id, 'arrival', p.arrived_on, s.provider_id, s.venue_id
      FROM sfi.followup_persons p LEFT JOIN starts s ON s.learner_id = p.learner_id
     WHERE p.arrived_on BETWEEN $1::date AND least($2::date, $4::date)
),
horizons AS (
    SELECT b.*, h.months, (b.base_on + make_interval(months => h.months))::date AS at
      FROM bases b CROSS JOIN unnest($5::int[]) AS h(months)
),
points AS (  -- each horizon that has been reached by the day the figures are for, and its observation window
    SELECT h.*, (h.at - make_interval(months => $6::int))::date AS since FROM horizons h WHERE h.at <= $4::date
),
candidates AS (  -- records of the observation window before each point
    SELECT pt.learner_id, pt.base, pt.months, o.kind, o.study_kind, o.observed_on, o.recorded_at, o.id
      FROM points pt JOIN sfi.outcome_records o ON o.learner_id = pt.learner_id
     WHERE o.retracted_at IS NULL AND o.observed_on <= pt.at AND o.observed_on > pt.since
),
latest AS (
    SELECT DISTINCT ON (learner_id, base, months) learner_id, base, months, kind, study_kind
      FROM candidates ORDER BY learner_id, base, months, observed_on DESC, recorded_at DESC, id DESC
),
statuses AS (
    SELECT pt.base, pt.months, pt.provider_id, pt.venue_id, coalesce(p.sex, 'unrecorded') AS sex,
           date_trunc($3::text, pt.base_on::timestamp)::date AS period,
           date_trunc('year', pt.base_on::timestamp)::date AS year,
           CASE WHEN l.kind IS NULL THEN 'unknown' WHEN l.kind = 'studies' AND l.study_kind = 'sfi' THEN 'sfi'
                ELSE l.kind END AS status
      FROM points pt
      LEFT JOIN latest l USING (learner_id, base, months)
      LEFT JOIN sfi.followup_persons p ON p.learner_id = pt.learner_id
)
SELECT {LEARNER_BY}, base, months,
       count(*)::int AS reached,
       count(*) FILTER (WHERE status IN ('work', 'studies'))::int AS work_or_studies,
       count(*) FILTER (WHERE status = 'work')::int AS work,
       count(*) FILTER (WHERE status = 'studies')::int AS studies,
       count(*) FILTER (WHERE status = 'sfi')::int AS sfi,
       count(*) FILTER (WHERE status = 'placement')::int AS placement,
       count(*) FILTER (WHERE status = 'job_seeking')::int AS job_seeking,
       count(*) FILTER (WHERE status = 'parental_leave')::int AS parental_leave,
       count(*) FILTER (WHERE status = 'other')::int AS other,
       count(*) FILTER (WHERE status = 'unknown')::int AS unknown
  FROM statuses
 GROUP BY GROUPING SETS ((base, months), (base, months, period), (base, months, year), (base, months, provider_id),
                         (base, months, venue_id), (base, months, sex))
"""  # noqa: S608 - composed of constants

# Placement agreements come from the placements package (sfi.placement_agreements, started_on); until its tables
# exist the figure is reported as not available rather than failing.
PLACEMENTS = """
WITH started AS (
    SELECT w.employer_kind, coalesce(p.sex, 'unrecorded') AS sex,
           date_trunc($3::text, a.started_on::timestamp)::date AS period,
           date_trunc('year', a.started_on::timestamp)::date AS year
      FROM sfi.placement_agreements a
      JOIN sfi.placements pl ON pl.id = a.placement_id
      JOIN sfi.workplaces w ON w.id = pl.workplace_id
      LEFT JOIN sfi.followup_persons p ON p.learner_id = a.learner_id
     WHERE a.started_on BETWEEN $1::date AND least($2::date, $4::date)
)
SELECT CASE WHEN grouping(period) = 0 THEN 'period' WHEN grouping(year) = 0 THEN 'year'
            WHEN grouping(sex) = 0 THEN 'sex' ELSE 'total' END AS by,
       coalesce(period::text, year::text, sex) AS key, employer_kind,
       count(*)::int AS started
  FROM started
 GROUP BY GROUPING SETS ((), (employer_kind), (period), (employer_kind, period), (year), (employer_kind, year),
                         (sex), (employer_kind, sex))
"""
PLACEMENT_TABLES = ("sfi.placement_agreements", "sfi.placements", "sfi.workplaces")
SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")


async def export_snapshot(conn: asyncpg.Connection) -> str:
    """The id of this repeatable-read transaction's snapshot, for others to read the same data."""
    return await conn.fetchval("SELECT pg_export_snapshot()")


async def join_snapshot(conn: asyncpg.Connection, *, snapshot: str) -> None:
    """Make this (just begun, repeatable-read) transaction see exactly ``snapshot``; room for its sorts too."""
    if not SNAPSHOT_ID.fullmatch(snapshot):  # the statement takes no parameters: only PostgreSQL's own ids pass
        raise ValueError(f"not a snapshot id: {snapshot!r}")
    await conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
    await roomy_sorts(conn)


async def roomy_sorts(conn: asyncpg.Connection) -> None:
    """Give this transaction's sorts room (the default 4 MB spills them to disk at municipal size)."""
    await conn.execute("SET LOCAL work_mem = '64MB'")


async def sfi_start(
    conn: asyncpg.Connection, *, start: date, end: date, period: str, as_of: date, months: int,
    establishment_months: int,
) -> list[asyncpg.Record]:  # fmt: skip
    """Learners whose right arose in the window: started within the deadline, waiting times, still waiting."""
    return await conn.fetch(SFI_START, start, end, period, as_of, months, establishment_months)


async def sfi_results(conn: asyncpg.Connection, *, start: date, end: date, period: str, as_of: date) -> list:
    """Per course: learners with a result in the window, those who passed, and the days from start to pass."""
    return await conn.fetch(SFI_RESULTS, start, end, period, as_of)


async def work_or_studies(
    conn: asyncpg.Connection, *, start: date, end: date, period: str, as_of: date, horizons: list[int],
    observation_months: int,
) -> list[asyncpg.Record]:  # fmt: skip
    """Status of each learner 6, 12 and 24 months after the SFI start or the arrival, where that day has come."""
    return await conn.fetch(WORK_OR_STUDIES, start, end, period, as_of, horizons, observation_months)


async def placements_available(conn: asyncpg.Connection) -> bool:
    """True once the placements package's tables exist."""
    return await conn.fetchval("SELECT bool_and(to_regclass(t) IS NOT NULL) FROM unnest($1::text[]) AS t",
                               list(PLACEMENT_TABLES))  # fmt: skip


async def placements(conn: asyncpg.Connection, *, start: date, end: date, period: str, as_of: date) -> list:
    """Placement agreements started in the window, by employer kind."""
    return await conn.fetch(PLACEMENTS, start, end, period, as_of)


async def names(conn: asyncpg.Connection, *, provider_ids: list, venue_ids: list) -> dict[str, str]:
    """Names of providers and venues (organisations, not people) by id."""
    rows = await conn.fetch(
        "SELECT id::text AS id, name FROM sfi.providers WHERE id = ANY($1::uuid[]) "
        "UNION ALL SELECT id::text, name FROM sfi.venues WHERE id = ANY($2::uuid[])",
        provider_ids,
        venue_ids,
    )
    return {r["id"]: r["name"] for r in rows}
