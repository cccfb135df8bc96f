-- Two functions every enrolment calls were LANGUAGE sql, which PostgreSQL (before 18) plans afresh on every
-- call from PL/pgSQL when it cannot inline them: pg_stat_statements showed ~0.15 ms of planning per call for
-- each, more than their execution (issue 15). As PL/pgSQL their statements' plans are kept per connection.
-- Same arguments, same results (tests/integration/sfi_enrolment/test_enrolment_answer.py compares the answer
-- with enrolment_view; the placement tests read the windows).

CREATE OR REPLACE FUNCTION sfi.enrolment_answer(e sfi.enrolments, p_group_name text, p_place bigint) RETURNS json
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN json_build_object(
        'id', e.id, 'learnerId', e.learner_id, 'groupId', e.group_id, 'groupName', p_group_name,
        'course', e.course_code, 'status', e.status, 'position', p_place, 'queuedAt', sfi.iso_utc(e.queued_at),
        'alternatives', coalesce(to_json(e.alternatives), '[]'::json), 'anyGroupThatFits', e.any_fit,
        'enrolledAt', sfi.iso_utc(e.enrolled_at), 'endedAt', sfi.iso_utc(e.ended_at), 'offer', NULL);
END
$$;

CREATE OR REPLACE FUNCTION sfi.placement_busy_windows(p_learner_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT coalesce(jsonb_agg(w ORDER BY a.start_date, a.id), '[]'::jsonb)
              FROM sfi.placement_agreements a CROSS JOIN LATERAL jsonb_array_elements(a.busy_windows) AS w
             WHERE a.learner_id = p_learner_id AND a.state IN ('agreed', 'ongoing'));
END
$$;
