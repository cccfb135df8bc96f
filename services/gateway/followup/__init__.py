"""``/api/follow-up/v1/…``: the target figures of both services in one document, as JSON, CSV and gauges."""
