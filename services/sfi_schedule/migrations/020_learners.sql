-- SFI learners (issue 5): the profile a resident keeps for matching and enrolment, course results (G/IG only,
-- append-only) and an audit of every read of a learner with a protected identity.

CREATE TABLE sfi.learners (
    id                      uuid PRIMARY KEY,
    subject                 text        NOT NULL UNIQUE,  -- the person's identity subject from the gateway
    display_name            text        NOT NULL DEFAULT '',
    personal_number         text        CHECK (personal_number ~ '^[0-9]{12}$'),  -- optional; never in URLs/logs
    email                   text,
    phone                   text,
    protected_identity      boolean     NOT NULL DEFAULT false,
    path                    integer     NOT NULL CHECK (path IN (1, 2, 3)),
    current_course          text        REFERENCES sfi.courses(code),
    -- A placement decided by mapping (kartläggning): the learner may start this course without the previous pass.
    placement_course        text        REFERENCES sfi.courses(code),
    placement_decided_on    date,
    placement_decided_by    text,
    preferred_language      text        NOT NULL DEFAULT 'sv',
    -- [{"weekday", "start", "end", "kind", "weeks", "cycleLength", "cycleWeeks", "cycleAnchor", "validFrom", "validTo"}]
    busy_windows            jsonb       NOT NULL DEFAULT '[]',
    parental_leave_child    boolean     NOT NULL DEFAULT false,
    district                text,
    latitude                double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude               double precision CHECK (longitude BETWEEN -180 AND 180),
    max_travel_km           double precision CHECK (max_travel_km > 0),
    preferred_dayparts      text[]      NOT NULL DEFAULT '{}',
    distance_ok             boolean     NOT NULL DEFAULT false,
    right_arose_on          date,
    establishment_programme boolean     NOT NULL DEFAULT false,
    at_risk_flagged_at      timestamptz,
    version                 integer     NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sfi.course_results (
    id          uuid PRIMARY KEY,
    learner_id  uuid        NOT NULL REFERENCES sfi.learners(id),
    course_code text        NOT NULL REFERENCES sfi.courses(code),
    grade       text        NOT NULL CHECK (grade IN ('G', 'IG')),  -- SFI grades since 2022
    decided_on  date        NOT NULL,
    group_id    uuid,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX course_results_learner ON sfi.course_results (learner_id, course_code);

CREATE TABLE sfi.learner_reads (
    id         bigserial PRIMARY KEY,
    learner_id uuid        NOT NULL REFERENCES sfi.learners(id),
    reader     text        NOT NULL,
    purpose    text        NOT NULL,
    read_at    timestamptz NOT NULL DEFAULT now()
);

-- Append-only: results and audit rows are evidence; corrections are new rows.
CREATE FUNCTION sfi.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER course_results_append_only BEFORE UPDATE OR DELETE ON sfi.course_results
    FOR EACH ROW EXECUTE FUNCTION sfi.refuse_change();
CREATE TRIGGER learner_reads_append_only BEFORE UPDATE OR DELETE ON sfi.learner_reads
    FOR EACH ROW EXECUTE FUNCTION sfi.refuse_change();
