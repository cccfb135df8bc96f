"""Issue 16, Must show 2: the CSV import refuses a group exactly when the API refuses it, on the same fields."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from tests.integration.sfi.conftest import ADMIN, TERM_CLOCK, group_payload

TODAY = TERM_CLOCK.today()
START, END = TODAY + timedelta(days=7), TODAY + timedelta(days=120)
COLUMNS = ["name", "course", "path", "variant", "venue", "room", "teachers", "capacity", "startDate", "endDate",
           "slots", "childPresent"]  # fmt: skip
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# (what the group is, its CSV cells, the pointers the API must name: [] = saved)
CASES = [
    pytest.param({}, [], id="a-valid-daytime-group"),
    pytest.param({"slot": (1, "07:30", "10:00")}, ["/slots/0/start"], id="daytime-before-08"),
    pytest.param({"slot": (1, "14:00", "16:30")}, ["/slots/0/end"], id="daytime-after-16"),
    pytest.param({"variant": "evening", "slot": (2, "18:00", "21:45")}, ["/slots/0/end"], id="evening-after-21:30"),
    pytest.param({"variant": "evening", "slot": (2, "16:30", "19:00")}, ["/slots/0/start"], id="evening-before-17"),
    pytest.param({"variant": "evening", "slot": (2, "18:00", "21:30")}, [], id="evening-ends-21:30"),
    pytest.param({"variant": "evening", "path": 1, "course": "B", "slot": (2, "18:00", "21:00")}, ["/path"],
                 id="evening-on-path-1-where-the-provider-allows-2-and-3"),
    pytest.param({"preschool": True, "teachers": []}, ["/teacherIds"], id="parental-leave-without-teacher"),
    pytest.param({"preschool": True, "child": False}, ["/childPresent"], id="parental-leave-without-the-child"),
    pytest.param({"preschool": True, "teachers": ["expired"]}, ["/teacherIds/0"],
                 id="parental-leave-teacher-without-valid-registerkontroll"),
]  # fmt: skip


def _both(base, case: dict, name: str) -> tuple[dict, dict]:
    """The group as an API body and as a CSV row."""
    weekday, start, end = case.get("slot", (1, "09:00", "12:00"))
    preschool = case.get("preschool", False)
    teachers = {"anna": (base.anna, "Anna Lärare"), "expired": (base.expired, "Cecilia Lärare")}
    named = [teachers[t] for t in case.get("teachers", ["anna"])]
    api = group_payload(
        base, name=name, course=case.get("course", "C"), path=case.get("path", 2),
        variant="parental_leave_open_preschool" if preschool else case.get("variant", "standard"),
        venueId=base.preschool if preschool else base.school, roomId=None if preschool else base.room,
        teacherIds=[t[0] for t in named], capacity=8 if preschool else 18, startDate=START.isoformat(),
        endDate=END.isoformat(), childPresent=case.get("child", preschool), supportLanguages=[],
        slots=[{"weekday": weekday if not preschool else 2, "start": "10:00" if preschool else start,
                "end": "12:00" if preschool else end, "interval": "every"}],
    )  # fmt: skip
    row = {
        "name": name, "course": api["course"], "path": str(api["path"]), "variant": api["variant"],
        "venue": "Öppna förskolan Solen" if preschool else "Centrumskolan", "room": "" if preschool else "Sal 1",
        "teachers": ";".join(t[1] for t in named), "capacity": str(api["capacity"]), "startDate": api["startDate"],
        "endDate": api["endDate"], "childPresent": "ja" if api["childPresent"] else "",
        "slots": "; ".join(f"{DAYS[s['weekday'] - 1]} {s['start']}-{s['end']}" for s in api["slots"]),
    }  # fmt: skip
    return api, row


def _csv(row: dict) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


@pytest.mark.parametrize(("case", "pointers"), CASES)
async def test_the_import_refuses_exactly_what_the_api_refuses(api, base, case, pointers):
    resp, provider = await api.call("GET", f"/v1/admin/providers/{base.provider}", status=200)
    policy = {"name": provider["name"], "eveningPaths": [2, 3]}  # evening groups only on paths 2 and 3
    await api.call("PUT", f"/v1/admin/providers/{base.provider}", json=policy,
                   headers={"If-Match": resp.headers["ETag"]}, status=200)  # fmt: skip
    body, row = _both(base, case, "via API")
    by_api, answer = await api.call("POST", "/v1/admin/groups", json=body)
    if by_api.status == 201:  # out of the way: the imported twin would double-book its teacher and room
        await api.call("DELETE", f"/v1/admin/groups/{answer['id']}", headers={"If-Match": by_api.headers["ETag"]},
                       status=204)  # fmt: skip
    _, row = _both(base, case, "via import")
    imported = await api.client.post("/v1/admin/imports/schedule", data=_csv(row),
                                     headers={**ADMIN, "Content-Type": "text/csv"})  # fmt: skip
    report = await imported.json()
    if not pointers:
        assert by_api.status == 201, answer
        assert imported.status == 200 and report["imported"] == 1, report
        return
    assert by_api.status == 422, answer
    api_pointers = sorted({e["pointer"] for e in answer["errors"]})
    assert set(pointers) <= set(api_pointers)
    assert imported.status == 422, report
    import_pointers = sorted({"/" + e["field"] for e in report["report"]["rows"][0]["errors"]})
    assert import_pointers == api_pointers  # the same rules, the same fields
    _, drafts = await api.call("GET", "/v1/admin/groups", status=200)
    assert drafts["data"] == []  # neither entry wrote anything


async def test_a_row_typed_with_other_digits_is_imported_as_the_api_reads_it(api, base):
    _, row = _both(base, {}, "Arabiska siffror")
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    wide = str.maketrans("0123456789-", "０１２３４５６７８９－")
    row = {**row, "capacity": row["capacity"].translate(arabic), "path": row["path"].translate(wide),
           "startDate": row["startDate"].translate(arabic), "endDate": row["endDate"].translate(wide),
           "slots": row["slots"].translate(arabic)}  # fmt: skip
    imported = await api.client.post("/v1/admin/imports/schedule", data=_csv(row),
                                     headers={**ADMIN, "Content-Type": "text/csv"})  # fmt: skip
    report = await imported.json()
    assert imported.status == 200 and report["imported"] == 1, report
    _, drafts = await api.call("GET", "/v1/admin/groups", status=200)
    [group] = drafts["data"]
    assert (group["capacity"], group["path"], group["startDate"]) == (18, 2, START.isoformat())
    assert [(s["start"], s["end"]) for s in group["slots"]] == [("09:00", "12:00")]
