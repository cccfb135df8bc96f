-- SFI enrolment (issue 5): enrolments and wait-list entries, offers of freed seats, the append-only allocation log.

-- Arrival order: taken while the group row is locked, so it is the order the database serialised the requests.
CREATE SEQUENCE sfi.enrolment_queue_seq;

CREATE TABLE sfi.enrolments (
    id           uuid PRIMARY KEY,
    learner_id   uuid        NOT NULL REFERENCES sfi.learners(id),
    group_id     uuid        NOT NULL REFERENCES sfi.groups(id),
    course_code  text        NOT NULL REFERENCES sfi.courses(code),
    status       text        NOT NULL
        CHECK (status IN ('enrolled', 'waitlisted', 'offered', 'withdrawn', 'declined', 'expired', 'completed')),
    queue_seq    bigint      NOT NULL,           -- kept when the entry moves to another group
    queued_at    timestamptz NOT NULL,           -- the original queue time, kept likewise
    alternatives uuid[]      NOT NULL DEFAULT '{}',  -- ranked other groups the learner would also take
    any_fit      boolean     NOT NULL DEFAULT false, -- "any group that fits me" for the same course
    requested_by text        NOT NULL,
    enrolled_at  timestamptz,
    ended_at     timestamptz,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX enrolments_one_active_per_course ON sfi.enrolments (learner_id, course_code)
    WHERE status IN ('enrolled', 'waitlisted', 'offered');
CREATE INDEX enrolments_queue ON sfi.enrolments (course_code, queue_seq) WHERE status = 'waitlisted';
CREATE INDEX enrolments_group_active ON sfi.enrolments (group_id, status)
    WHERE status IN ('enrolled', 'waitlisted', 'offered');
CREATE INDEX enrolments_learner ON sfi.enrolments (learner_id);

CREATE TABLE sfi.offers (
    id           uuid PRIMARY KEY,
    enrolment_id uuid        NOT NULL REFERENCES sfi.enrolments(id),
    group_id     uuid        NOT NULL REFERENCES sfi.groups(id),
    learner_id   uuid        NOT NULL REFERENCES sfi.learners(id),
    status       text        NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'cancelled')),
    offered_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at   timestamptz NOT NULL,
    decided_at   timestamptz
);
CREATE UNIQUE INDEX offers_one_open_per_enrolment ON sfi.offers (enrolment_id) WHERE status = 'open';
CREATE INDEX offers_due ON sfi.offers (expires_at) WHERE status = 'open';
CREATE INDEX offers_group_open ON sfi.offers (group_id) WHERE status = 'open';

-- Every seat decision with its reason; append-only (see sfi.refuse_change in 020).
CREATE TABLE sfi.allocation_log (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    group_id     uuid,
    learner_id   uuid,
    enrolment_id uuid,
    offer_id     uuid,
    action       text        NOT NULL,
    reason       text        NOT NULL,
    actor        text        NOT NULL,
    details      jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX allocation_log_group ON sfi.allocation_log (group_id, id);
CREATE INDEX allocation_log_learner ON sfi.allocation_log (learner_id, id);
CREATE TRIGGER allocation_log_append_only BEFORE UPDATE OR DELETE ON sfi.allocation_log
    FOR EACH ROW EXECUTE FUNCTION sfi.refuse_change();

-- The seam migration 002 left for enrolment: a seat is taken by an enrolment or held by an open offer.
CREATE OR REPLACE FUNCTION sfi.group_free_seats(p_group_id uuid, p_capacity integer) RETURNS integer
    LANGUAGE sql STABLE AS $$
    SELECT greatest(0, p_capacity
        - (SELECT count(*) FROM sfi.enrolments WHERE group_id = p_group_id AND status = 'enrolled')::integer
        - (SELECT count(*) FROM sfi.offers WHERE group_id = p_group_id AND status = 'open')::integer)
$$;
