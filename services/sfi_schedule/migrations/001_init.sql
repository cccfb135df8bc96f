-- SFI schedule service: idempotency keys, courses A-D and study paths (fact since 2017).
CREATE TABLE sfi.idempotency_keys (
    consumer     text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    status       integer,
    body         jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, key)
);

CREATE TABLE sfi.courses (
    code          text PRIMARY KEY CHECK (code IN ('A', 'B', 'C', 'D')),
    name_sv       text    NOT NULL,
    name_en       text    NOT NULL,
    position      integer NOT NULL UNIQUE,
    national_test boolean NOT NULL
);

CREATE TABLE sfi.course_paths (
    path        integer NOT NULL CHECK (path IN (1, 2, 3)),
    course_code text    NOT NULL REFERENCES sfi.courses(code),
    PRIMARY KEY (path, course_code)
);

INSERT INTO sfi.courses (code, name_sv, name_en, position, national_test) VALUES
 ('A', 'SFI kurs A', 'SFI course A', 1, false),
 ('B', 'SFI kurs B', 'SFI course B', 2, true),
 ('C', 'SFI kurs C', 'SFI course C', 3, true),
 ('D', 'SFI kurs D', 'SFI course D', 4, true);

INSERT INTO sfi.course_paths (path, course_code) VALUES
 (1, 'A'), (1, 'B'), (1, 'C'), (1, 'D'),
 (2, 'B'), (2, 'C'), (2, 'D'),
 (3, 'C'), (3, 'D');
