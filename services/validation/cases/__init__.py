"""Views over cases: the caseworker queue, the applicant's own overview, statistics."""
