"""Issue 16, scheduled publication through the API: a time in the past or no time is 422 on the field, a draft
without changes is 409 "nothing to publish", and none of them records a publication or a version."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.sfi.conftest import TERM_CLOCK, group_payload


def _ahead(**delta) -> str:
    return (TERM_CLOCK.now() + timedelta(**delta)).isoformat()


async def _publications(api) -> list[dict]:
    _, body = await api.call("GET", "/v1/publications", status=200)
    return body["data"]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        pytest.param({"publishAt": _ahead(hours=-1)}, "/publishAt", id="an-hour-ago"),
        pytest.param({"publishAt": _ahead(days=-400)}, "/publishAt", id="last-year"),
        pytest.param({}, "/publishAt", id="no-time"),
        pytest.param({"note": "HT", "publishNow": False}, "/publishAt", id="publish-now-false-and-no-time"),
        pytest.param({"publishAt": "2027-01-01T08:00:00"}, "/publishAt", id="no-offset"),
        pytest.param({"publishAt": _ahead(days=400)}, "/publishAt", id="more-than-a-year-ahead"),
        pytest.param({"publishAt": "٢٠٢٥-٠١-٠١T٠٨:٠٠:٠٠+٠١:٠٠"}, "/publishAt", id="arabic-digits-in-the-past"),
        pytest.param({"publishAt": "tomorrow"}, "/publishAt", id="not-a-time"),
    ],
)
async def test_a_publication_needs_a_time_still_ahead(api, base, body, pointer):
    await api.create("/v1/admin/groups", group_payload(base))
    resp, problem = await api.call("POST", "/v1/publications", json=body)
    assert resp.status == 422, problem
    assert [e["pointer"] for e in problem["errors"]] == [pointer]
    assert await _publications(api) == []  # nothing was published at once


async def test_a_time_typed_in_other_digits_is_scheduled(api, base):
    await api.create("/v1/admin/groups", group_payload(base))
    ahead = _ahead(days=2).translate(str.maketrans("0123456789-:", "٠١٢٣٤٥٦٧٨٩－："))
    _, pub = await api.call("POST", "/v1/publications", json={"publishAt": ahead}, status=201)
    assert pub["status"] == "scheduled"


async def test_nothing_to_publish_is_409_and_makes_no_version(api, base):
    resp, problem = await api.call("POST", "/v1/publications", json={"publishNow": True})
    assert resp.status == 409 and "nothing to publish" in problem["detail"].lower(), problem
    await api.create("/v1/admin/groups", group_payload(base))
    _, first = await api.call("POST", "/v1/publications", json={"publishNow": True}, status=201)
    again, problem = await api.call("POST", "/v1/publications", json={"publishNow": True})
    assert again.status == 409 and "nothing to publish" in problem["detail"].lower(), problem
    later, problem = await api.call("POST", "/v1/publications", json={"publishAt": _ahead(hours=1)})
    assert later.status == 409, problem
    assert [p["version"] for p in await _publications(api) if p["status"] == "published"] == [first["version"]]
