"""The gateway's own Prometheus metrics, in the app's registry next to the shared HTTP metrics."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge

from services.gateway.breaker import STATE_VALUE


@dataclass(frozen=True, slots=True)
class GatewayMetrics:
    """Upstream errors, breaker state and limited requests."""

    upstream_errors: Counter
    breaker_state: Gauge
    limited: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry) -> GatewayMetrics:
        """Register the gateway's metrics in ``registry``."""
        return cls(
            upstream_errors=Counter(
                "lotsen_gateway_upstream_errors",
                "Failed calls to an upstream service, by kind (connect, reset, timeout, open)",
                ["upstream", "kind"],
                registry=registry,
            ),
            breaker_state=Gauge(
                "lotsen_gateway_breaker_state",
                "Circuit breaker state per upstream (0 closed, 1 half-open, 2 open)",
                ["upstream"],
                registry=registry,
            ),
            limited=Counter(
                "lotsen_gateway_limited_requests",
                "Requests refused by a limit, by reason (rate, quota, body)",
                ["reason"],
                registry=registry,
            ),
        )

    def breaker_changed(self, upstream: str, state: str) -> None:
        """Record a breaker transition."""
        self.breaker_state.labels(upstream).set(STATE_VALUE[state])


GATEWAY_METRICS = web.AppKey("gateway_metrics", GatewayMetrics)
