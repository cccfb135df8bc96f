-- The enrolment's reads in one statement and less planning under the group's lock (issue 15).
--
-- sfi.lock_learner_windows: one learner locked, then their agreed-placement windows read in a statement of
-- its own (a new snapshot under READ COMMITTED, as sfi.lock_placement_windows does for many). Its equality
-- plan is kept; the ANY(array) lock of the many-learner function was planned afresh on every call (custom
-- plans, ~0.1 ms). The enrolment's facts query (enrolment/queries.py enrolment_facts) calls it.
CREATE FUNCTION sfi.lock_learner_windows(p_learner_id uuid) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM sfi.learners l WHERE l.id = p_learner_id FOR UPDATE;
    RETURN sfi.placement_busy_windows(p_learner_id);
END
$$;

-- sfi.iso_utc is IMMUTABLE but calls to_char, which is only STABLE, so PostgreSQL never inlines it and, as
-- LANGUAGE sql, planned it afresh on each of its three calls per answer (pg_stat_statements: ~0.07 ms per
-- enrolment, inside the locked section). As PL/pgSQL its plan is kept. Same results.
CREATE OR REPLACE FUNCTION sfi.iso_utc(t timestamptz) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF t IS NULL THEN
        RETURN NULL;
    ELSIF extract(microseconds FROM t)::bigint % 1000000 = 0 THEN
        RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '+00:00';
    END IF;
    RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00';
END
$$;

-- sfi.take_seat as in migration 025 but for one test: the check for someone waiting who may take a free seat
-- runs (and is planned) only when a seat is free. As one condition its EXISTS was planned on every call, a
-- full group too (~0.05 ms under the lock).
CREATE OR REPLACE FUNCTION sfi.take_seat(
    p_enrolment_id uuid,
    p_learner_id uuid,
    p_group_id uuid,
    p_alternatives uuid[],
    p_any_fit boolean,
    p_actor text,
    p_waiters_served boolean,
    p_reason text DEFAULT NULL
) RETURNS TABLE (outcome text, group_name text, capacity integer, place bigint, enrolment sfi.enrolments)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    g record;
    taken integer;
    entry sfi.enrolments;
    queue_place bigint;
BEGIN
    SELECT p.name, p.course_code, p.capacity,
           (p.group_id IS NOT NULL AND p.deleted_at IS NULL AND gr.deleted_at IS NULL) AS published
      INTO g
      FROM sfi.groups gr LEFT JOIN sfi.published_groups p ON p.group_id = gr.id
     WHERE gr.id = p_group_id
       FOR UPDATE OF gr;
    IF NOT FOUND OR NOT g.published THEN
        RETURN QUERY SELECT 'gone'::text, NULL::text, NULL::integer, NULL::bigint, NULL::sfi.enrolments;
        RETURN;
    END IF;
    taken := (SELECT count(*) FROM sfi.enrolments e WHERE e.group_id = p_group_id AND e.status = 'enrolled')
           + (SELECT count(*) FROM sfi.offers o WHERE o.group_id = p_group_id AND o.status = 'open');
    IF taken < g.capacity AND NOT p_waiters_served THEN
        IF EXISTS (SELECT 1 FROM sfi.enrolments w
                    WHERE w.status = 'waitlisted' AND w.course_code = g.course_code
                      AND (w.group_id = p_group_id OR p_group_id = ANY (w.alternatives) OR w.any_fit)) THEN
            RETURN QUERY SELECT 'serve_waiters'::text, g.name, g.capacity, NULL::bigint, NULL::sfi.enrolments;
            RETURN;
        END IF;
    END IF;
    INSERT INTO sfi.enrolments AS e (id, learner_id, group_id, course_code, status, queue_seq, queued_at,
                                     alternatives, any_fit, requested_by, enrolled_at)
    VALUES (p_enrolment_id, p_learner_id, p_group_id, g.course_code,
            CASE WHEN taken < g.capacity THEN 'enrolled' ELSE 'waitlisted' END,
            nextval('sfi.enrolment_queue_seq'), clock_timestamp(), p_alternatives, p_any_fit, p_actor,
            CASE WHEN taken < g.capacity THEN clock_timestamp() END)
    RETURNING e.* INTO entry;
    IF entry.status = 'waitlisted' THEN
        queue_place := (SELECT count(*) FROM sfi.enrolments w
                         WHERE w.group_id = p_group_id AND w.status = 'waitlisted' AND w.queue_seq <= entry.queue_seq);
    END IF;
    INSERT INTO sfi.allocation_log (group_id, learner_id, enrolment_id, action, reason, actor, details)
    VALUES (p_group_id, p_learner_id, entry.id, entry.status,
            coalesce(p_reason, CASE WHEN entry.status = 'enrolled' THEN 'a seat was free'
                                    ELSE 'the group is full; wait-list position ' || queue_place END),
            p_actor, jsonb_build_object('capacity', g.capacity, 'position', queue_place));
    RETURN QUERY SELECT entry.status, g.name, g.capacity, queue_place, entry;
END
$$;
