-- Matching estimates the expected wait from the seats freed per group over the last 12 weeks (withdrawals and
-- finished courses in the allocation log). The log only grows; this index finds a group's recent freeing rows
-- without reading the group's whole history (a full group's log has a row per enrolment and offer).
CREATE INDEX allocation_log_freed ON sfi.allocation_log (group_id, at) WHERE action IN ('withdrawn', 'completed');
