-- SS 12000 deletedEntities (issue 19): what the SS 12000 read API stops showing is remembered here, written by
-- triggers where the deletion happens, so no code path that deletes (admin API, publication, import, a manual
-- statement) can forget it.
--
-- ss12000_tombstones: one row per deleted source row. ``source`` names the Lotsen table; the export maps it to
-- SS 12000 entities (a teacher is a Person and a Duty, a published group a Group and an Activity). A soft delete
-- (deleted_at set), a hard DELETE and, for learners, a protected identity all count as deleted; an undelete
-- (deleted_at back to NULL, a group published again, protection lifted) removes the row again.
CREATE TABLE sfi.ss12000_tombstones (
    source     text        NOT NULL CHECK (source IN ('provider', 'venue', 'room', 'teacher', 'learner', 'group')),
    id         uuid        NOT NULL,
    deleted_at timestamptz NOT NULL,
    PRIMARY KEY (source, id)
);
CREATE INDEX ss12000_tombstones_time ON sfi.ss12000_tombstones (deleted_at);

-- ss12000_replaced_schedules: the published document of a group as it was before its sessions changed or the group
-- was removed. CalendarEvents are expanded on demand and never stored, so a deleted event is found by expanding
-- the replaced document and leaving out what the current one still has.
CREATE TABLE sfi.ss12000_replaced_schedules (
    id          bigserial   PRIMARY KEY,
    group_id    uuid        NOT NULL,
    doc         jsonb       NOT NULL,
    replaced_at timestamptz NOT NULL
);
CREATE INDEX ss12000_replaced_schedules_time ON sfi.ss12000_replaced_schedules (replaced_at);

-- TG_ARGV[0]: the source name; TG_ARGV[1]: the key column. Rows are soft-deleted through ``deleted_at``.
CREATE FUNCTION sfi.ss12000_track_deleted_at() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_id uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_id := (to_jsonb(OLD) ->> TG_ARGV[1])::uuid;
        IF OLD.deleted_at IS NULL THEN
            INSERT INTO sfi.ss12000_tombstones (source, id, deleted_at) VALUES (TG_ARGV[0], row_id, now())
                ON CONFLICT (source, id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at;
        END IF;
        RETURN OLD;
    END IF;
    row_id := (to_jsonb(NEW) ->> TG_ARGV[1])::uuid;
    IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
        INSERT INTO sfi.ss12000_tombstones (source, id, deleted_at) VALUES (TG_ARGV[0], row_id, NEW.deleted_at)
            ON CONFLICT (source, id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at;
    ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
        DELETE FROM sfi.ss12000_tombstones WHERE source = TG_ARGV[0] AND id = row_id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER ss12000_deleted AFTER UPDATE OF deleted_at OR DELETE ON sfi.providers
    FOR EACH ROW EXECUTE FUNCTION sfi.ss12000_track_deleted_at('provider', 'id');
CREATE TRIGGER ss12000_deleted AFTER UPDATE OF deleted_at OR DELETE ON sfi.venues
    FOR EACH ROW EXECUTE FUNCTION sfi.ss12000_track_deleted_at('venue', 'id');
CREATE TRIGGER ss12000_deleted AFTER UPDATE OF deleted_at OR DELETE ON sfi.rooms
    FOR EACH ROW EXECUTE FUNCTION sfi.ss12000_track_deleted_at('room', 'id');
CREATE TRIGGER ss12000_deleted AFTER UPDATE OF deleted_at OR DELETE ON sfi.teachers
    FOR EACH ROW EXECUTE FUNCTION sfi.ss12000_track_deleted_at('teacher', 'id');
CREATE TRIGGER ss12000_deleted AFTER UPDATE OF deleted_at OR DELETE ON sfi.published_groups
    FOR EACH ROW EXECUTE FUNCTION sfi.ss12000_track_deleted_at('group', 'group_id');

-- A learner with a protected identity never appears in SS 12000: becoming protected is a deletion there.
CREATE FUNCTION sfi.ss12000_track_learner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF NOT OLD.protected_identity THEN
            INSERT INTO sfi.ss12000_tombstones (source, id, deleted_at) VALUES ('learner', OLD.id, now())
                ON CONFLICT (source, id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at;
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.protected_identity AND NOT OLD.protected_identity THEN
        INSERT INTO sfi.ss12000_tombstones (source, id, deleted_at) VALUES ('learner', NEW.id, now())
            ON CONFLICT (source, id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at;
    ELSIF OLD.protected_identity AND NOT NEW.protected_identity THEN
        DELETE FROM sfi.ss12000_tombstones WHERE source = 'learner' AND id = NEW.id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER ss12000_deleted AFTER UPDATE OF protected_identity OR DELETE ON sfi.learners
    FOR EACH ROW EXECUTE FUNCTION sfi.ss12000_track_learner();

-- Only changes that can remove sessions are kept: the dates, the weekly pattern, exceptions and days off.
CREATE FUNCTION sfi.ss12000_track_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.deleted_at IS NULL THEN
            INSERT INTO sfi.ss12000_replaced_schedules (group_id, doc, replaced_at) VALUES (OLD.group_id, OLD.doc, now());
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.deleted_at IS NULL AND (
        NEW.deleted_at IS NOT NULL
        OR (OLD.doc -> 'slots', OLD.doc -> 'exceptions', OLD.doc -> 'daysOff', OLD.doc ->> 'startDate', OLD.doc ->> 'endDate')
           IS DISTINCT FROM
           (NEW.doc -> 'slots', NEW.doc -> 'exceptions', NEW.doc -> 'daysOff', NEW.doc ->> 'startDate', NEW.doc ->> 'endDate')
    ) THEN
        INSERT INTO sfi.ss12000_replaced_schedules (group_id, doc, replaced_at)
            VALUES (OLD.group_id, OLD.doc, coalesce(NEW.deleted_at, NEW.modified_at));
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER ss12000_schedule_replaced AFTER UPDATE OR DELETE ON sfi.published_groups
    FOR EACH ROW EXECUTE FUNCTION sfi.ss12000_track_schedule();

-- What was deleted before this migration.
INSERT INTO sfi.ss12000_tombstones (source, id, deleted_at)
    SELECT 'provider', id, deleted_at FROM sfi.providers WHERE deleted_at IS NOT NULL
    UNION ALL SELECT 'venue', id, deleted_at FROM sfi.venues WHERE deleted_at IS NOT NULL
    UNION ALL SELECT 'room', id, deleted_at FROM sfi.rooms WHERE deleted_at IS NOT NULL
    UNION ALL SELECT 'teacher', id, deleted_at FROM sfi.teachers WHERE deleted_at IS NOT NULL
    UNION ALL SELECT 'group', group_id, deleted_at FROM sfi.published_groups WHERE deleted_at IS NOT NULL
    UNION ALL SELECT 'learner', id, updated_at FROM sfi.learners WHERE protected_identity;
INSERT INTO sfi.ss12000_replaced_schedules (group_id, doc, replaced_at)
    SELECT group_id, doc, deleted_at FROM sfi.published_groups WHERE deleted_at IS NOT NULL;
