-- Gateway: API consumers and keys, and daily quotas that hold across gateway replicas.
CREATE TABLE gateway.api_keys (
    id          uuid PRIMARY KEY,
    prefix      text        NOT NULL UNIQUE,
    key_hash    text        NOT NULL,
    name        text        NOT NULL,
    scopes      text[]      NOT NULL DEFAULT '{}',
    rate_per_second integer NOT NULL DEFAULT 10 CHECK (rate_per_second > 0),
    daily_quota integer     NOT NULL DEFAULT 10000 CHECK (daily_quota > 0),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL
);

CREATE TABLE gateway.daily_usage (
    consumer text    NOT NULL,
    day      date    NOT NULL,
    count    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (consumer, day)
);
