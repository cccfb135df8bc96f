-- Enrolment's locked section in one call (issue 15). Every seat decision of a group is serialised on its row
-- lock, so what runs between taking the lock and the commit is what the queue waits for. This function takes the
-- lock, decides (enrolled while a seat is neither taken nor held by an open offer, else waitlisted), draws the
-- queue number, inserts, counts the wait-list position and logs the decision: one round trip instead of six.
--
-- It is a plpgsql function, not one statement with CTEs, on purpose: under READ COMMITTED a single statement
-- reads with the snapshot it took *before* waiting for the lock, so it would not see the seats the previous
-- holder just took. Each statement below takes a fresh snapshot, after the lock is held.
--
-- Outcomes: 'gone' (no such published group, nothing written), 'serve_waiters' (a seat is free and someone
-- already waits who might take it: nothing written; the caller offers the free seats in queue order, which
-- needs the matching rules for "any group that fits", and calls again with p_waiters_served), or the status
-- of the new entry: 'enrolled' or 'waitlisted' (with its position in the wait-list).
CREATE FUNCTION sfi.take_seat(
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
    IF taken < g.capacity AND NOT p_waiters_served AND EXISTS (
        SELECT 1 FROM sfi.enrolments w
         WHERE w.status = 'waitlisted' AND w.course_code = g.course_code
           AND (w.group_id = p_group_id OR p_group_id = ANY (w.alternatives) OR w.any_fit)
    ) THEN
        RETURN QUERY SELECT 'serve_waiters'::text, g.name, g.capacity, NULL::bigint, NULL::sfi.enrolments;
        RETURN;
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
