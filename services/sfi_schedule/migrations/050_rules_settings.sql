-- Issue 16: the provider's policy for evening groups ("evening groups only on study paths 2 and 3"). NULL means
-- the municipality's setting (LOTSEN_SFI_EVENING_PATHS, default every path); an empty list, no evening groups.
ALTER TABLE sfi.providers
    ADD COLUMN evening_paths integer[] CHECK (evening_paths <@ ARRAY[1, 2, 3]);
