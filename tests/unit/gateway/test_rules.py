"""Pure gateway rules: breaker states, token buckets, key format, the route table, templates, settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.gateway.apidoc import compile_templates
from services.gateway.breaker import CLOSED, HALF_OPEN, OPEN, Breaker
from services.gateway.config import from_settings
from services.gateway.keys.domain import hash_key, new_key, prefix_of
from services.gateway.limits import RateLimiter, seconds_to_next_day
from services.gateway.policy import authorise
from shared.errors import Forbidden, NotFound, RateLimited, ServiceUnavailable, Unauthorized
from shared.identity import Identity
from shared.settings import SettingsError, load_settings


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_after_threshold_fails_fast_then_one_probe_closes_it():
    clock = Clock()
    breaker = Breaker("sfi", threshold=3, open_seconds=5, clock=clock)
    for _ in range(3):
        assert breaker.allow() is False
        breaker.failure()
    assert breaker.state == OPEN
    with pytest.raises(ServiceUnavailable) as exc:
        breaker.allow()
    assert exc.value.headers["Retry-After"] == "5"
    clock.now += 5
    assert breaker.allow() is True and breaker.state == HALF_OPEN
    with pytest.raises(ServiceUnavailable):
        breaker.allow()  # only one probe at a time
    breaker.success()
    assert breaker.state == CLOSED and breaker.allow() is False


def test_failed_probe_reopens_the_breaker():
    clock = Clock()
    breaker = Breaker("sfi", threshold=1, open_seconds=2, clock=clock)
    breaker.failure()
    clock.now += 2
    assert breaker.allow() is True
    breaker.failure()
    assert breaker.state == OPEN


def test_success_resets_the_consecutive_failure_count():
    breaker = Breaker("sfi", threshold=2, open_seconds=2, clock=Clock())
    breaker.failure()
    breaker.success()
    breaker.failure()
    assert breaker.state == CLOSED


def test_token_bucket_allows_rate_then_refills_over_time():
    clock = Clock()
    limiter = RateLimiter(clock)
    for _ in range(10):
        limiter.check("key:a", 10)
    with pytest.raises(RateLimited) as exc:
        limiter.check("key:a", 10)
    assert exc.value.headers["Retry-After"] == "1"
    limiter.check("key:b", 10)  # consumers do not share a bucket
    clock.now += 0.11
    limiter.check("key:a", 10)


def test_quota_retry_after_runs_to_midnight_in_sweden():
    assert seconds_to_next_day(datetime(2026, 3, 2, 22, 0, tzinfo=UTC)) == 3600  # 23:00 CET


def test_key_format_prefix_and_hash():
    prefix, key = new_key()
    assert prefix_of(key) == prefix and len(prefix) == 12
    assert hash_key(key) != hash_key(key + "x") and len(hash_key(key)) == 64
    assert prefix_of("lsk_short_x") is None and prefix_of(key + "x") is None


PERSON = Identity(sub="p", kind="person", roles=frozenset({"resident"}))
ADMIN = Identity(sub="a", kind="person", roles=frozenset({"admin"}))
ANON = Identity(sub="anonymous", kind="anonymous")
SFI_ADMIN = Identity(sub="s", kind="person", roles=frozenset({"sfi_admin"}))
# A person whose identity somehow carried system scopes still passes only by role.
SCOPED_PERSON = Identity(sub="p", kind="person", roles=frozenset({"resident"}), scopes=frozenset({"webhooks:manage"}))


def system(*scopes: str) -> Identity:
    return Identity(sub="key:1", kind="system", scopes=frozenset(scopes))


@pytest.mark.parametrize(
    ("method", "path", "who", "outcome"),
    [
        ("GET", "/api/sfi/v1/groups", ANON, None),
        ("GET", "/api/sfi/v1/groups/g1/calendar.ics", ANON, None),
        ("GET", "/api/validation/v1/roles", ANON, None),
        ("POST", "/api/validation/v1/applications", ANON, None),
        ("POST", "/api/sfi/v1/groups/g1/enrolments", ANON, Unauthorized),
        ("POST", "/api/sfi/v1/groups/g1/enrolments", PERSON, None),
        ("POST", "/api/sfi/v1/groups/g1/enrolments", system("schedule:read"), Forbidden),
        ("POST", "/api/sfi/v1/groups/g1/enrolments", system("enrolment:write"), None),
        ("GET", "/api/sfi/v1/groups", system("schedule:read"), None),
        ("GET", "/api/sfi/v1/groups", system("validation:read"), Forbidden),
        ("GET", "/api/validation/v1/cases", system("validation:read"), None),
        # Issue 16: auditors read the audit log through the API (the service lets only signed-in auditors in).
        ("GET", "/api/validation/v1/audit-log", Identity(sub="a", kind="person", roles=frozenset({"auditor"})), None),
        ("GET", "/api/validation/v1/audit-log", ANON, Unauthorized),
        ("GET", "/api/gateway/v1/keys", PERSON, Forbidden),
        ("GET", "/api/gateway/v1/keys", ADMIN, None),
        ("GET", "/api/gateway/v1/keys", system("admin"), None),
        ("GET", "/api/me/overview", ANON, Unauthorized),
        ("POST", "/api/sfi/v1/webhooks/subscriptions", PERSON, Forbidden),
        ("POST", "/api/sfi/v1/webhooks/subscriptions", SCOPED_PERSON, Forbidden),
        ("GET", "/api/sfi/v1/webhooks/subscriptions", SCOPED_PERSON, Forbidden),
        ("POST", "/api/sfi/v1/webhooks/subscriptions", SFI_ADMIN, None),
        ("POST", "/api/sfi/v1/webhooks/subscriptions", system("webhooks:manage"), None),
        ("DELETE", "/api/sfi/v1/webhooks/subscriptions/s1", system("schedule:write"), Forbidden),
        ("GET", "/api/gateway/v1/keys", Identity(sub="p", kind="person", scopes=frozenset({"admin"})), Forbidden),
        ("GET", "/api/openapi.json", ANON, None),
        ("GET", "/api/elsewhere", ADMIN, NotFound),
        # A decoded %0A at the end must not slip through a "$" that matches before a final newline.
        ("GET", "/api/sfi/v1/groups\n", ANON, NotFound),
        ("GET", "/api/validation/v1/roles\n", ANON, NotFound),
    ],
)
def test_route_table(method, path, who, outcome):
    if outcome is None:
        authorise(method, path, who, {})
    else:
        with pytest.raises(outcome):
            authorise(method, path, who, {})


def test_the_memoised_rule_lookup_still_judges_each_caller():
    for _ in range(3):  # the second and later lookups come from the memo
        authorise("POST", "/api/sfi/v1/groups/g9/enrolments", PERSON, {})
        with pytest.raises(Unauthorized):
            authorise("POST", "/api/sfi/v1/groups/g9/enrolments", ANON, {})
        with pytest.raises(Forbidden):
            authorise("POST", "/api/sfi/v1/groups/g9/enrolments", system("schedule:read"), {})


def test_long_paths_are_judged_but_not_kept():
    from services.gateway import policy

    before = len(policy._rule_memo)
    for i in range(50):
        authorise("GET", f"/api/sfi/v1/groups/{'x' * 300}{i}", ANON, {})
    assert len(policy._rule_memo) <= before


def test_upload_route_is_marked_for_streaming():
    rule = authorise("POST", "/api/validation/v1/applications/a1/documents", ANON, {"X-Tracking-Code": "t"})
    assert rule.upload


def test_templates_prefer_literal_segments():
    templates = compile_templates(["/api/sfi/v1/groups/{id}", "/api/sfi/v1/groups/search"])
    assert next(t for p, t in templates if p.match("/api/sfi/v1/groups/search")) == "/api/sfi/v1/groups/search"
    assert [t for p, t in templates if p.match("/api/sfi/v1/groups/abc")] == ["/api/sfi/v1/groups/{id}"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOTSEN_CORS_ORIGINS", "kommun.se"),
        ("LOTSEN_UPSTREAM_DEADLINE", "0"),
        ("LOTSEN_MAX_UPLOAD_BYTES", "lots"),
        ("LOTSEN_BREAKER_FAILURES", "0"),
    ],
)
def test_bad_gateway_settings_name_the_variable(tmp_path, name, value):
    settings = load_settings({"LOTSEN_HOME": str(tmp_path), name: value})
    with pytest.raises(SettingsError, match=name):
        from_settings(settings)
