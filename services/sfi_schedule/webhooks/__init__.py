"""Webhooks: subscriptions, an outbox written with the change, signed deliveries with retries."""
