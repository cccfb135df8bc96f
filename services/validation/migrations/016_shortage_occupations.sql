-- Shortage occupations per municipality, as versioned data: each change is a new version of the whole list
-- (who, when, a note), and every entry says where its demand level comes from and as of which date
-- (Arbetsförmedlingen's yearly occupational forecasts, or the municipality's own recruitment needs).
CREATE TABLE validation.shortage_lists (
    municipality  text        NOT NULL CHECK (municipality ~ '^[0-9]{4}$'),  -- SCB's kommunkod
    version       integer     NOT NULL CHECK (version > 0),
    note          text        NOT NULL DEFAULT '',
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (municipality, version)
);

CREATE TABLE validation.shortage_entries (
    municipality  text    NOT NULL,
    version       integer NOT NULL,
    position      integer NOT NULL,
    ssyk          text    NOT NULL CHECK (ssyk ~ '^[0-9]{4}$'),
    title         text,   -- for an occupation outside validation.occupations; otherwise its title is used
    demand_level  text    NOT NULL CHECK (demand_level IN ('large_shortage', 'shortage', 'balance', 'surplus')),
    source        text    NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
    source_date   date    NOT NULL,
    PRIMARY KEY (municipality, version, ssyk),
    FOREIGN KEY (municipality, version) REFERENCES validation.shortage_lists (municipality, version)
);

-- Versions are history: the database refuses to change or remove them.
CREATE TRIGGER shortage_lists_append_only BEFORE UPDATE OR DELETE ON validation.shortage_lists
    FOR EACH ROW EXECUTE FUNCTION validation.refuse_change();
CREATE TRIGGER shortage_entries_append_only BEFORE UPDATE OR DELETE ON validation.shortage_entries
    FOR EACH ROW EXECUTE FUNCTION validation.refuse_change();
