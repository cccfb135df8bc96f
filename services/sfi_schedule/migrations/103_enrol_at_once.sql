-- An enrolment in two statements, neither inside an explicit transaction (issue 15): the facts are read on
-- their own (enrolment/queries.py enrolment_facts_at_once: nothing locked, the Idempotency-Key's row if it
-- exists), the rules run in Python, and then this one call locks the learner, checks that their agreed-placement
-- windows are still the ones the rules were checked against, takes the seat under the group's lock, builds the
-- answer and stores it with the key, and commits as the statement ends. The group's lock is released by the
-- statement's own commit, not by a COMMIT that must first come back from Python; and BEGIN and COMMIT are two
-- round trips fewer for every enrolment.
--
-- Nothing is written unless the seat is taken:
--   'replay'         the key was stored meanwhile (a retry that raced the first request): answer and
--                    request_hash are the stored ones;
--   'stale'          the learner's placement windows changed since they were read: read and check again;
--   'gone'           the group is no longer published;
--   'serve_waiters'  a seat is free while someone waits who may take it: the caller offers it in one
--                    transaction first (enrolment/service.py, the path that needs Python under the lock);
--   'enrolled' / 'waitlisted' with the answer.
-- The same key sent at once for two different learners (whose locks do not serialise them) makes the second
-- INSERT of the key fail on its primary key: the whole statement, seat included, rolls back.
CREATE FUNCTION sfi.enrol_at_once(
    p_enrolment_id uuid,
    p_learner_id uuid,
    p_group_id uuid,
    p_alternatives uuid[],
    p_any_fit boolean,
    p_actor text,
    p_consumer text,
    p_key text,
    p_request_hash text,
    p_windows jsonb
) RETURNS TABLE (outcome text, answer json, request_hash text)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    k record;
    r record;
    v_answer json;
BEGIN
    PERFORM 1 FROM sfi.learners l WHERE l.id = p_learner_id FOR UPDATE;
    -- After the lock (a statement of its own, so a new snapshot): a retry waiting behind the first request
    -- of the same learner sees the key that request stored.
    IF p_key IS NOT NULL THEN
        SELECT i.status, i.body, i.request_hash INTO k
          FROM sfi.idempotency_keys i WHERE i.consumer = p_consumer AND i.key = p_key;
        IF FOUND THEN
            RETURN QUERY SELECT 'replay'::text, k.body::json, k.request_hash;
            RETURN;
        END IF;
    END IF;
    IF sfi.placement_busy_windows(p_learner_id) IS DISTINCT FROM p_windows THEN
        RETURN QUERY SELECT 'stale'::text, NULL::json, NULL::text;
        RETURN;
    END IF;
    SELECT * INTO r FROM sfi.take_seat(p_enrolment_id, p_learner_id, p_group_id, p_alternatives, p_any_fit,
                                       p_actor, false, NULL);
    IF r.outcome NOT IN ('enrolled', 'waitlisted') THEN
        RETURN QUERY SELECT r.outcome, NULL::json, NULL::text;
        RETURN;
    END IF;
    v_answer := sfi.enrolment_answer(r.enrolment, r.group_name, r.place);
    IF p_key IS NOT NULL THEN
        INSERT INTO sfi.idempotency_keys (consumer, key, request_hash, status, body)
        VALUES (p_consumer, p_key, p_request_hash, 201, v_answer::jsonb);
    END IF;
    RETURN QUERY SELECT r.outcome, v_answer, NULL::text;
END
$$;
