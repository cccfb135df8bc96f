-- The enrolment's locked section in one statement (issue 15): the group's lock is taken by sfi.take_seat and
-- held until COMMIT, so every round trip to Python between the two holds every other enrolment of the group.
-- sfi.take_seat_answered takes the seat and writes the idempotent answer in the same statement; the answer is
-- built here, in the shape of enrolment/views.py enrolment_view (a test compares the two), so the caller
-- commits straight after. And the learner's lock with the fresh read of their placement windows becomes
-- one call (a VOLATILE plpgsql function reads each statement with a new snapshot, as two statements did).

-- A timestamptz as Python's datetime.isoformat() writes a UTC time (microseconds left out when zero).
CREATE FUNCTION sfi.iso_utc(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN t IS NULL THEN NULL
        WHEN extract(microseconds FROM t)::bigint % 1000000 = 0
            THEN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '+00:00'
        ELSE to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'
    END
$$;

-- An enrolment as the API shows it (enrolment_view) without an open offer: a new entry never has one.
CREATE FUNCTION sfi.enrolment_answer(e sfi.enrolments, p_group_name text, p_place bigint) RETURNS json
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT json_build_object(
        'id', e.id, 'learnerId', e.learner_id, 'groupId', e.group_id, 'groupName', p_group_name,
        'course', e.course_code, 'status', e.status, 'position', p_place, 'queuedAt', sfi.iso_utc(e.queued_at),
        'alternatives', coalesce(to_json(e.alternatives), '[]'::json), 'anyGroupThatFits', e.any_fit,
        'enrolledAt', sfi.iso_utc(e.enrolled_at), 'endedAt', sfi.iso_utc(e.ended_at), 'offer', NULL)
$$;

CREATE FUNCTION sfi.take_seat_answered(
    p_enrolment_id uuid,
    p_learner_id uuid,
    p_group_id uuid,
    p_alternatives uuid[],
    p_any_fit boolean,
    p_actor text,
    p_waiters_served boolean,
    p_consumer text,
    p_key text,
    p_reason text DEFAULT NULL
) RETURNS TABLE (outcome text, group_name text, capacity integer, place bigint, enrolment sfi.enrolments, answer json)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r record;
    v_answer json;
BEGIN
    SELECT * INTO r FROM sfi.take_seat(p_enrolment_id, p_learner_id, p_group_id, p_alternatives, p_any_fit,
                                       p_actor, p_waiters_served, p_reason);
    IF r.outcome IN ('enrolled', 'waitlisted') THEN
        v_answer := sfi.enrolment_answer(r.enrolment, r.group_name, r.place);
        IF p_key IS NOT NULL THEN
            UPDATE sfi.idempotency_keys SET status = 201, body = v_answer::jsonb
             WHERE consumer = p_consumer AND key = p_key;
        END IF;
    END IF;
    RETURN QUERY SELECT r.outcome, r.group_name, r.capacity, r.place, r.enrolment, v_answer;
END
$$;

-- Lock the learners (in id order), then read their agreed-placement windows afresh: one round trip.
CREATE FUNCTION sfi.lock_placement_windows(p_learner_ids uuid[])
    RETURNS TABLE (id uuid, display_name text, windows jsonb)
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM sfi.learners l WHERE l.id = ANY (p_learner_ids) ORDER BY l.id FOR UPDATE;
    RETURN QUERY SELECT l.id, l.display_name, sfi.placement_busy_windows(l.id)
                   FROM sfi.learners l WHERE l.id = ANY (p_learner_ids);
END
$$;
