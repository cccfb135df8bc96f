"""Prometheus metrics per route template, kept in a per-app registry."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest


@dataclass(frozen=True, slots=True)
class HttpMetrics:
    """The HTTP metrics every Lotsen process exports."""

    registry: CollectorRegistry
    requests: Counter
    latency: Histogram

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
        return cls(registry, requests, latency)


METRICS = web.AppKey("metrics", HttpMetrics)


async def metrics_handler(request: web.Request) -> web.Response:
    """Expose the app's registry in the Prometheus text format."""
    body = generate_latest(request.app[METRICS].registry)
    resp = web.Response(body=body)
    resp.headers["Content-Type"] = CONTENT_TYPE_LATEST
    return resp
