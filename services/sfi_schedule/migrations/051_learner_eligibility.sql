-- Issue 16: what SFI eligibility is judged on (FACT: from 1 July of the year a person turns 16; resident or with
-- an EU/EEA right of residence; asylum seekers are not eligible). Both are what the person states; NULL is not
-- stated yet, and a learner who has not stated them is not offered a seat until they do (docs/sfi-enrolment.md).
ALTER TABLE sfi.learners
    ADD COLUMN birth_date date CHECK (birth_date > DATE '1900-01-01'),
    ADD COLUMN residence text CHECK (residence IN ('resident', 'eu_eea_right_of_residence', 'asylum_seeker',
                                                   'no_right_of_residence'));
