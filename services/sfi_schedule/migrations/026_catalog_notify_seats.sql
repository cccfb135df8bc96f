-- The public group list shows free seats, not the wait-list (catalog/queries.py), so of the changes to
-- enrolments only those that move a seat should drop the list caches (migration 022): a learner enrolled,
-- an enrolled learner leaving, or an enrolled entry moving between groups. Joining or leaving a wait-list
-- changes nothing the list shows; notifying it woke every replica's listener and emptied every cache on
-- each of the 980 wait-list entries of a contended group. Row triggers with WHEN conditions cost nothing
-- when the condition is false; NOTIFY still folds the notifications of one transaction into one.
DROP TRIGGER enrolments_notify_catalog ON sfi.enrolments;

CREATE FUNCTION sfi.notify_catalog_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sfi_catalog', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER enrolments_insert_notify_catalog
    AFTER INSERT ON sfi.enrolments
    FOR EACH ROW WHEN (NEW.status = 'enrolled') EXECUTE FUNCTION sfi.notify_catalog_row();
CREATE TRIGGER enrolments_update_notify_catalog
    AFTER UPDATE ON sfi.enrolments
    FOR EACH ROW WHEN ((OLD.status = 'enrolled' OR NEW.status = 'enrolled')
                       AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.group_id IS DISTINCT FROM NEW.group_id))
    EXECUTE FUNCTION sfi.notify_catalog_row();
CREATE TRIGGER enrolments_delete_notify_catalog
    AFTER DELETE ON sfi.enrolments
    FOR EACH ROW WHEN (OLD.status = 'enrolled') EXECUTE FUNCTION sfi.notify_catalog_row();
CREATE TRIGGER enrolments_truncate_notify_catalog
    AFTER TRUNCATE ON sfi.enrolments
    FOR EACH STATEMENT EXECUTE FUNCTION sfi.notify_catalog();
