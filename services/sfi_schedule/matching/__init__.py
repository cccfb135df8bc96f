"""Matching learners to published SFI groups: a pure scoring function with readable, translated reasons."""
