-- Invalidation of the in-process caches of the public group list (catalog/cache.py): every change to data the
-- list is built from notifies channel sfi_catalog once per statement; NOTIFY is delivered only after commit and
-- identical notifications of one transaction are folded into one, so a bulk publication costs one message.
-- The list reads sfi.published_groups (documents, filters, tombstones) and, through the free-seat count
-- (inline in catalog/queries.py and sfi.group_free_seats), sfi.enrolments and sfi.offers. A new table feeding
-- the list must get the same triggers.
CREATE FUNCTION sfi.notify_catalog() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sfi_catalog', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER published_groups_notify_catalog
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sfi.published_groups
    FOR EACH STATEMENT EXECUTE FUNCTION sfi.notify_catalog();
CREATE TRIGGER enrolments_notify_catalog
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sfi.enrolments
    FOR EACH STATEMENT EXECUTE FUNCTION sfi.notify_catalog();
CREATE TRIGGER offers_notify_catalog
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sfi.offers
    FOR EACH STATEMENT EXECUTE FUNCTION sfi.notify_catalog();
