-- The initial skills mapping (step 1 of validation): what a person recorded about their education, work,
-- languages, driving licence and wishes, by themself (signed in, or anonymous with a tracking code) or by
-- a caseworker. No identity number, address or contact: those are asked for when a mapping becomes an
-- application. The ranked result is computed when read, from the municipality's current shortage list.
CREATE TABLE validation.skills_mappings (
    id                  uuid PRIMARY KEY,
    reference           text        NOT NULL UNIQUE,
    owner_sub           text,
    tracking_code_hash  bytea,
    recorded_by         text        NOT NULL,
    recorded_role       text        NOT NULL CHECK (recorded_role IN ('person', 'caseworker')),
    municipality        text        NOT NULL CHECK (municipality ~ '^[0-9]{4}$'),
    preferred_language  text        NOT NULL DEFAULT 'sv',
    details             jsonb       NOT NULL,
    version             integer     NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (owner_sub IS NOT NULL OR tracking_code_hash IS NOT NULL)
);
CREATE INDEX skills_mappings_list_idx ON validation.skills_mappings (created_at DESC, id DESC);
CREATE INDEX skills_mappings_owner_idx ON validation.skills_mappings (owner_sub, created_at DESC, id DESC)
    WHERE owner_sub IS NOT NULL;

-- Validation applications a caseworker made from a mapping, in one step.
CREATE TABLE validation.skills_mapping_applications (
    mapping_id      uuid        NOT NULL REFERENCES validation.skills_mappings(id),
    application_id  uuid        NOT NULL REFERENCES validation.applications(id),
    ssyk            text        CHECK (ssyk ~ '^[0-9]{4}$'),
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mapping_id, application_id)
);
