-- Follow-up of the programmes' targets (issue 23): what a person is doing at a date (outcome records), the few
-- facts the figures are broken down by (sex where recorded, the date of arrival), and a log of every disclosure
-- of the figures. No free text anywhere: every column is a code, a date or a number.

-- One observation: on `observed_on` the learner was working, studying, on a placement, looking for work, on
-- parental leave or doing something else. A correction is a retraction plus a new record, never an edit.
CREATE TABLE sfi.outcome_records (
    id              uuid PRIMARY KEY,
    learner_id      uuid        NOT NULL REFERENCES sfi.learners(id),
    observed_on     date        NOT NULL,
    kind            text        NOT NULL
        CHECK (kind IN ('work', 'studies', 'placement', 'job_seeking', 'parental_leave', 'other')),
    ssyk            text        CHECK (ssyk ~ '^[0-9]{4}$'),          -- work: SSYK 2012 unit group, if known
    extent_percent  integer     CHECK (extent_percent BETWEEN 1 AND 100),  -- work: share of full time
    employment_form text        CHECK (employment_form IN
        ('permanent', 'fixed_term', 'hourly', 'self_employed', 'subsidised')),
    study_kind      text        CHECK (study_kind IN ('komvux', 'sfi', 'other')),
    placement_kind  text        CHECK (placement_kind IN ('yrkespraktik', 'sprakpraktik', 'apl')),
    -- Where the fact comes from (a code, never a name or a document).
    source          text        NOT NULL CHECK (source IN
        ('caseworker', 'self_reported', 'arbetsformedlingen', 'employer', 'school', 'register', 'other')),
    recorded_by     text        NOT NULL,  -- the caseworker's subject or the system's consumer (key:<id>)
    recorded_kind   text        NOT NULL CHECK (recorded_kind IN ('person', 'system')),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    retracted_at    timestamptz,
    retracted_by    text,
    -- Work needs its extent and form; the SSYK code may be unknown. Other kinds carry no work details.
    CHECK ((kind = 'work') = (extent_percent IS NOT NULL AND employment_form IS NOT NULL)),
    CHECK (kind = 'work' OR ssyk IS NULL),
    CHECK ((kind = 'studies') = (study_kind IS NOT NULL)),
    CHECK ((kind = 'placement') = (placement_kind IS NOT NULL)),
    CHECK ((retracted_at IS NULL) = (retracted_by IS NULL))
);
-- The figures look up "the latest record at a date" per learner; the list reads a learner's records by date.
CREATE INDEX outcome_records_learner ON sfi.outcome_records (learner_id, observed_on) WHERE retracted_at IS NULL;
CREATE INDEX outcome_records_observed ON sfi.outcome_records (observed_on);

-- Facts the figures are broken down by, each optional: sex only where the person or a record states it (never
-- derived from the personal number), and the date the person arrived in the municipality (kommunmottagande).
CREATE TABLE sfi.followup_persons (
    learner_id  uuid PRIMARY KEY REFERENCES sfi.learners(id),
    sex         text        CHECK (sex IN ('female', 'male', 'other')),
    arrived_on  date,
    recorded_by text        NOT NULL,
    version     integer     NOT NULL DEFAULT 1,  -- for If-Match
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX followup_persons_arrived ON sfi.followup_persons (arrived_on) WHERE arrived_on IS NOT NULL;

-- Every time the figures leave the service: who asked, as what, for which window. Append-only.
CREATE TABLE sfi.followup_disclosures (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text        NOT NULL,
    actor_kind  text        NOT NULL,
    consumer    text        NOT NULL,
    request_id  text        NOT NULL,
    params      jsonb       NOT NULL
);
CREATE TRIGGER followup_disclosures_append_only BEFORE UPDATE OR DELETE ON sfi.followup_disclosures
    FOR EACH ROW EXECUTE FUNCTION sfi.refuse_change();


-- A learner's first SFI start (the Swedish date of the first enrolment that took a seat) and where it was.
CREATE INDEX enrolments_started ON sfi.enrolments (learner_id, enrolled_at) WHERE enrolled_at IS NOT NULL;
