-- The reader's JSON of a published group, kept as text next to the document so the hot list endpoint
-- only appends the live fields (free seats, revision) instead of rebuilding JSON per row per request.
-- What readers never see ("exceptions", "daysOff": they appear as occurrences instead) is left out here.
ALTER TABLE sfi.published_groups
    ADD COLUMN public_text text GENERATED ALWAYS AS ((doc - 'exceptions' - 'daysOff')::text) STORED;
