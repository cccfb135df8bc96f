"""ETag helpers: 304 on a matching If-None-Match, 412 on a stale If-Match, 428 when missing."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import make_mocked_request

from shared.errors import PreconditionFailed, PreconditionRequired
from shared.etag import check_if_match, etag_of, etag_of_version, json_response


def _req(**headers):
    return make_mocked_request("GET", "/x", headers=headers)


def test_same_content_same_tag_and_304():
    tag = etag_of(b'{"a":1}')
    assert json_response(_req(), {"a": 1}).headers["ETag"] == tag
    assert json_response(_req(**{"If-None-Match": f'W/{tag}, "other"'}), {"a": 1}).status == 304
    assert json_response(_req(**{"If-None-Match": '"other"'}), {"a": 1}).status == 200


@pytest.mark.parametrize(
    ("header", "error"),
    [(None, PreconditionRequired), ('"v1"', PreconditionFailed), ('"v3", "v4"', PreconditionFailed)],
)
def test_stale_or_missing_if_match(header, error):
    headers = {"If-Match": header} if header else {}
    with pytest.raises(error):
        check_if_match(_req(**headers), etag_of_version(2))


def test_current_if_match_passes():
    check_if_match(_req(**{"If-Match": '"v2"'}), etag_of_version(2))
    check_if_match(_req(), etag_of_version(2), required=False)
