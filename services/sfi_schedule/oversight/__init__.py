"""Administrators' view of enrolment: rosters, wait-lists, the allocation log, supply vs demand, at-risk."""
