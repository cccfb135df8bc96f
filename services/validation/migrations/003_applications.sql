-- Validation cases: applications, their append-only event and audit logs, documents, decisions, outbox.

CREATE TABLE validation.applications (
    id                  uuid PRIMARY KEY,
    reference           text        NOT NULL UNIQUE,
    owner_sub           text,
    tracking_code_hash  bytea,
    role_code           text        NOT NULL REFERENCES validation.roles(code),
    profile_code        text        REFERENCES validation.requirement_profiles(code),
    state               text        NOT NULL DEFAULT 'submitted' CHECK (state IN (
        'submitted', 'mapping', 'supplement_requested', 'assessment_scheduled', 'assessed',
        'decided', 'closed', 'withdrawn', 'rejected')),
    version             integer     NOT NULL DEFAULT 1,
    identity_kind       text        CHECK (identity_kind IN ('personnummer', 'samordningsnummer', 'none')),
    identity_number     text        CHECK (identity_number ~ '^[0-9]{12}$'),
    protected_identity  boolean     NOT NULL DEFAULT false,
    preferred_language  text        NOT NULL DEFAULT 'sv',
    details             jsonb       NOT NULL,
    precheck            jsonb       NOT NULL,
    assigned_to         text,
    assessment          jsonb,
    submitted_at        timestamptz NOT NULL DEFAULT now(),
    state_changed_at    timestamptz NOT NULL DEFAULT now(),
    decided_at          timestamptz,
    flagged_waiting_at  timestamptz,
    purged_at           timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- A case is reachable either by its signed-in owner or by its tracking code (purged: neither).
    CHECK (purged_at IS NOT NULL OR owner_sub IS NOT NULL OR tracking_code_hash IS NOT NULL),
    CHECK ((identity_kind = 'none') = (identity_number IS NULL) OR purged_at IS NOT NULL)
);
CREATE INDEX applications_queue_idx ON validation.applications (submitted_at, id);
CREATE INDEX applications_owner_idx ON validation.applications (owner_sub) WHERE owner_sub IS NOT NULL;
CREATE INDEX applications_state_idx ON validation.applications (state, state_changed_at);

-- Append-only logs: the database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION validation.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TABLE validation.case_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  uuid        NOT NULL REFERENCES validation.applications(id),
    from_state      text,
    to_state        text        NOT NULL,
    actor           text        NOT NULL,
    actor_role      text        NOT NULL,
    reason          text,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_app_idx ON validation.case_events (application_id, id);
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON validation.case_events
    FOR EACH ROW EXECUTE FUNCTION validation.refuse_change();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON validation.case_events
    FOR EACH STATEMENT EXECUTE FUNCTION validation.refuse_change();

CREATE TABLE validation.audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action          text        NOT NULL,
    actor           text        NOT NULL,
    actor_role      text        NOT NULL,
    application_id  uuid        REFERENCES validation.applications(id),
    document_id     uuid,
    detail          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_app_idx ON validation.audit_log (application_id, id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON validation.audit_log
    FOR EACH ROW EXECUTE FUNCTION validation.refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON validation.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION validation.refuse_change();

CREATE TABLE validation.documents (
    id              uuid PRIMARY KEY,
    application_id  uuid        NOT NULL REFERENCES validation.applications(id),
    kind            text        NOT NULL CHECK (kind IN ('diploma', 'transcript', 'translation',
        'course_description', 'employment_certificate', 'language_proof', 'id')),
    filename        text        NOT NULL,
    media_type      text        NOT NULL,
    size_bytes      bigint      NOT NULL CHECK (size_bytes > 0),
    sha256          text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by     text        NOT NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_app_idx ON validation.documents (application_id, uploaded_at);

-- The bytes live apart from the metadata so listing documents never drags megabytes along.
CREATE TABLE validation.document_contents (
    document_id  uuid  PRIMARY KEY REFERENCES validation.documents(id) ON DELETE CASCADE,
    content      bytea NOT NULL
);
ALTER TABLE validation.document_contents ALTER COLUMN content SET STORAGE EXTERNAL;

-- One decision per case: the primary key makes a second one impossible, whatever the race.
CREATE TABLE validation.decisions (
    application_id    uuid PRIMARY KEY REFERENCES validation.applications(id),
    profile_code      text        NOT NULL REFERENCES validation.requirement_profiles(code),
    outcome           text        NOT NULL CHECK (outcome IN ('full', 'partial', 'none')),
    courses           jsonb       NOT NULL,
    gap_list          jsonb       NOT NULL,
    points_validated  integer     NOT NULL CHECK (points_validated >= 0),
    points_remaining  integer     NOT NULL CHECK (points_remaining >= 0),
    note              text,
    decided_by        text        NOT NULL,
    decided_at        timestamptz NOT NULL DEFAULT now()
);

-- Messages to applicants and other systems, written in the same transaction as the change.
CREATE TABLE validation.outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic           text        NOT NULL,
    dedupe_key      text        NOT NULL UNIQUE,
    application_id  uuid        REFERENCES validation.applications(id),
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    attempts        integer     NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending_idx ON validation.outbox (created_at) WHERE delivered_at IS NULL;
