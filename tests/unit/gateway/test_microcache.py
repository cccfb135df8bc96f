"""The gateway's micro-cache: what HTTP caching (RFC 9111) lets a shared cache store, for how long, for whom."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from multidict import CIMultiDict

from services.gateway import microcache
from services.gateway.microcache import MicroCache, directives, shared_lifetime
from tests.waiting import FakeClock

PUBLIC = {"Cache-Control": "public, max-age=60", "Content-Type": "application/json", "ETag": '"e1"'}


def req(path: str = "/api/sfi/v1/groups?course=B", method: str = "GET", **headers: str) -> web.Request:
    return make_mocked_request(method, path, headers=CIMultiDict(headers))


def answer(body: bytes = b'{"data":[]}', status: int = 200, **headers: str) -> web.Response:
    return web.Response(status=status, body=body, headers=CIMultiDict(headers or PUBLIC))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cache(clock) -> MicroCache:
    return MicroCache(1.0, clock)


def test_directives_are_parsed_case_insensitively_with_quotes_stripped():
    assert directives('Public, MAX-AGE="60", no-transform') == {"public": "", "max-age": "60", "no-transform": ""}
    assert directives(None) == {} and directives("") == {}


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Cache-Control": "public, max-age=60"}, 60),
        ({"Cache-Control": "max-age=60, s-maxage=5"}, 5),  # s-maxage wins for a shared cache
        ({"Cache-Control": "public, max-age=60", "Age": "50"}, 10),
        ({"Cache-Control": "public, max-age=60", "Age": "90"}, 0),
        ({"Cache-Control": "private, max-age=60"}, 0),
        ({"Cache-Control": "public, max-age=60, no-store"}, 0),
        ({"Cache-Control": "no-cache, max-age=60"}, 0),
        ({"Cache-Control": "public"}, 0),  # no explicit freshness: not stored
        ({"Cache-Control": "max-age=abc"}, 0),
        ({}, 0),
        ({"Cache-Control": "public, max-age=60", "Set-Cookie": "a=b"}, 0),
        ({"Cache-Control": "public, max-age=60", "Vary": "Accept, *"}, 0),
    ],
)
def test_shared_lifetime_follows_cache_control_age_cookies_and_vary(headers, seconds):
    assert shared_lifetime(CIMultiDict(headers)) == seconds


def test_only_anonymous_gets_without_body_or_conditions_are_eligible(cache):
    assert cache.eligible(req(), anonymous=True) == (True, True)
    assert cache.eligible(req(), anonymous=False) == (False, False)
    assert cache.eligible(req(method="POST"), anonymous=True) == (False, False)
    assert cache.eligible(req(method="HEAD"), anonymous=True) == (False, False)
    assert cache.eligible(req(**{"If-None-Match": '"e1"'}), anonymous=True) == (False, False)
    assert cache.eligible(req(**{"If-Modified-Since": "Wed, 02 Dec 2026 16:00:00 GMT"}), anonymous=True) == (
        False,
        False,
    )


def test_the_request_may_ask_for_a_fresh_answer_or_for_nothing_stored(cache):
    assert cache.eligible(req(**{"Cache-Control": "no-cache"}), anonymous=True) == (False, True)
    assert cache.eligible(req(**{"Cache-Control": "max-age=0"}), anonymous=True) == (False, True)
    assert cache.eligible(req(Pragma="no-cache"), anonymous=True) == (False, True)
    assert cache.eligible(req(**{"Cache-Control": "no-store"}), anonymous=True) == (False, False)
    assert cache.eligible(req(**{"Cache-Control": "max-age=30"}), anonymous=True) == (True, True)


def test_off_when_the_setting_is_zero(clock):
    off = MicroCache(0.0, clock)
    assert not off.enabled and off.eligible(req(), anonymous=True) == (False, False)


def test_a_stored_answer_is_served_with_age_until_the_setting_runs_out(cache, clock):
    cache.put("sfi", req(), answer())
    hit = cache.get("sfi", req())
    assert hit is not None and hit.status == 200 and hit.body == b'{"data":[]}'
    assert hit.headers["Age"] == "0" and hit.headers["ETag"] == '"e1"'
    hit.headers["X-Request-ID"] = "changed"  # each hit is its own response: the stored headers stay as they were
    clock.advance(0.99)
    again = cache.get("sfi", req())
    assert again is not None and "X-Request-ID" not in again.headers
    clock.advance(0.01)
    assert cache.get("sfi", req()) is None  # 1 s, although the service allowed 60


def test_age_counts_the_age_the_answer_arrived_with_and_shortens_its_stay(clock):
    cache = MicroCache(60.0, clock)
    cache.put("sfi", req(), answer(**{**PUBLIC, "Age": "20"}))
    clock.advance(5)
    assert cache.get("sfi", req()).headers["Age"] == "25"
    clock.advance(34.9)
    assert cache.get("sfi", req()) is not None
    clock.advance(0.1)
    assert cache.get("sfi", req()) is None  # max-age 60 minus the 20 s it was old already


def test_other_query_strings_services_and_statuses_are_misses(cache):
    cache.put("sfi", req(), answer())
    assert cache.get("sfi", req("/api/sfi/v1/groups?course=C")) is None
    assert cache.get("validation", req()) is None
    cache.put("sfi", req("/api/sfi/v1/x"), answer(status=404))
    assert cache.get("sfi", req("/api/sfi/v1/x")) is None


def test_answers_that_a_shared_cache_must_not_keep_are_not_stored(cache):
    for headers in ({"Cache-Control": "private, max-age=60"}, {"Cache-Control": "no-store"}, {"X": "y"}):
        cache.put("sfi", req(), answer(**headers))
        assert cache.get("sfi", req()) is None
    cache.put("sfi", req(), answer(body=b"x" * (microcache.MAX_BODY + 1)))
    assert cache.get("sfi", req()) is None
    streamed = web.StreamResponse(headers=PUBLIC)
    cache.put("sfi", req(), streamed)
    assert cache.get("sfi", req()) is None


def test_vary_keeps_the_request_values_and_misses_on_others(cache):
    cache.put("sfi", req(**{"Accept-Language": "sv"}), answer(**{**PUBLIC, "Vary": "Accept-Language"}))
    assert cache.get("sfi", req(**{"Accept-Language": "sv"})) is not None
    assert cache.get("sfi", req(**{"Accept-Language": "en"})) is None
    assert cache.get("sfi", req()) is None


def test_invalidate_drops_one_service(cache):
    cache.put("sfi", req(), answer())
    cache.put("validation", req("/api/validation/v1/roles"), answer())
    cache.invalidate("sfi")
    assert cache.get("sfi", req()) is None
    assert cache.get("validation", req("/api/validation/v1/roles")) is not None


def test_stored_bytes_are_bounded_oldest_first(cache, monkeypatch):
    monkeypatch.setattr(microcache, "MAX_BYTES", 25)
    for n in range(3):
        cache.put("sfi", req(f"/api/sfi/v1/g?n={n}"), answer(body=b"x" * 10))
    assert cache.get("sfi", req("/api/sfi/v1/g?n=0")) is None
    assert cache.get("sfi", req("/api/sfi/v1/g?n=1")) is not None
    assert cache.get("sfi", req("/api/sfi/v1/g?n=2")) is not None
