"""Periodic jobs: supplement reminders, waiting-time flags, retention purge (safe with many replicas)."""
