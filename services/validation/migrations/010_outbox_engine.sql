-- The shared outbox engine (shared/outbox): the same `outbox` and `outbox_attempts` tables in every schema.
-- Messages to applicants are now e-mail or SMS (kind), addressed when sent; the messaging-system POST is gone.

ALTER TABLE validation.outbox RENAME COLUMN application_id TO subject_id;
ALTER TABLE validation.outbox ADD COLUMN kind text NOT NULL DEFAULT 'email'
    CONSTRAINT outbox_kind_check CHECK (kind IN ('webhook', 'email', 'sms'));
ALTER TABLE validation.outbox ALTER COLUMN kind DROP DEFAULT;
ALTER TABLE validation.outbox ADD COLUMN subscription_id uuid;
ALTER TABLE validation.outbox ADD COLUMN sequence bigint;

-- A notice is one row per channel, so the dedupe key is unique per kind; webhooks fan out without one.
ALTER TABLE validation.outbox ALTER COLUMN dedupe_key DROP NOT NULL;
ALTER TABLE validation.outbox DROP CONSTRAINT outbox_dedupe_key_key;
ALTER TABLE validation.outbox ADD CONSTRAINT outbox_kind_dedupe_key_key UNIQUE (kind, dedupe_key);

-- Pending messages go to the channel the applicant can be reached on (e-mail first, as new notices do).
UPDATE validation.outbox o
   SET kind = CASE WHEN coalesce(a.details -> 'contact' ->> 'email', '') = '' THEN 'sms' ELSE 'email' END
  FROM validation.applications a
 WHERE a.id = o.subject_id AND o.delivered_at IS NULL;

CREATE INDEX outbox_subject_idx ON validation.outbox (subject_id);

-- One row per attempt: the outcome, and for operators only a detail (status, error class, refusal reason).
CREATE TABLE validation.outbox_attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id     bigint      NOT NULL REFERENCES validation.outbox(id) ON DELETE CASCADE,
    attempt       integer     NOT NULL CHECK (attempt > 0),
    outcome       text        NOT NULL CHECK (outcome IN ('delivered', 'refused', 'failed')),
    detail        text,
    attempted_at  timestamptz NOT NULL
);
CREATE INDEX outbox_attempts_outbox_idx ON validation.outbox_attempts (outbox_id, id);

INSERT INTO validation.outbox_attempts (outbox_id, attempt, outcome, detail, attempted_at)
SELECT outbox_id, attempt,
       CASE WHEN status_code BETWEEN 200 AND 299 THEN 'delivered' ELSE 'failed' END,
       coalesce(error, 'HTTP ' || status_code), attempted_at
  FROM validation.outbox_deliveries ORDER BY id;
DROP TABLE validation.outbox_deliveries;
