"""Messages to applicants: written to the shared outbox with the change, sent as e-mail or SMS in their language."""
