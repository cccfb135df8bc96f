"""The HTTP metrics every process records per request."""

from __future__ import annotations

from prometheus_client import generate_latest

from shared.metrics import HttpMetrics


def _text(metrics: HttpMetrics) -> str:
    return generate_latest(metrics.registry).decode()


def test_repeated_requests_are_counted_on_one_series_each():
    metrics = HttpMetrics.create("svc")
    for _ in range(3):
        metrics.record("GET", "/v1/groups", 200, 0.002)
    metrics.record("GET", "/v1/groups", 404, 0.001)
    text = _text(metrics)
    assert 'lotsen_http_requests_total{method="GET",route="/v1/groups",service="svc",status="200"} 3.0' in text
    assert 'lotsen_http_requests_total{method="GET",route="/v1/groups",service="svc",status="404"} 1.0' in text
    assert 'lotsen_http_request_duration_seconds_count{method="GET",route="/v1/groups",service="svc"} 4.0' in text
    assert 'le="0.0025",method="GET",route="/v1/groups",service="svc"} 4.0' in text


def test_unknown_methods_share_one_label_so_clients_cannot_mint_series():
    metrics = HttpMetrics.create("svc")
    for i in range(50):
        metrics.record(f"M{i}", "unmatched", 405, 0.001)
    text = _text(metrics)
    assert 'lotsen_http_requests_total{method="OTHER",route="unmatched",service="svc",status="405"} 50.0' in text
    assert 'method="M1"' not in text
