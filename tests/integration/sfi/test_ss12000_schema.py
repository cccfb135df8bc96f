"""Every SS 12000 endpoint's answers validate against the official 2.1.0 schemas, on every page of the demo data,
for every kind of caller, with and without ``expand`` / ``expandReferenceNames``."""

from __future__ import annotations

import pytest

from tests.integration.sfi.conftest import ANON, SYSTEM
from tests.integration.sfi.ss12000_support import (
    API,
    CALLERS,
    CIVIC,
    LEARNERS,
    all_pages,
    assert_valid,
    demo_service,
    items,
    standard,
)

YEAR = {"startTime.onOrAfter": "2026-08-01T00:00:00+02:00", "startTime.onOrBefore": "2027-07-31T23:59:59+02:00"}
# list path, page schema, item schema, every expand value, extra parameters
LISTS = [
    ("organisations", "Organisations", "Organisation", [], {}),
    ("persons", "PersonsExpanded", "PersonExpanded",
     ["duties", "responsibleFor", "placements", "ownedPlacements", "groupMemberships"], {}),
    ("duties", "Duties", "DutyExpanded", ["person"], {}),
    ("groups", "GroupsExpanded", "GroupExpanded", ["assignmentRoles"], {}),
    ("syllabuses", "Syllabuses", "Syllabus", [], {}),
    ("activities", "Activities", "ActivityExpanded", ["groups", "teachers", "syllabus"], {}),
    ("calendarEvents", "CalendarEvents", "CalendarEvent", ["activity", "attendance"], YEAR),
    ("rooms", "Rooms", "Room", [], {}),
]  # fmt: skip
STAFF_ONLY = {"persons", "duties"}


@pytest.fixture(scope="module")
async def demo_api(pg_admin_url, template_db, tmp_path_factory):
    standard()  # skip (fail under CI) with a clear message before seeding anything
    async with demo_service(pg_admin_url, template_db, tmp_path_factory.mktemp("home")) as api:
        yield api


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("expanded", [False, True], ids=["plain", "expanded"])
@pytest.mark.parametrize(("path", "page_schema", "item_schema", "expand", "extra"), LISTS, ids=[x[0] for x in LISTS])
async def test_every_page_and_item_validates(demo_api, caller, expanded, path, page_schema, item_schema, expand, extra):
    who = CALLERS[caller]
    if path in STAFF_ONLY and caller == "anonymous":
        _, body = await demo_api.call("GET", f"{API}/{path}", headers=who, status=403)
        assert_valid("Error", body)
        return
    params = {**extra, **({"expand": ",".join(expand), "expandReferenceNames": "true"} if expanded else {})}
    limit = 500 if path == "calendarEvents" else 7
    pages = await all_pages(demo_api, path, headers=who, limit=limit, **params)
    for page in pages:
        assert_valid(page_schema, page)
    found = items(pages)
    assert found, f"the demo has {path}"
    assert len({i["id"] for i in found}) == len(found), "no item on two pages"
    for item in (found[0], found[len(found) // 2], found[-1]):
        query = {k: v for k, v in params.items() if k in ("expand", "expandReferenceNames")}
        _, one = await demo_api.call("GET", f"{API}/{path}/{item['id']}", params=query, headers=who, status=200)
        assert_valid(item_schema, one)
        assert one == item


@pytest.mark.parametrize("who", [ANON, SYSTEM, LEARNERS, CIVIC], ids=["anonymous", "schedule", "learners", "civic"])
async def test_deleted_entities_validates(demo_api, who):
    for page in await all_pages(demo_api, "deletedEntities", headers=who, limit=3):
        assert_valid("DeletedEntities", page)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("calendarEvents", {"startTime.onOrAfter": "yesterday", "startTime.onOrBefore": "2026-09-01"}),
        ("calendarEvents", {}),
        ("groups", {"meta.modified.after": "not a time"}),
        ("groups", {"limit": "0"}),
        ("activities", {"sortkey": "Sideways"}),
        ("persons", {"expand": "everything"}),
        ("rooms", {"pageToken": "forged"}),
        ("rooms/not-a-uuid", {}),
        ("deletedEntities", {"entities": "Unicorn"}),
    ],
)
async def test_bad_input_is_the_standards_400(demo_api, path, params):
    _, body = await demo_api.call("GET", f"{API}/{path}", params=params, headers=SYSTEM, status=400)
    assert_valid("Error", body)
    assert body["message"]


async def test_an_unknown_id_is_404_with_the_standards_error(demo_api):
    for path in ("organisations", "persons", "duties", "groups", "syllabuses", "activities", "calendarEvents", "rooms"):
        _, body = await demo_api.call("GET", f"{API}/{path}/00000000-0000-4000-8000-000000000000", headers=SYSTEM,
                                      status=404)  # fmt: skip
        assert_valid("Error", body)
