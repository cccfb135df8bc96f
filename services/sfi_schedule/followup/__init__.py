"""Follow-up: outcome records (what a learner is doing at a date) and the SFI and placement target figures."""
