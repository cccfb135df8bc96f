-- Delivery of outbox messages to the municipality's messaging system: leases, backoff, give-up, a log.

-- A stable id the receiver dedupes on (the bigint id is only unique within this database).
ALTER TABLE validation.outbox ADD COLUMN event_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE validation.outbox ADD CONSTRAINT outbox_event_id_key UNIQUE (event_id);
-- Due when next_attempt_at has passed and no replica holds a live lease; a crashed replica's lease runs out.
ALTER TABLE validation.outbox ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE validation.outbox ADD COLUMN leased_until timestamptz;
ALTER TABLE validation.outbox ADD COLUMN last_error text;
ALTER TABLE validation.outbox ADD COLUMN failed_at timestamptz;
ALTER TABLE validation.outbox ADD CONSTRAINT outbox_delivered_or_failed CHECK (delivered_at IS NULL OR failed_at IS NULL);

-- Messages queued before this migration are due at once.
UPDATE validation.outbox SET next_attempt_at = created_at WHERE delivered_at IS NULL;

DROP INDEX validation.outbox_pending_idx;
CREATE INDEX outbox_due_idx ON validation.outbox (next_attempt_at, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL;

-- One row per attempt (status or error class, never the body); removed with its message by the retention purge.
CREATE TABLE validation.outbox_deliveries (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id     bigint      NOT NULL REFERENCES validation.outbox(id) ON DELETE CASCADE,
    attempt       integer     NOT NULL CHECK (attempt > 0),
    status_code   integer,
    error         text,
    duration_ms   integer     NOT NULL CHECK (duration_ms >= 0),
    attempted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_deliveries_outbox_idx ON validation.outbox_deliveries (outbox_id, id);
