-- Issue 18: applying for SFI without signing in (many newcomers have no Swedish e-ID). The applicant gets a
-- reference and a tracking code (stored only as a hash); an SFI administrator checks their identity in person
-- and places the application: an enrolment or a wait-list place made by the enrolment service, under its rules.
CREATE TABLE sfi.enrolment_applications (
    id                  uuid PRIMARY KEY,
    reference           text        NOT NULL UNIQUE,
    tracking_code_hash  bytea       NOT NULL,
    state               text        NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'placed', 'rejected')),
    -- The wish: a course (NULL = not known; a mapping decides) and a study path (NULL likewise).
    course              text        REFERENCES sfi.courses(code),
    path                integer     CHECK (path IN (1, 2, 3)),
    -- What matching knows (busy windows, child along, dayparts, district, travel, distance study), as sent.
    constraints         jsonb       NOT NULL DEFAULT '{}',
    display_name        text        NOT NULL,
    email               text,
    phone               text,
    preferred_language  text        NOT NULL,
    birth_date          date,
    residence           text,
    protected_identity  boolean     NOT NULL DEFAULT false,
    submitted_at        timestamptz NOT NULL DEFAULT now(),
    -- The identity check in person: that it was made, how, by whom and when (never a copy of the document).
    identity_document   text        CHECK (identity_document IN ('passport', 'national_id', 'residence_permit',
                                                                 'swedish_id', 'other')),
    identity_checked_by text,
    identity_checked_at timestamptz,
    learner_id          uuid        REFERENCES sfi.learners(id),
    enrolment_id        uuid        REFERENCES sfi.enrolments(id),
    decided_by          text,
    decided_at          timestamptz,
    decision_note       text,
    version             integer     NOT NULL DEFAULT 1,
    CHECK (email IS NOT NULL OR phone IS NOT NULL OR state <> 'waiting'),
    CHECK (state <> 'placed' OR (enrolment_id IS NOT NULL AND identity_checked_at IS NOT NULL))
);
CREATE INDEX enrolment_applications_waiting ON sfi.enrolment_applications (submitted_at, id) WHERE state = 'waiting';
CREATE INDEX enrolment_applications_decided ON sfi.enrolment_applications (decided_at) WHERE state <> 'waiting';

-- Every read of a protected identity's application by staff (DOMAIN.md); append-only, kept past the application's
-- own retention (no foreign key: the application may be purged, its audit is evidence).
CREATE TABLE sfi.enrolment_application_reads (
    id             bigserial PRIMARY KEY,
    application_id uuid        NOT NULL,
    reader         text        NOT NULL,
    read_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER enrolment_application_reads_append_only BEFORE UPDATE OR DELETE ON sfi.enrolment_application_reads
    FOR EACH ROW EXECUTE FUNCTION sfi.refuse_change();
