"""Feeds over HTTP: HEAD, If-None-Match and If-Modified-Since, 304 without building, no stale feed on any replica."""

from __future__ import annotations

import asyncio
from email.utils import format_datetime, parsedate_to_datetime

import pytest

from services.sfi_schedule.app import create_app
from services.sfi_schedule.feeds import service
from services.sfi_schedule.feeds.service import FEEDS
from shared.settings import load_settings
from tests.integration.sfi.conftest import ANON, SYSTEM, Api, group_payload
from tests.integration.sfi.test_feeds import YEAR, _schedule


async def _replica(make_client, settings_env, db_url) -> Api:
    return Api(await make_client(create_app(load_settings({**settings_env, "DATABASE_URL": db_url}))))


async def _republish(api, base, group_id: str, **changes) -> None:
    _, draft = await api.call("GET", f"/v1/admin/groups/{group_id}", status=200)
    payload = group_payload(base, **{"name": "Varje vecka", **YEAR, "slots": draft["slots"], **changes})
    await api.call("PUT", f"/v1/admin/groups/{group_id}", json=payload,
                   headers={"If-Match": f'"v{draft["version"]}"'}, status=200)  # fmt: skip
    await api.call("POST", "/v1/publications", json={"publishNow": True}, status=201)


def _urls(base, ids) -> list[tuple[str, dict]]:
    return [
        (f"/v1/groups/{ids[0]}/calendar.ics", ANON),
        (f"/v1/venues/{base.school}/calendar.ics", ANON),
        (f"/v1/teachers/{base.anna}/calendar.ics", SYSTEM),
    ]


async def test_head_answers_every_feed_with_the_headers_of_get_and_no_body(api, base):
    ids = await _schedule(api, base)
    for url, who in _urls(base, ids):
        got = await api.client.get(url, headers=who)
        body = await got.read()
        head = await api.client.head(url, headers=who)
        assert head.status == 200 and await head.read() == b""
        for name in ("ETag", "Last-Modified", "Cache-Control", "Content-Type"):
            assert head.headers[name] == got.headers[name], (url, name)
        assert int(head.headers["Content-Length"]) == len(body) > 0
        again = await api.client.head(url, headers={**who, "If-None-Match": got.headers["ETag"]})
        assert again.status == 304


@pytest.mark.parametrize("feed", [0, 1, 2], ids=["group", "venue", "teacher"])
async def test_if_modified_since_is_honoured_only_without_if_none_match(api, base, feed):
    url, who = _urls(base, await _schedule(api, base))[feed]
    first = await api.client.get(url, headers=who)
    modified, tag = first.headers["Last-Modified"], first.headers["ETag"]
    earlier = format_datetime(parsedate_to_datetime(modified).replace(year=2020), usegmt=True)
    cases = [
        ({"If-Modified-Since": modified}, 304),
        ({"If-Modified-Since": earlier}, 200),
        ({"If-Modified-Since": "not a date"}, 200),
        ({"If-Modified-Since": modified, "If-None-Match": '"other"'}, 200),  # If-None-Match decides
        ({"If-Modified-Since": earlier, "If-None-Match": tag}, 304),
    ]
    for headers, status in cases:
        resp = await api.client.get(url, headers={**who, **headers})
        assert resp.status == status, headers
        assert resp.headers["ETag"] == tag and resp.headers["Last-Modified"] == modified
        assert (await resp.read() == b"") == (status == 304)


async def test_a_304_is_answered_from_revisions_without_building_the_feed(api, base, make_client, settings_env, db_url):
    ids = await _schedule(api, base)
    other = await _replica(make_client, settings_env, db_url)  # a second replica, nothing built there yet
    for url, who in _urls(base, ids):
        tag = (await api.client.get(url, headers=who)).headers["ETag"]
        resp = await other.client.get(url, headers={**who, "If-None-Match": tag})
        assert resp.status == 304 and resp.headers["ETag"] == tag
        assert other.client.app[FEEDS].get(tag) is None  # confirmed, never built
        assert api.client.app[FEEDS].get(tag) is not None


async def test_no_replica_serves_a_feed_older_than_the_last_publication(api, base, make_client, settings_env, db_url):
    ids = await _schedule(api, base)
    other = await _replica(make_client, settings_env, db_url)
    url = f"/v1/venues/{base.school}/calendar.ics"
    before = {await (await replica.client.get(url, headers=ANON)).text() for replica in (api, other)}
    assert len(before) == 1 and "Varje vecka (ny sal)" not in before.pop()
    await _republish(api, base, ids[0], name="Varje vecka (ny sal)")
    for replica in (other, api):  # the replica that did not publish first
        assert "Varje vecka (ny sal)" in await (await replica.client.get(url, headers=ANON)).text()


async def test_a_venue_feed_a_group_leaves_changes_its_etag_and_its_last_modified_never_goes_back(api, base):
    ids = await _schedule(api, base)
    url = f"/v1/venues/{base.school}/calendar.ics"
    await _republish(api, base, ids[0], description="Ny beskrivning")  # now the newest group at the school
    first = await api.client.get(url, headers=ANON)
    await _republish(api, base, ids[0], venueId=base.library, roomId=None)  # ... and it leaves
    after = await api.client.get(url, headers={**ANON, "If-None-Match": first.headers["ETag"]})
    assert after.status == 200 and "Varje vecka:" not in await after.text()
    # (the school's other groups are older than the one that left: their newest change is not enough)
    assert parsedate_to_datetime(after.headers["Last-Modified"]) >= parsedate_to_datetime(
        first.headers["Last-Modified"]
    )


async def test_concurrent_requests_for_a_new_feed_build_it_once(api, base, monkeypatch):
    await _schedule(api, base)
    builds = []
    real = service.groups_calendar

    def counted(*args, **kwargs):
        builds.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "groups_calendar", counted)
    url = f"/v1/venues/{base.school}/calendar.ics"
    answers = await asyncio.gather(*(api.client.get(url, headers=ANON) for _ in range(6)))
    bodies = {await a.read() for a in answers}
    assert [a.status for a in answers] == [200] * 6 and len(bodies) == 1
    assert len(builds) == 1
