"""SS 12000-shaped export of the published schedule: Activities and CalendarEvents (school type VUXSFI)."""
