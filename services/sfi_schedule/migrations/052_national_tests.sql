-- Issue 16: national tests (FACT: only courses B, C and D; each test version has a first and a last allowed date).
-- The versions are the administrators' data; a sitting is recorded only on a day its version allows.
CREATE TABLE sfi.national_tests (
    id          uuid PRIMARY KEY,
    course_code text        NOT NULL REFERENCES sfi.courses(code) CHECK (course_code IN ('B', 'C', 'D')),
    name        text        NOT NULL,  -- the test version, e.g. "Nationellt prov kurs C, ht 2026"
    first_day   date        NOT NULL,
    last_day    date        NOT NULL CHECK (last_day >= first_day),
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (course_code, name)
);

CREATE TABLE sfi.national_test_sittings (
    id          uuid PRIMARY KEY,
    learner_id  uuid        NOT NULL REFERENCES sfi.learners(id),
    test_id     uuid        NOT NULL REFERENCES sfi.national_tests(id),
    sat_on      date        NOT NULL,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (learner_id, test_id)
);
CREATE INDEX national_test_sittings_learner ON sfi.national_test_sittings (learner_id, sat_on);
