-- SFI schedule: providers, venues, rooms, teachers, terms, groups with weekly patterns, per-occurrence
-- exceptions (the draft the administrators edit), publications (immutable snapshots) and the published
-- projection that public reads use. Every draft row carries version/updated_at/deleted_at for If-Match and sync.

CREATE TABLE sfi.providers (
    id                  uuid PRIMARY KEY,
    name                text        NOT NULL,
    organisation_number text,
    version             integer     NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz
);

CREATE TABLE sfi.venues (
    id            uuid PRIMARY KEY,
    provider_id   uuid        NOT NULL REFERENCES sfi.providers(id),
    name          text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('school', 'library', 'open_preschool', 'workplace', 'digital')),
    street        text,
    postal_code   text,
    city          text,
    district      text,
    latitude      double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude     double precision CHECK (longitude BETWEEN -180 AND 180),
    -- [{"weekday": 1..7, "opens": "HH:MM", "closes": "HH:MM"}]; an empty list means "no fixed hours"
    opening_hours jsonb       NOT NULL DEFAULT '[]',
    -- [{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "reason": "..."}], both ends inclusive
    closures      jsonb       NOT NULL DEFAULT '[]',
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);

CREATE TABLE sfi.rooms (
    id         uuid PRIMARY KEY,
    venue_id   uuid        NOT NULL REFERENCES sfi.venues(id),
    name       text        NOT NULL,
    seats      integer     NOT NULL CHECK (seats > 0),
    version    integer     NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX rooms_venue ON sfi.rooms (venue_id);

-- Only the date a registerkontroll extract was shown is stored, never the extract itself.
CREATE TABLE sfi.teachers (
    id                      uuid PRIMARY KEY,
    provider_id             uuid        NOT NULL REFERENCES sfi.providers(id),
    name                    text        NOT NULL,
    registerkontroll_shown_on date,
    version                 integer     NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    deleted_at              timestamptz
);

CREATE TABLE sfi.terms (
    id              uuid PRIMARY KEY,
    name            text        NOT NULL,
    first_day       date        NOT NULL,
    last_day        date        NOT NULL CHECK (last_day >= first_day),
    -- [{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "reason": "..."}], both ends inclusive
    study_free_days jsonb       NOT NULL DEFAULT '[]',
    version         integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz
);

CREATE TABLE sfi.groups (
    id                uuid PRIMARY KEY,
    provider_id       uuid        NOT NULL REFERENCES sfi.providers(id),
    name              text        NOT NULL,
    course_code       text        NOT NULL REFERENCES sfi.courses(code),
    path              integer     NOT NULL CHECK (path IN (1, 2, 3)),
    variant           text        NOT NULL CHECK (variant IN ('standard', 'evening', 'parental_leave_open_preschool', 'kombo')),
    target_role       text,
    venue_id          uuid        NOT NULL REFERENCES sfi.venues(id),
    room_id           uuid        REFERENCES sfi.rooms(id),
    term_id           uuid        REFERENCES sfi.terms(id),
    teacher_ids       uuid[]      NOT NULL DEFAULT '{}',
    capacity          integer     NOT NULL CHECK (capacity > 0),
    start_date        date        NOT NULL,
    end_date          date        NOT NULL CHECK (end_date >= start_date),
    support_languages text[]      NOT NULL DEFAULT '{}',
    child_present     boolean     NOT NULL DEFAULT false,
    distance          boolean     NOT NULL DEFAULT false,
    description       text        NOT NULL DEFAULT '',
    version           integer     NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    FOREIGN KEY (path, course_code) REFERENCES sfi.course_paths(path, course_code)
);
CREATE INDEX groups_teachers ON sfi.groups USING gin (teacher_ids);
CREATE INDEX groups_room ON sfi.groups (room_id);

-- The weekly pattern: one row per weekly session; local wall times in Europe/Stockholm.
CREATE TABLE sfi.group_slots (
    group_id   uuid    NOT NULL REFERENCES sfi.groups(id) ON DELETE CASCADE,
    position   integer NOT NULL,
    weekday    integer NOT NULL CHECK (weekday BETWEEN 1 AND 7),  -- ISO: 1 = Monday
    start_time time    NOT NULL,
    end_time   time    NOT NULL CHECK (end_time > start_time),
    week_interval text NOT NULL CHECK (week_interval IN ('every', 'odd', 'even')),  -- ISO week parity
    PRIMARY KEY (group_id, position)
);

-- One exception per occurrence, keyed by the occurrence's original local start.
CREATE TABLE sfi.occurrence_exceptions (
    id             uuid PRIMARY KEY,
    group_id       uuid        NOT NULL REFERENCES sfi.groups(id),
    original_start timestamp   NOT NULL,  -- local wall time in Europe/Stockholm
    cancelled      boolean     NOT NULL DEFAULT false,
    new_start      timestamp,
    new_end        timestamp,
    teacher_ids    uuid[],                -- substitute teachers for this occurrence
    room_id        uuid REFERENCES sfi.rooms(id),
    note           text        NOT NULL DEFAULT '',
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz,
    CHECK ((new_start IS NULL) = (new_end IS NULL)),
    CHECK (new_end IS NULL OR new_end > new_start)
);
CREATE UNIQUE INDEX occurrence_exceptions_one ON sfi.occurrence_exceptions (group_id, original_start)
    WHERE deleted_at IS NULL;

-- Publications: scheduled or published; a published one is immutable (snapshot + diff).
CREATE TABLE sfi.publications (
    id           uuid PRIMARY KEY,
    version      integer UNIQUE,
    status       text        NOT NULL CHECK (status IN ('scheduled', 'published', 'cancelled')),
    publish_at   timestamptz NOT NULL,
    note         text        NOT NULL DEFAULT '',
    requested_by text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    snapshot     jsonb,
    diff         jsonb,
    CHECK ((status = 'published') = (version IS NOT NULL))
);
CREATE INDEX publications_due ON sfi.publications (publish_at) WHERE status = 'scheduled';

-- The latest published state of every group ever published; deleted_at marks a tombstone.
CREATE TABLE sfi.published_groups (
    group_id            uuid PRIMARY KEY,
    revision            integer     NOT NULL,
    publication_version integer     NOT NULL,
    doc                 jsonb       NOT NULL,
    name                text        NOT NULL,
    course_code         text        NOT NULL,
    path                integer     NOT NULL,
    variant             text        NOT NULL,
    venue_id            uuid        NOT NULL,
    venue_kind          text        NOT NULL,
    district            text,
    teacher_ids         uuid[]      NOT NULL,
    weekdays            integer[]   NOT NULL,
    dayparts            text[]      NOT NULL,
    child_present       boolean     NOT NULL,
    capacity            integer     NOT NULL,
    search              text        NOT NULL,
    created_at          timestamptz NOT NULL,
    modified_at         timestamptz NOT NULL,
    deleted_at          timestamptz
);
CREATE INDEX published_groups_sync ON sfi.published_groups (modified_at, group_id);
CREATE INDEX published_groups_name ON sfi.published_groups (name, group_id);

-- The seam for enrolment (issue 5): replace this function to subtract active enrolments.
CREATE FUNCTION sfi.group_free_seats(p_group_id uuid, p_capacity integer) RETURNS integer
    LANGUAGE sql STABLE AS $$ SELECT p_capacity $$;

-- Webhooks: subscriptions, an outbox written in the same transaction as the change, a delivery log.
CREATE TABLE sfi.webhook_subscriptions (
    id             uuid PRIMARY KEY,
    consumer       text        NOT NULL,
    target_url     text        NOT NULL,
    resource_types text[]      NOT NULL,
    secret         text        NOT NULL,
    expires_at     timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);

CREATE TABLE sfi.webhook_outbox (
    id              bigserial PRIMARY KEY,
    subscription_id uuid        NOT NULL REFERENCES sfi.webhook_subscriptions(id),
    event_id        uuid        NOT NULL,
    payload         jsonb       NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    gave_up_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_outbox_due ON sfi.webhook_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;

CREATE TABLE sfi.webhook_deliveries (
    id              bigserial PRIMARY KEY,
    subscription_id uuid        NOT NULL REFERENCES sfi.webhook_subscriptions(id),
    outbox_id       bigint      NOT NULL REFERENCES sfi.webhook_outbox(id),
    attempt         integer     NOT NULL,
    status_code     integer,
    error           text,
    duration_ms     integer     NOT NULL,
    attempted_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_sub ON sfi.webhook_deliveries (subscription_id, id);
