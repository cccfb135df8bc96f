-- Replay bodies were stored as a JSON string inside jsonb ("{\"id\": …}"): store the value itself.
UPDATE validation.idempotency_keys SET body = (body #>> '{}')::jsonb WHERE jsonb_typeof(body) = 'string';

-- A replayed submission answers with the case's public receipt (never name, contact or a new tracking
-- code); rows from before kept only the id, so give them the receipt of the case as it was submitted.
UPDATE validation.idempotency_keys k
   SET body = jsonb_build_object(
           'id', a.id, 'reference', a.reference, 'targetRole', a.role_code, 'state', 'submitted', 'version', 1,
           'submittedAt', a.submitted_at, 'stateChangedAt', a.submitted_at)
  FROM validation.applications a
 WHERE jsonb_typeof(k.body) = 'object' AND NOT k.body ? 'reference' AND k.body ->> 'id' = a.id::text;
