"""Who sees whom in SS 12000: a protected identity never appears anywhere, learners only with the persons scope,
civic numbers only with their own scope, teachers only for staff and systems that read the schedule."""

from __future__ import annotations

import json

import pytest

from tests.integration.sfi.conftest import ANON, SYSTEM
from tests.integration.sfi.ss12000_support import (
    API,
    CALLERS,
    CIVIC,
    LEARNERS,
    NUMBERED,
    PROTECTED,
    all_pages,
    demo_service,
    items,
    standard,
)

WEEK = {"startTime.onOrAfter": "2026-09-07", "startTime.onOrBefore": "2026-09-13"}
EVERYTHING = [  # every list with every expand value and reference names
    ("organisations", {}),
    ("persons", {"expand": "duties,responsibleFor,placements,ownedPlacements,groupMemberships"}),
    ("duties", {"expand": "person"}),
    ("groups", {"expand": "assignmentRoles"}),
    ("syllabuses", {}),
    ("activities", {"expand": "groups,teachers,syllabus"}),
    ("calendarEvents", {"expand": "activity,attendance", **WEEK}),
    ("rooms", {}),
    ("deletedEntities", {}),
]


@pytest.fixture(scope="module")
async def demo_api(pg_admin_url, template_db, tmp_path_factory):
    standard()
    async with demo_service(pg_admin_url, template_db, tmp_path_factory.mktemp("home")) as api:
        yield api


async def _text(api, who) -> str:
    """Every answer a caller can get from the lists, as one text."""
    out = []
    for path, params in EVERYTHING:
        if path in ("persons", "duties") and who is ANON:
            continue
        pages = await all_pages(api, path, headers=who, limit=500, expandReferenceNames="true", **params)
        out += [json.dumps(p, ensure_ascii=False) for p in pages]
    return "\n".join(out)


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_a_protected_identity_never_appears(demo_api, caller):
    text = await _text(demo_api, CALLERS[caller])
    for value in (PROTECTED["id"], PROTECTED["name"], PROTECTED["number"]):
        assert value not in text
    if caller != "anonymous":
        assert NUMBERED["name"] in text or caller == "schedule"  # the check would see a learner if one leaked


async def test_a_protected_identity_cannot_be_found_by_any_filter(demo_api):
    await demo_api.call("GET", f"{API}/persons/{PROTECTED['id']}", headers=CIVIC, status=404)
    for path, params in [("persons", {"civicNo": PROTECTED["number"]}), ("persons", {"nameContains": "Skyddad"}),
                         ("activities", {"member": PROTECTED["id"]}),
                         ("calendarEvents", {"student": PROTECTED["id"], **WEEK})]:  # fmt: skip
        assert items(await all_pages(demo_api, path, headers=CIVIC, **params)) == []
    assert items(await all_pages(demo_api, "calendarEvents", headers=CIVIC, student=NUMBERED["id"], **WEEK))


async def test_civic_numbers_only_with_their_scope(demo_api):
    assert NUMBERED["number"] in await _text(demo_api, CIVIC)
    for who in (LEARNERS, SYSTEM, ANON):
        assert NUMBERED["number"] not in await _text(demo_api, who)
    _, one = await demo_api.call("GET", f"{API}/persons/{NUMBERED['id']}", headers=CIVIC, status=200)
    assert one["civicNo"] == {"value": NUMBERED["number"], "nationality": "SE"}


async def test_learners_only_with_the_persons_scope_and_teachers_not_for_anonymous_callers(demo_api):
    people = items(await all_pages(demo_api, "persons", headers=SYSTEM, limit=500))
    assert people and all(p["givenName"] == "Lärare" for p in people)
    await demo_api.call("GET", f"{API}/persons/{NUMBERED['id']}", headers=SYSTEM, status=404)
    groups = items(await all_pages(demo_api, "groups", headers=SYSTEM, limit=500))
    assert all("groupMemberships" not in g for g in groups)
    with_learners = items(await all_pages(demo_api, "groups", headers=LEARNERS, limit=500))
    assert any(m["person"]["id"] == NUMBERED["id"] for g in with_learners for m in g["groupMemberships"])
    public = items(await all_pages(demo_api, "activities", headers=ANON, limit=500, expand="teachers"))
    assert all("teachers" not in a and a["_embedded"]["teachers"] == [] for a in public)
    for path in ("persons", "duties", f"persons/{people[0]['id']}"):
        await demo_api.call("GET", f"{API}/{path}", headers=ANON, status=403)
