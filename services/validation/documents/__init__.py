"""Documents an applicant sends: diplomas, translations, course descriptions, certificates, ID."""
