"""SFI learners: the profile used for matching and enrolment, placements and course results."""
