-- The auditors' audit-log API filters by actor, action and time, newest first, keyset-paged on id.
CREATE INDEX audit_log_actor_idx ON validation.audit_log (actor, id);
CREATE INDEX audit_log_action_idx ON validation.audit_log (action, id);
CREATE INDEX audit_log_at_idx ON validation.audit_log (at, id);
