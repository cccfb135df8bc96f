-- Work placements during SFI (issue 22): workplaces, placement offers, agreements and their log.

-- A municipal unit (äldreomsorg, förskola, kök, lokalvård …) or a private employer taking learners.
CREATE TABLE sfi.workplaces (
    id                     uuid PRIMARY KEY,
    name                   text        NOT NULL,
    employer_kind          text        NOT NULL CHECK (employer_kind IN ('municipal', 'private')),
    sector                 text        NOT NULL,
    organisation           text        NOT NULL DEFAULT '',  -- the förvaltning or the company
    venue_id               uuid        REFERENCES sfi.venues(id),  -- an SFI venue, or the address below
    street                 text,
    postal_code            text,
    city                   text,
    district               text,
    latitude               double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude              double precision CHECK (longitude BETWEEN -180 AND 180),
    contact_name           text        NOT NULL,
    contact_email          text,
    contact_phone          text,
    contact_subject        text,  -- the contact person's sign-in subject: what they may see and record
    needs_registerkontroll boolean     NOT NULL DEFAULT false,
    version                integer     NOT NULL DEFAULT 1,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (venue_id IS NOT NULL OR street IS NOT NULL)
);
CREATE INDEX workplaces_contact ON sfi.workplaces (contact_subject) WHERE contact_subject IS NOT NULL;

-- A placement offer: an occupation, a weekly hours pattern in the busy-window model, a period and seats.
CREATE TABLE sfi.placements (
    id           uuid PRIMARY KEY,
    workplace_id uuid        NOT NULL REFERENCES sfi.workplaces(id),
    title        text        NOT NULL,
    occupation   text        NOT NULL CHECK (occupation ~ '^[0-9]{4}$'),  -- SSYK 2012 unit group
    kind         text        NOT NULL CHECK (kind IN ('yrkespraktik', 'sprakpraktik')),
    -- [{"weekdays", "start", "end", "weeks", "cycleLength", "cycleWeeks", "cycleAnchor"}], as learners' busy windows
    hours        jsonb       NOT NULL,
    start_date   date        NOT NULL,
    end_date     date        NOT NULL,
    seats        integer     NOT NULL CHECK (seats BETWEEN 1 AND 100),
    sfi_level    text        REFERENCES sfi.courses(code),  -- the course the learner studies at least; NULL = any
    mentor_name  text        NOT NULL,
    mentor_email text,
    mentor_phone text,
    languages    text[]      NOT NULL DEFAULT '{}',  -- spoken at the workplace besides Swedish
    description  text        NOT NULL DEFAULT '',
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn')),
    created_by   text        NOT NULL,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date >= start_date)
);
CREATE INDEX placements_workplace ON sfi.placements (workplace_id);
CREATE INDEX placements_list ON sfi.placements (start_date, id);

-- One learner's placement: proposed -> agreed -> ongoing -> completed, or ended early from any open state.
CREATE TABLE sfi.placement_agreements (
    id                           uuid PRIMARY KEY,
    placement_id                 uuid          NOT NULL REFERENCES sfi.placements(id),
    learner_id                   uuid          NOT NULL REFERENCES sfi.learners(id),
    state                        text          NOT NULL
        CHECK (state IN ('proposed', 'agreed', 'ongoing', 'completed', 'ended_early')),
    start_date                   date          NOT NULL,
    end_date                     date          NOT NULL,
    mentor_name                  text          NOT NULL,
    hours_done                   numeric(7, 1) NOT NULL DEFAULT 0 CHECK (hours_done >= 0),
    -- The placement's hours over the agreement's dates, as busy windows of kind "placement".
    busy_windows                 jsonb         NOT NULL DEFAULT '[]',
    registerkontroll_shown_on    date,  -- only that it was shown and when, never the extract
    registerkontroll_recorded_by text,
    proposed_by                  text          NOT NULL,
    agreed_at                    timestamptz,
    started_on                   date,
    ended_on                     date,
    end_reason                   text,
    version                      integer       NOT NULL DEFAULT 1,
    created_at                   timestamptz   NOT NULL DEFAULT now(),
    updated_at                   timestamptz   NOT NULL DEFAULT now(),
    CHECK (end_date >= start_date)
);
CREATE UNIQUE INDEX placement_agreements_one_open ON sfi.placement_agreements (placement_id, learner_id)
    WHERE state IN ('proposed', 'agreed', 'ongoing');
CREATE INDEX placement_agreements_seats ON sfi.placement_agreements (placement_id)
    WHERE state IN ('proposed', 'agreed', 'ongoing');
CREATE INDEX placement_agreements_learner ON sfi.placement_agreements (learner_id);
CREATE INDEX placement_agreements_started ON sfi.placement_agreements (started_on) WHERE started_on IS NOT NULL;

-- Every step of an agreement with who took it; append-only.
CREATE TABLE sfi.placement_agreement_log (
    id           bigserial PRIMARY KEY,
    agreement_id uuid        NOT NULL REFERENCES sfi.placement_agreements(id),
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    action       text        NOT NULL,
    actor        text        NOT NULL,
    details      jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX placement_agreement_log_agreement ON sfi.placement_agreement_log (agreement_id, id);
CREATE TRIGGER placement_agreement_log_append_only BEFORE UPDATE OR DELETE ON sfi.placement_agreement_log
    FOR EACH ROW EXECUTE FUNCTION sfi.refuse_change();

-- The one seam where a learner's busy time meets their placements: the busy windows of every agreed or
-- ongoing agreement. A learner row read by matching and enrolment carries it (learners/queries.py).
CREATE FUNCTION sfi.placement_busy_windows(p_learner_id uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(w ORDER BY a.start_date, a.id), '[]'::jsonb)
    FROM sfi.placement_agreements a CROSS JOIN LATERAL jsonb_array_elements(a.busy_windows) AS w
    WHERE a.learner_id = p_learner_id AND a.state IN ('agreed', 'ongoing')
$$;
