-- Follow-up figures (issue 23): every disclosure of the validation figures, append-only; decisions by day.
CREATE TABLE validation.followup_disclosures (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text        NOT NULL,
    actor_kind  text        NOT NULL,
    consumer    text        NOT NULL,
    request_id  text        NOT NULL,
    params      jsonb       NOT NULL
);
CREATE TRIGGER followup_disclosures_append_only BEFORE UPDATE OR DELETE ON validation.followup_disclosures
    FOR EACH ROW EXECUTE FUNCTION validation.refuse_change();
CREATE TRIGGER followup_disclosures_no_truncate BEFORE TRUNCATE ON validation.followup_disclosures
    FOR EACH STATEMENT EXECUTE FUNCTION validation.refuse_change();


CREATE INDEX decisions_decided_at ON validation.decisions (decided_at);
