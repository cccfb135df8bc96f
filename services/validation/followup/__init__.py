"""Follow-up: the validation target figures (lead time to a decision per role, and the outcome)."""
