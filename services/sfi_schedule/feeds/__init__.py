"""iCalendar (RFC 5545) feeds of the published schedule per group, venue and teacher."""
