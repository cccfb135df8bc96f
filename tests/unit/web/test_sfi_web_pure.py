"""Pure helpers of the SFI pages: the map link, double bookings said once, the learner list's filters, chart labels."""

from __future__ import annotations

from multidict import MultiDict

from services.gateway.web.views.admin import double_bookings, learner_query, supply_chart
from services.gateway.web.views.public import map_link


def test_the_map_link_goes_to_the_venues_point_or_searches_its_address_and_is_never_a_tile():
    assert map_link({"latitude": 59.33261, "longitude": 18.0649}) == (
        "https://www.openstreetmap.org/?mlat=59.33261&mlon=18.06490#map=17/59.33261/18.06490"
    )
    assert map_link({"street": "Sveavägen 1", "postalCode": "111 57", "city": "Stockholm"}) == (
        "https://www.openstreetmap.org/search?query=Sveav%C3%A4gen+1+111+57+Stockholm"
    )
    assert map_link({"name": "Online"}) is None


def _clash(day: str, resource: str = "teacher", rid: str = "t1", other: str = "g2") -> dict:
    return {"resource": resource, "resourceId": rid, "otherGroupId": other, "otherGroupName": "Förmiddag",
            "date": day, "otherStart": f"{day}T09:00:00+01:00", "otherEnd": f"{day}T12:00:00+01:00"}  # fmt: skip


def test_a_weekly_double_booking_is_one_line_with_the_first_date_the_name_and_the_count():
    conflicts = [_clash(f"2027-02-{d:02d}") for d in (24, 3, 10, 17)] + [_clash("2027-02-03")]  # one date twice
    conflicts.append(_clash("2027-02-10", resource="room", rid="r1"))
    found = double_bookings(conflicts, {"t1": "Lärare Lind", "r1": "Sal 104"})
    assert [(c["resource"], c["date"], c["resourceName"], c["starts"]) for c in found["shown"]] == [
        ("teacher", "2027-02-03", "Lärare Lind", "09:00"),
        ("room", "2027-02-10", "Sal 104", "09:00"),
    ]
    assert found["count"] == 5  # four teacher dates and one room date


def test_the_learner_lists_form_fields_become_the_services_filters():
    params, chosen = learner_query(MultiDict(course="B", path="", since="2026-11-01", risk="yes", placement="no"))
    assert params == [("limit", "200"), ("course", "B"), ("waitingSince", "2026-11-01"), ("atRisk", "true"),
                      ("placement", "false")]  # fmt: skip
    assert chosen["risk"] == "yes" and chosen["path"] == ""
    assert learner_query(MultiDict(risk="maybe"))[0] == [("limit", "200")]


def test_chart_labels_are_names_from_the_labeller_not_codes():
    rows = [{"course": "C", "daypart": "evening", "venueKind": "library", "district": "Centrum", "waiting": 3,
             "freeSeats": 1, "shortfall": 2}]  # fmt: skip
    names = {"evening": "Kväll", "library": "Bibliotek"}
    chart = supply_chart(rows, name=lambda kind, code: names[code])
    assert chart["bars"][0]["label"] == "C · kväll · Bibliotek · Centrum"
