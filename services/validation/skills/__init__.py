"""The initial skills mapping (step 1 of validation), ranked against the shortage occupations."""
