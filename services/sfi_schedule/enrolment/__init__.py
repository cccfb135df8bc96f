"""Enrolment in published SFI groups: seats, fair wait-lists, offers of freed seats and the allocation log."""
