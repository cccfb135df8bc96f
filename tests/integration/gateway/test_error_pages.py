"""Error answers chosen by ``Accept`` (issue 21): HTML pages for browsers, problem+json for API clients."""

from __future__ import annotations

import pytest
from aiohttp import web

from tests.integration.gateway.conftest import bearer

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Accept-Language": "sv"}
API = {"Accept": "application/json"}


async def page_of(resp) -> str:
    assert resp.headers["Content-Type"].startswith("text/html"), resp.headers["Content-Type"]
    html = await resp.text()
    assert '<html lang="sv"' in html and "problem" not in html
    return html


@pytest.mark.parametrize("path", ["/sfii", "/work/casesx", "/api/nowhere"])
async def test_a_mistyped_url_is_a_page_for_a_browser_and_a_problem_for_an_api_client(gateway, path):
    client = await gateway()
    html = await page_of(await client.get(path, headers=BROWSER))
    assert "Sidan finns inte" in html
    for headers in (API, {"Accept": "*/*"}, {}):
        resp = await client.get(path, headers=headers)
        assert resp.status == 404 and resp.headers["Content-Type"].startswith("application/problem+json")
        assert (await resp.json())["status"] == 404


async def test_a_refused_method_keeps_its_status_and_allow_header(gateway):
    client = await gateway()
    resp = await client.delete("/apply", headers=BROWSER)
    assert resp.status == 405 and "GET" in resp.headers["Allow"]
    await page_of(resp)


async def test_forbidden_is_a_page_for_a_browser(gateway):
    client = await gateway()
    resp = await client.get("/api/gateway/v1/keys", headers={**BROWSER, **bearer("person-1", "resident")})
    assert resp.status == 403
    assert "Inte för dig" in await page_of(resp)
    resp = await client.get("/api/gateway/v1/keys", headers={**API, **bearer("person-1", "resident")})
    assert resp.status == 403 and resp.headers["Content-Type"].startswith("application/problem+json")


async def test_an_upstream_that_is_down_is_a_try_again_page(gateway):
    client = await gateway()  # both services unreachable
    resp = await client.get("/api/sfi/v1/groups", headers=BROWSER)
    assert resp.status == 503
    assert "Försök igen" in await page_of(resp)
    resp = await client.get("/api/sfi/v1/groups", headers=API)
    assert resp.status == 503 and resp.headers["Content-Type"].startswith("application/problem+json")


async def test_a_crash_is_a_page_with_the_request_id_to_quote(gateway, start_fake):
    async def broken_roles(request: web.Request) -> web.Response:
        return web.json_response({"unexpected": True})  # the page expects {"data": [...]}: a bug, a 500

    fake = await start_fake({("GET", "/v1/roles"): broken_roles})
    client = await gateway(validation=fake.url)
    resp = await client.get("/apply", headers={**BROWSER, "X-Request-ID": "req-quote-me"})
    assert resp.status == 500
    html = await page_of(resp)
    assert "Något gick fel" in html and "req-quote-me" in html
    resp = await client.get("/apply", headers=API)
    assert resp.status == 500 and resp.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "path", ["/static/nothing.css", "/static/img/missing.png", "/static/%2e%2e/__init__.py", "/static/style.css/x"]
)
async def test_a_missing_static_file_is_the_sites_not_found_page_in_the_visitors_language(gateway, path):
    client = await gateway()
    resp = await client.get(path, headers=BROWSER)
    assert resp.status == 404
    html = await page_of(resp)
    assert "Sidan finns inte" in html
    resp = await client.get(path, headers={**BROWSER, "Accept-Language": "en"})
    assert resp.status == 404 and '<html lang="en"' in await resp.text()
    resp = await client.get(path, headers=API)
    assert resp.status == 404 and resp.headers["Content-Type"].startswith("application/problem+json")
    # the stylesheet itself is still served as a file
    resp = await client.get("/static/style.css", headers=BROWSER)
    assert resp.status == 200 and resp.content_type == "text/css"
