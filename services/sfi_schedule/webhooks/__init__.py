"""Webhooks: subscriptions of other systems, fanned out into the shared outbox with the change, signed deliveries."""
