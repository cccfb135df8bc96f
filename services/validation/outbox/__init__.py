"""Messages to applicants: written to the outbox with the change, delivered signed to the messaging system."""
