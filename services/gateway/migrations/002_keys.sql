-- Gateway: idempotent key creation, and a keyset order for listing keys.
CREATE TABLE gateway.idempotency_keys (
    consumer     text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    status       integer,
    body         jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, key)
);

CREATE INDEX api_keys_created_order ON gateway.api_keys (created_at, id);
