"""One outbox for both services: messages written with the change, delivered by kind (webhook, e-mail, SMS)."""
