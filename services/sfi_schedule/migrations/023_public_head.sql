-- The reader's JSON of a published group without its closing brace, so the hot list endpoint appends the live
-- fields (free seats, revision) by plain concatenation. It replaces public_text (migration 003), from which
-- every request cut the brace with left(): on text PostgreSQL counts characters one by one, about 30 µs for a
-- group's ~900 characters, most of the list query's time (see docs/benchmarks.md). Now it is cut once, on
-- write. What readers never see ("exceptions", "daysOff": they appear as occurrences instead) is left out.
ALTER TABLE sfi.published_groups
    DROP COLUMN public_text,
    ADD COLUMN public_head text GENERATED ALWAYS AS (left((doc - 'exceptions' - 'daysOff')::text, -1)) STORED;
