"""Each standard parameter of the SS 12000 lists is honoured over the demo data: filters filter, expand expands,
reference names appear only when asked for, meta bounds are exclusive after and inclusive before, paging works
the standard's way (the token alone), and what Lotsen has no data for finds nothing instead of a 422."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from services.sfi_schedule.export.ids import duty_id
from tests.integration.sfi.conftest import ANON, SYSTEM
from tests.integration.sfi.ss12000_support import (
    API,
    CIVIC,
    LEARNERS,
    NUMBERED,
    all_pages,
    demo_service,
    items,
    standard,
)

DAY = {"startTime.onOrAfter": "2026-09-01T00:00:00+02:00", "startTime.onOrBefore": "2026-09-01T23:59:59+02:00"}


@pytest.fixture(scope="module")
async def demo_api(pg_admin_url, template_db, tmp_path_factory):
    standard()  # skip (fail under CI) with a clear message before seeding anything
    async with demo_service(pg_admin_url, template_db, tmp_path_factory.mktemp("home")) as api:
        yield api


async def _list(api, path: str, who=SYSTEM, **params) -> list[dict]:
    return items(await all_pages(api, path, headers=who, limit=500, **params))


def _ids(found: list[dict]) -> list[str]:
    return [i["id"] for i in found]


async def test_calendar_events_take_date_times_and_both_bounds_are_inclusive(demo_api):
    day = await _list(demo_api, "calendarEvents", **DAY)
    starts = sorted({e["startTime"] for e in day})
    assert len(starts) >= 3 and all(s.startswith("2026-09-01") for s in starts)
    first, last = starts[0], starts[-1]
    both = await _list(demo_api, "calendarEvents", **{"startTime.onOrAfter": first, "startTime.onOrBefore": last})
    assert sorted(_ids(both)) == sorted(_ids(day))
    inside = await _list(demo_api, "calendarEvents", **{"startTime.onOrAfter": first, "startTime.onOrBefore": first})
    assert {e["startTime"] for e in inside} == {first}
    utc = datetime.fromisoformat(last).astimezone().strftime("%Y-%m-%dT%H:%M:%SZ")
    as_utc = await _list(demo_api, "calendarEvents", **{"startTime.onOrAfter": utc, "startTime.onOrBefore": utc})
    assert {e["startTime"] for e in as_utc} == {last}


async def test_an_unencoded_plus_in_an_offset_is_still_read_as_one(demo_api):
    raw = "startTime.onOrAfter=2026-09-01T00:00:00+02:00&startTime.onOrBefore=2026-09-01T23:59:59+02:00"
    _, body = await demo_api.call("GET", f"{API}/calendarEvents?{raw}&limit=500", headers=SYSTEM, status=200)
    assert sorted(_ids(body["data"])) == sorted(_ids(await _list(demo_api, "calendarEvents", **DAY)))


async def test_calendar_event_filters_narrow_to_what_they_name(demo_api):
    week = {"startTime.onOrAfter": "2026-09-07", "startTime.onOrBefore": "2026-09-13"}
    everything = await _list(demo_api, "calendarEvents", **week)
    activity = everything[0]["activity"]["id"]
    for key in ("activity", "group"):
        narrowed = await _list(demo_api, "calendarEvents", **week, **{key: activity})
        assert narrowed and {e["activity"]["id"] for e in narrowed} == {activity}
    late = await _list(demo_api, "calendarEvents", **week, **{"endTime.onOrAfter": "2026-09-07T20:30:00+02:00"})
    assert late and all(e["endTime"] >= "2026-09-07T20:30" or e["startTime"][:10] > "2026-09-07" for e in late)
    early = await _list(demo_api, "calendarEvents", **week, **{"endTime.onOrBefore": "2026-09-08T12:00:00+02:00"})
    assert early and all(e["endTime"] <= "2026-09-08T12:00:00+02:00" for e in early)
    assert len(late) < len(everything) and len(early) < len(everything)
    groups = {g["id"]: g for g in await _list(demo_api, "groups")}
    venue = groups[activity]["organisation"]["id"]
    at_venue = await _list(demo_api, "calendarEvents", **week, organisation=venue)
    assert at_venue and {groups[e["activity"]["id"]]["organisation"]["id"] for e in at_venue} == {venue}
    activities = {a["id"]: a for a in await _list(demo_api, "activities")}
    duty = activities[activity]["teachers"][0]["duty"]["id"]
    taught = await _list(demo_api, "calendarEvents", **week, teacher=duty)
    assert taught and all(duty in {t["duty"]["id"] for t in activities[e["activity"]["id"]]["teachers"]}
                          for e in taught)  # fmt: skip
    assert await _list(demo_api, "calendarEvents", ANON, **week, teacher=duty) == []  # who teaches is not public


async def test_rooms_are_room_references_of_just_an_id_unless_names_are_asked_for(demo_api):
    events = await _list(demo_api, "calendarEvents", **DAY)
    rooms = [r for e in events for r in e["rooms"]]
    assert rooms and all(set(r) == {"id"} for r in rooms)
    named = [r for e in await _list(demo_api, "calendarEvents", expandReferenceNames="true", **DAY) for r in e["rooms"]]
    known = {r["id"]: r["displayName"] for r in await _list(demo_api, "rooms")}
    assert named and all(r["displayName"] == known[r["id"]] for r in named)
    plain = await _list(demo_api, "activities")
    assert all("displayName" not in a["organisation"] and "displayName" not in a["syllabus"] for a in plain)


async def test_syllabus_ids_are_stable_uuids_the_activities_point_to(demo_api):
    syllabuses = await _list(demo_api, "syllabuses")
    assert [s["courseCode"] for s in syllabuses] == ["SFIKURA", "SFIKURB", "SFIKURC", "SFIKURD"]
    assert {a["syllabus"]["id"] for a in await _list(demo_api, "activities")} <= {s["id"] for s in syllabuses}
    assert _ids(await _list(demo_api, "syllabuses")) == _ids(syllabuses)


@pytest.mark.parametrize("kind", ["modified", "created"])
async def test_meta_after_is_exclusive_and_before_inclusive(demo_api, kind):
    groups = await _list(demo_api, "groups", LEARNERS)
    stamps = sorted({g["meta"][kind] for g in groups})
    pivot = stamps[0]
    before = await _list(demo_api, "groups", LEARNERS, **{f"meta.{kind}.before": pivot})
    assert before and {g["meta"][kind] for g in before} == {pivot}
    just_before = (datetime.fromisoformat(pivot) - timedelta(microseconds=1)).isoformat()
    assert await _list(demo_api, "groups", LEARNERS, **{f"meta.{kind}.before": just_before}) == []
    after = await _list(demo_api, "groups", LEARNERS, **{f"meta.{kind}.after": pivot})
    assert pivot not in {g["meta"][kind] for g in after}
    assert len(after) + len(before) == len(groups)


async def test_expand_embeds_what_the_references_point_to(demo_api):
    activity = (await _list(demo_api, "activities", expand="groups,teachers,syllabus"))[0]
    embedded = activity["_embedded"]
    assert _ids(embedded["groups"]) == _ids(activity["groups"])
    assert _ids(embedded["teachers"]) == [t["duty"]["id"] for t in activity["teachers"]]
    assert embedded["syllabus"]["id"] == activity["syllabus"]["id"] and embedded["syllabus"]["courseName"]
    duty = (await _list(demo_api, "duties", expand="person"))[0]
    assert duty["_embedded"]["person"]["id"] == duty["person"]["id"]
    assert duty["_embedded"]["person"]["givenName"]
    event = (await _list(demo_api, "calendarEvents", expand="activity", **DAY))[0]
    assert event["_embedded"]["activity"]["id"] == event["activity"]["id"]
    teachers = await _list(demo_api, "persons", expand="duties", **{"relationship.entity.type": "duty"})
    assert teachers and all(p["_embedded"]["duties"][0]["person"]["id"] == p["id"] for p in teachers)
    learner = next(p for p in await _list(demo_api, "persons", LEARNERS, expand="groupMemberships")
                   if p["id"] == NUMBERED["id"])  # fmt: skip
    group = learner["_embedded"]["groupMemberships"][0]["group"]
    members = (await demo_api.call("GET", f"{API}/groups/{group['id']}", headers=LEARNERS, status=200))[1]
    assert NUMBERED["id"] in [m["person"]["id"] for m in members["groupMemberships"]]
    assert all("_embedded" not in a for a in await _list(demo_api, "activities"))


async def test_organisation_filters(demo_api):
    every = await _list(demo_api, "organisations")
    types = {o["organisationType"] for o in every}
    assert types == {"Huvudman", "Skola", "Skolenhet"}
    top = next(o for o in every if o["organisationType"] == "Huvudman")
    provider = next(o for o in every if o["organisationType"] == "Skola")
    units = await _list(demo_api, "organisations", type="Skolenhet")
    assert len(units) == 7 and all(u["schoolTypes"] == ["VUXSFI"] for u in units)
    assert _ids(await _list(demo_api, "organisations", parent=provider["id"])) == _ids(units)
    assert _ids(await _list(demo_api, "organisations", parent=top["id"])) == [provider["id"]]
    assert _ids(await _list(demo_api, "organisations", schoolTypes="VUXSFI")) == _ids(units)
    assert _ids(await _list(demo_api, "organisations", schoolTypes="GR")) == []
    assert len(await _list(demo_api, "organisations", municipalityCode="0180")) == len(every)
    assert await _list(demo_api, "organisations", municipalityCode="1480") == []
    assert await _list(demo_api, "organisations", schoolUnitCode="12345678") == []
    units = await _list(demo_api, "organisations", type="Skolenhet", sortkey="DisplayNameAsc")
    names = [o["displayName"] for o in units]
    assert names == ["Centrumskolan", "Norrskolan", "SFI på distans", "Stadsbiblioteket", "Äldreboendet Lindgården",
                     "Öppna förskolan Lärkan", "Öppna förskolan Solrosen"]  # fmt: skip


async def test_group_activity_room_and_duty_filters(demo_api):
    groups = await _list(demo_api, "groups")
    venue = groups[0]["organisation"]["id"]
    at_venue = await _list(demo_api, "groups", organisation=venue)
    assert at_venue and len(at_venue) < len(groups) and {g["organisation"]["id"] for g in at_venue} == {venue}
    assert await _list(demo_api, "groups", groupType="Klass") == []
    assert len(await _list(demo_api, "groups", groupType="Undervisning", schoolTypes="VUXSFI")) == len(groups)
    assert await _list(demo_api, "groups", **{"startDate.onOrAfter": "2026-08-18"}) == []
    assert len(await _list(demo_api, "groups", **{"endDate.onOrBefore": "2027-06-30"})) == len(groups)
    assert len(await _list(demo_api, "activities", organisation=venue)) == len(at_venue)
    provider = (await _list(demo_api, "organisations", type="Skola"))[0]["id"]
    assert len(await _list(demo_api, "activities", organisation=provider)) == len(groups)
    assert _ids(await _list(demo_api, "activities", group=groups[0]["id"])) == [groups[0]["id"]]
    rooms = await _list(demo_api, "rooms", organisation=venue)
    assert rooms and {r["owner"]["id"] for r in rooms} == {venue}
    duties = await _list(demo_api, "duties")
    person = duties[0]["person"]["id"]
    assert _ids(await _list(demo_api, "duties", person=person)) == [str(duty_id(person))]
    assert len(await _list(demo_api, "duties", organisation=provider)) == len(duties)
    assert await _list(demo_api, "duties", organisation=venue) == []  # duties are at the provider, above the venue
    assert await _list(demo_api, "duties", dutyRole="Rektor") == []
    taught = await _list(demo_api, "activities", teacher=duties[0]["id"])
    assert taught and all(duties[0]["id"] in [t["duty"]["id"] for t in a["teachers"]] for a in taught)


async def test_person_filters(demo_api):
    teachers = await _list(demo_api, "persons", **{"relationship.entity.type": "duty"})
    assert teachers and all(p["givenName"] == "Lärare" for p in teachers)
    assert await _list(demo_api, "persons", **{"relationship.entity.type": "enrolment"}) == []  # no learners without
    learners = await _list(demo_api, "persons", LEARNERS, **{"relationship.entity.type": "enrolment"})
    assert learners and NUMBERED["id"] in _ids(learners) and not set(_ids(learners)) & set(_ids(teachers))
    venue = learners[0]["enrolments"][0]["enroledAt"]["id"]
    there = await _list(demo_api, "persons", LEARNERS, **{"relationship.organisation": venue,
                                                          "relationship.entity.type": "enrolment"})  # fmt: skip
    assert there and all(venue in [e["enroledAt"]["id"] for e in p["enrolments"]] for p in there)
    assert _ids(await _list(demo_api, "persons", LEARNERS, nameContains=["tOLV", "sson"])) == [NUMBERED["id"]]
    assert await _list(demo_api, "persons", LEARNERS, nameContains=["tolv", "nobody"]) == []
    assert await _list(demo_api, "persons", LEARNERS, civicNo=NUMBERED["number"]) == []  # no civicNo scope
    assert _ids(await _list(demo_api, "persons", CIVIC, civicNo="19121212-1212")) == [NUMBERED["id"]]
    assert await _list(demo_api, "persons", CIVIC, eduPersonPrincipalName="tolvan@example.se") == []
    assert await _list(demo_api, "persons", **{"relationship.entity.type": "placement.child"}) == []
    members = await _list(demo_api, "activities", LEARNERS, member=NUMBERED["id"])
    assert len(members) == 1
    assert await _list(demo_api, "activities", member=NUMBERED["id"]) == []  # memberships need the persons scope


@pytest.mark.parametrize(
    ("path", "sortkey", "field", "descending"),
    [
        ("organisations", "DisplayNameAsc", "displayName", False),
        ("groups", "DisplayNameAsc", "displayName", False),
        ("activities", "DisplayNameAsc", "displayName", False),
        ("rooms", "DisplayNameAsc", "displayName", False),
        ("persons", "GivenNameAsc", "givenName", False),
        ("persons", "DisplayNameAsc", "name", False),
        ("persons", "FamilyNameDesc", "familyName", True),
        ("syllabuses", "CourseCodeDesc", "courseCode", True),
        ("calendarEvents", "StartTimeDesc", "startTime", True),
        ("groups", "ModifiedDesc", "modified", True),
    ],
)
async def test_sortkey_sorts(demo_api, path, sortkey, field, descending):
    extra = DAY if path == "calendarEvents" else {}
    values = [_sort_value(i, field) for i in await _list(demo_api, path, LEARNERS, sortkey=sortkey, **extra)]
    assert len(set(values)) > 1, "the demo data must tell the orders apart"
    assert values == sorted(values, reverse=descending)


def _sort_value(item: dict, field: str):
    """What a sort key orders by; the demo's names have no å, ä or ö where plain case-folded order would differ
    from the Swedish one (organisations' order with them is checked above)."""
    if field in ("startTime", "modified"):
        return datetime.fromisoformat(item["meta"]["modified"] if field == "modified" else item[field])
    if field == "name":
        return f"{item['givenName']} {item['familyName']}".casefold()
    return item[field].casefold()


async def test_paging_follows_the_token_alone_and_refuses_other_filters(demo_api):
    every = await _list(demo_api, "groups", SYSTEM, sortkey="DisplayNameAsc")
    pages = await all_pages(demo_api, "groups", headers=SYSTEM, limit=5, sortkey="DisplayNameAsc")
    assert len(pages) == -(-len(every) // 5) and _ids(items(pages)) == _ids(every)
    token = pages[0]["pageToken"]
    same = {"pageToken": token, "sortkey": "DisplayNameAsc", "limit": "5"}
    _, again = await demo_api.call("GET", f"{API}/groups", params=same, headers=SYSTEM, status=200)
    assert again == pages[1]
    other = {"pageToken": token, "sortkey": "ModifiedDesc"}
    await demo_api.call("GET", f"{API}/groups", params=other, headers=SYSTEM, status=400)
    await demo_api.call("GET", f"{API}/rooms", params={"pageToken": token}, headers=SYSTEM, status=400)
    _, big = await demo_api.call("GET", f"{API}/groups", params={"limit": "100000"}, headers=SYSTEM, status=200)
    assert len(big["data"]) == len(every) and big["pageToken"] is None
    _, unknown = await demo_api.call("GET", f"{API}/groups", params={"vendorExtension": "1"}, headers=SYSTEM,
                                     status=200)  # fmt: skip
    assert len(unknown["data"]) == len(every)
