-- Validation service: idempotency keys and the role catalogue tables.
CREATE TABLE validation.idempotency_keys (
    consumer     text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    status       integer,
    body         jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, key)
);

CREATE TABLE validation.roles (
    code        text PRIMARY KEY,
    title_sv    text    NOT NULL,
    title_en    text    NOT NULL,
    ssyk        text    NOT NULL CHECK (ssyk ~ '^[0-9]{4}$'),
    jobtech_id  text    NOT NULL,
    regulated   boolean NOT NULL DEFAULT false,
    note        text
);

CREATE TABLE validation.courses (
    code          text PRIMARY KEY,
    name          text    NOT NULL,
    points        integer NOT NULL CHECK (points > 0),
    prerequisites text[]  NOT NULL DEFAULT '{}'
);

-- A requirement profile is versioned data: a role has several, each valid for a period and for
-- education started within a period.
CREATE TABLE validation.requirement_profiles (
    code                    text PRIMARY KEY,
    role_code               text NOT NULL REFERENCES validation.roles(code),
    title                   text NOT NULL,
    kind                    text NOT NULL CHECK (kind IN ('package', 'points_rule', 'legacy', 'transition', 'experience')),
    valid_from              date,
    valid_to                date,
    education_started_from  date,
    education_started_to    date,
    min_points              integer,
    rules                   jsonb NOT NULL DEFAULT '{}'::jsonb,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);

CREATE TABLE validation.requirement_profile_courses (
    profile_code      text    NOT NULL REFERENCES validation.requirement_profiles(code),
    course_code       text    NOT NULL REFERENCES validation.courses(code),
    position          integer NOT NULL,
    part              text,
    alternative_group text,
    PRIMARY KEY (profile_code, course_code)
);
