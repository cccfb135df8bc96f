-- The shared outbox engine (shared/outbox): the same `outbox` and `outbox_attempts` tables as in every schema,
-- replacing webhook_outbox and webhook_deliveries. Webhooks are signed the Standard Webhooks way and numbered
-- per subscription.

CREATE TABLE sfi.outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         uuid        NOT NULL DEFAULT gen_random_uuid() CONSTRAINT outbox_event_id_key UNIQUE,
    kind             text        NOT NULL CONSTRAINT outbox_kind_check CHECK (kind IN ('webhook', 'email', 'sms')),
    topic            text        NOT NULL,
    dedupe_key       text,
    subject_id       uuid,
    subscription_id  uuid        REFERENCES sfi.webhook_subscriptions(id),
    sequence         bigint,
    payload          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    leased_until     timestamptz,
    attempts         integer     NOT NULL DEFAULT 0,
    delivered_at     timestamptz,
    failed_at        timestamptz,
    last_error       text,
    CONSTRAINT outbox_kind_dedupe_key_key UNIQUE (kind, dedupe_key),
    CONSTRAINT outbox_delivered_or_failed CHECK (delivered_at IS NULL OR failed_at IS NULL)
);
CREATE INDEX outbox_due_idx ON sfi.outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_subject_idx ON sfi.outbox (subject_id);
CREATE INDEX outbox_subscription_idx ON sfi.outbox (subscription_id, id);

CREATE TABLE sfi.outbox_attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id     bigint      NOT NULL REFERENCES sfi.outbox(id) ON DELETE CASCADE,
    attempt       integer     NOT NULL CHECK (attempt > 0),
    outcome       text        NOT NULL CHECK (outcome IN ('delivered', 'refused', 'failed')),
    detail        text,
    attempted_at  timestamptz NOT NULL
);
CREATE INDEX outbox_attempts_outbox_idx ON sfi.outbox_attempts (outbox_id, id);

-- Receivers order a subscription's events by this number (assigned in the producing transaction).
ALTER TABLE sfi.webhook_subscriptions ADD COLUMN last_sequence bigint NOT NULL DEFAULT 0;

-- Existing messages keep their ids (so their attempts follow) and are numbered in the order they were queued.
INSERT INTO sfi.outbox (id, kind, topic, subscription_id, sequence, payload, created_at, next_attempt_at, attempts,
                        delivered_at, failed_at)
OVERRIDING SYSTEM VALUE
SELECT id, 'webhook', coalesce(payload ->> 'type', 'unknown'), subscription_id,
       row_number() OVER (PARTITION BY subscription_id ORDER BY id), payload, created_at, next_attempt_at, attempts,
       delivered_at, CASE WHEN delivered_at IS NULL THEN gave_up_at END
  FROM sfi.webhook_outbox;
SELECT setval(pg_get_serial_sequence('sfi.outbox', 'id'), greatest((SELECT max(id) FROM sfi.outbox), 1));
UPDATE sfi.webhook_subscriptions s
   SET last_sequence = n.count FROM (SELECT subscription_id, count(*) FROM sfi.outbox GROUP BY 1) n
 WHERE n.subscription_id = s.id;

INSERT INTO sfi.outbox_attempts (outbox_id, attempt, outcome, detail, attempted_at)
SELECT outbox_id, attempt, CASE WHEN status_code BETWEEN 200 AND 299 THEN 'delivered' ELSE 'failed' END,
       coalesce(error, 'HTTP ' || status_code), attempted_at
  FROM sfi.webhook_deliveries ORDER BY id;

DROP TABLE sfi.webhook_deliveries;
DROP TABLE sfi.webhook_outbox;

-- Secrets become Standard Webhooks secrets with the same key: whsec_ + base64 of the old secret's bytes.
UPDATE sfi.webhook_subscriptions
   SET secret = 'whsec_' || replace(encode(convert_to(secret, 'UTF8'), 'base64'), E'\n', '')
 WHERE secret NOT LIKE 'whsec\_%';
