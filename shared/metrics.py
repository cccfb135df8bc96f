"""Prometheus metrics per route template, kept in a per-app registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

# Methods outside this set are counted as "OTHER": the method is client input, and every distinct label
# value is a new time series kept for the life of the process.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_MAX_SERIES = 4096


@dataclass(frozen=True, slots=True)
class HttpMetrics:
    """The HTTP metrics every Lotsen process exports."""

    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    service: str = ""
    # (method, route, status) -> the counter and histogram children; ``labels()`` takes a lock and builds
    # a key on every call, which is a measurable share of a proxied request (docs/benchmarks.md).
    _children: dict = field(default_factory=dict)

    def record(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request and its duration."""
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            if len(self._children) >= _MAX_SERIES:
                self._children.clear()
            label = method if method in KNOWN_METHODS else "OTHER"
            children = self._children[key] = (
                self.requests.labels(self.service, label, route, str(status)),
                self.latency.labels(self.service, label, route),
            )
        children[0].inc()
        children[1].observe(seconds)

    @classmethod
    def create(cls, service: str) -> HttpMetrics:
        """Make a fresh registry (one per app, so tests can build many apps)."""
        registry = CollectorRegistry(auto_describe=True)
        requests = Counter(
            "lotsen_http_requests",
            "HTTP requests handled",
            ["service", "method", "route", "status"],
            registry=registry,
        )
        latency = Histogram(
            "lotsen_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["service", "method", "route"],
            registry=registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        return cls(registry, requests, latency, service)


METRICS = web.AppKey("metrics", HttpMetrics)


async def metrics_handler(request: web.Request) -> web.Response:
    """Expose the app's registry in the Prometheus text format."""
    body = generate_latest(request.app[METRICS].registry)
    resp = web.Response(body=body)
    resp.headers["Content-Type"] = CONTENT_TYPE_LATEST
    return resp
