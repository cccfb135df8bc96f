"""Applications: intake, the applicant's access by sign-in or tracking code, and reading a case."""
