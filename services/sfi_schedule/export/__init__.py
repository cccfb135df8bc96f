"""The SS 12000 2.1.0 read API (``/v1/ss12000/…``): organisations, persons, groups, duties, rooms, syllabuses,
activities, calendar events and deleted entities, built from the sfi schema's tables (school type VUXSFI)."""
