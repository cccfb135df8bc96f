-- Follow-up figures (issue 23): every export of the target figures (JSON, CSV, gauges, the page), append-only.
CREATE TABLE gateway.followup_exports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    format      text        NOT NULL CHECK (format IN ('json', 'csv', 'openmetrics', 'page')),
    actor       text        NOT NULL,
    actor_kind  text        NOT NULL,
    consumer    text        NOT NULL,
    request_id  text        NOT NULL,
    params      jsonb       NOT NULL,
    complete    boolean     NOT NULL
);
CREATE INDEX followup_exports_at ON gateway.followup_exports (at);

CREATE FUNCTION gateway.refuse_export_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER followup_exports_append_only BEFORE UPDATE OR DELETE ON gateway.followup_exports
    FOR EACH ROW EXECUTE FUNCTION gateway.refuse_export_change();
CREATE TRIGGER followup_exports_no_truncate BEFORE TRUNCATE ON gateway.followup_exports
    FOR EACH STATEMENT EXECUTE FUNCTION gateway.refuse_export_change();
