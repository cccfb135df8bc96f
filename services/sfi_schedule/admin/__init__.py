"""Administrators' reference data: providers, venues, rooms, teachers and terms (draft side)."""
