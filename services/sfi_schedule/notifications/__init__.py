"""Messages to learners and administrators: seat offers, reminders before an offer expires, publication results."""
