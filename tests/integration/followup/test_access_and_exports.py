"""Who may take the figures out, that every export is logged (at the gateway and at each service), bad windows,
and a service that is down."""

from __future__ import annotations

import pytest

from services.gateway.app import create_app as create_gateway
from services.gateway.proxy import UPSTREAM_POOLS
from shared.settings import load_settings
from tests.integration.followup.conftest import AUDITOR, page_cookies
from tests.integration.gateway.conftest import ADMIN, bearer, create_key

TARGETS = "/api/follow-up/v1/targets"


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), (("resident",), 403), (("caseworker",), 403), (("sfi_admin",), 403), (("auditor",), 200),
     (("admin",), 200)],
)  # fmt: skip
async def test_the_figures_are_for_auditors_and_administrators(stack, who, status):
    headers = bearer("person-7", *who) if who else {}
    for path in (TARGETS, TARGETS.replace("targets", "targets.csv"), "/api/follow-up/v1/metrics",
                 "/api/sfi/v1/follow-up/figures", "/api/validation/v1/follow-up/figures"):  # fmt: skip
        assert (await stack.gateway.get(path, headers=headers)).status == status, path


@pytest.mark.parametrize(("scopes", "status"), [(["statistics:read"], 200), (["schedule:read", "validation:read"], 403),
                                                (["outcomes:write"], 403)])  # fmt: skip
async def test_systems_need_statistics_read(stack, scopes, status):
    key = (await create_key(stack.gateway, scopes=scopes))["key"]
    for path in (TARGETS, "/api/follow-up/v1/metrics", "/api/sfi/v1/follow-up/figures"):
        assert (await stack.gateway.get(path, headers={"X-API-Key": key})).status == status, path


async def test_the_page_is_for_auditors_and_administrators(stack):
    assert (await stack.gateway.get("/follow-up", cookies=page_cookies("caseworker"))).status == 403
    anonymous = await stack.gateway.get("/follow-up", allow_redirects=False)
    assert anonymous.status == 303 and anonymous.headers["Location"].startswith("/signin")
    assert (await stack.gateway.get("/follow-up", cookies=page_cookies("admin", "admin-1"))).status == 200


async def test_every_export_is_logged_with_its_format_and_the_services_log_their_disclosure(stack):
    key = await create_key(stack.gateway, scopes=["statistics:read"])
    calls = [(TARGETS, AUDITOR, {}), (TARGETS.replace("targets", "targets.csv"), AUDITOR, {}),
             ("/api/follow-up/v1/metrics", {"X-API-Key": key["key"]}, {}), ("/follow-up", {}, page_cookies()),
             ("/follow-up/targets.csv", {}, page_cookies())]  # fmt: skip
    for path, headers, cookies in calls:
        resp = await stack.gateway.get(path + "?period=month", headers=headers, cookies=cookies)
        assert resp.status == 200, path
    log = await stack.db.fetch(
        "SELECT format, actor, actor_kind, consumer, params, complete FROM gateway.followup_exports ORDER BY id"
    )
    assert [r["format"] for r in log] == ["json", "csv", "openmetrics", "page", "csv"]
    assert [r["actor"] for r in log] == ["auditor-1", "auditor-1", f"key:{key['id']}", "auditor-1", "auditor-1"]
    assert all(r["complete"] and r["params"]["period"] == "month" for r in log)
    for schema in ("sfi", "validation"):
        disclosed = await stack.db.fetch(f"SELECT actor, params FROM {schema}.followup_disclosures ORDER BY id")  # noqa: S608
        assert [r["actor"] for r in disclosed] == [r["actor"] for r in log], schema
        assert {r["params"]["asOf"] for r in disclosed} == {stack.today.isoformat()}
    with pytest.raises(Exception, match="append-only"):
        await stack.db.execute("DELETE FROM gateway.followup_exports")


@pytest.mark.parametrize(
    ("query", "pointer"),
    [("from=2026-02-01&to=2026-01-01", "/from"), ("asOf=2999-01-01", "/asOf"), ("period=week", "/period"),
     ("from=yesterday", "/from"), ("from=1900-01-01", "/from")],
)  # fmt: skip
async def test_a_bad_window_is_422_naming_the_parameter_and_nothing_is_exported(stack, query, pointer):
    resp = await stack.gateway.get(f"{TARGETS}?{query}", headers=AUDITOR)
    body = await resp.json()
    assert resp.status == 422 and pointer in [e["pointer"] for e in body["errors"]], body
    page = await stack.gateway.get(f"/follow-up?{query}", cookies=page_cookies())
    assert page.status == 422 and 'class="error"' in await page.text()
    assert await stack.db.fetchval("SELECT count(*) FROM gateway.followup_exports") == 0


async def test_with_validation_down_the_sfi_figures_still_come_marked_incomplete(stack, make_client, settings_env,
                                                                                 db_url):  # fmt: skip
    sfi_url = stack.gateway.app[UPSTREAM_POOLS]["sfi"].urls[0]
    env = {
        **settings_env,
        "DATABASE_URL": db_url,
        "LOTSEN_VALIDATION_URL": "http://127.0.0.1:9",
        "LOTSEN_SFI_URL": sfi_url,
    }
    client = await make_client(create_gateway(load_settings(env)))
    doc = await (await client.get(TARGETS, headers=ADMIN)).json()
    assert doc["complete"] is False and doc["missing"] == ["validation"]
    assert doc["validation"] is None and doc["sfiStart"]["cells"]
    assert next(t for t in doc["targets"] if t["id"] == "validationLeadTime")["available"] is False
    page = await (await client.get("/follow-up", cookies=page_cookies("admin", "admin-1"))).text()
    assert 'role="alert"' in page and "validation" in page
    assert await stack.db.fetchval("SELECT complete FROM gateway.followup_exports ORDER BY id DESC LIMIT 1") is False
