"""Pure rules of the SS 12000 export: who sees what, how times are read, filters, sort order, deletions."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest
from marshmallow import ValidationError

from services.sfi_schedule.calendar.model import TZ
from services.sfi_schedule.export.access import Access, access_of
from services.sfi_schedule.export.config import Ss12000Config
from services.sfi_schedule.export.deleted import deletions, grouped
from services.sfi_schedule.export.filters import collation_key, dates_ok, meta_ok, sort_order
from services.sfi_schedule.export.ids import duty_id
from services.sfi_schedule.export.params import Instant
from services.sfi_schedule.export.people import split_name
from shared.identity import Identity
from shared.settings import SettingsError


def _who(kind="system", roles=(), scopes=()) -> Identity:
    return Identity(sub="x", kind=kind, roles=frozenset(roles), scopes=frozenset(scopes))


@pytest.mark.parametrize(
    ("identity", "expected"),
    [
        (_who("anonymous"), Access()),
        (_who("person", roles=("resident",)), Access()),
        (_who("person", roles=("teacher",)), Access(staff=True)),
        (_who(scopes=("schedule:read",)), Access(staff=True)),
        (_who(scopes=("admin",)), Access(staff=True)),  # admin passes the gateway, but is no learner scope
        (_who(scopes=("ss12000:persons",)), Access(staff=True, learners=True)),
        (_who(scopes=("ss12000:civicNo",)), Access()),  # numbers only on top of the persons scope
        (_who(scopes=("ss12000:persons", "ss12000:civicNo")), Access(staff=True, learners=True, civic_numbers=True)),
    ],
)
def test_who_sees_what(identity, expected):
    assert access_of(identity) == expected


@pytest.mark.parametrize(
    ("text", "end_of_day", "expected"),
    [
        ("2026-09-01T08:00:00+02:00", False, datetime(2026, 9, 1, 6, 0, tzinfo=UTC)),
        ("2026-09-01T06:00:00Z", False, datetime(2026, 9, 1, 6, 0, tzinfo=UTC)),
        ("2026-09-01T08:00:00 02:00", False, datetime(2026, 9, 1, 6, 0, tzinfo=UTC)),  # "+" lost in a query string
        ("2026-09-01T08:00", False, datetime(2026, 9, 1, 8, 0, tzinfo=TZ)),  # no offset: Stockholm wall time
        ("2026-03-29", False, datetime(2026, 3, 29, 0, 0, tzinfo=TZ)),
        ("2026-03-29", True, datetime(2026, 3, 29, 23, 59, 59, 999999, tzinfo=TZ)),  # the DST day: 23 hours
    ],
)
def test_instants_are_read_leniently_but_exactly(text, end_of_day, expected):
    assert Instant(end_of_day=end_of_day).deserialize(text) == expected


@pytest.mark.parametrize(
    "text", ["yesterday", "2026-13-01", "2026-09-01T25:00:00Z", "", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59Z"]
)
def test_malformed_instants_are_refused(text):
    with pytest.raises(ValidationError):
        Instant().deserialize(text)


def test_meta_after_is_exclusive_and_before_inclusive():
    item = {"meta": {"created": "2026-01-01T00:00:00+00:00", "modified": "2026-05-01T12:00:00+02:00"}}
    at = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    assert meta_ok(item, {"modified_before": at}) and not meta_ok(item, {"modified_after": at})
    assert meta_ok(item, {"modified_after": datetime(2026, 5, 1, 9, 59, 59, tzinfo=UTC)})
    assert not meta_ok(item, {"created_before": datetime(2025, 12, 31, tzinfo=UTC)})


def test_records_without_dates_pass_date_filters():
    bound = datetime(2026, 1, 1).date()
    assert dates_ok({}, {"end_on_or_before": bound, "start_on_or_after": bound})
    assert not dates_ok({"startDate": "2025-12-31"}, {"start_on_or_after": bound})
    assert dates_ok({"endDate": "2026-01-01"}, {"end_on_or_before": bound})


def test_names_sort_in_swedish_order_case_insensitively():
    names = ["Öppna", "zebra", "Ängen", "Åsen", "alfa"]
    assert sorted(names, key=collation_key) == ["alfa", "zebra", "Åsen", "Ängen", "Öppna"]


def test_sort_order_breaks_ties_by_id_and_defaults_to_id():
    key, descending = sort_order("DisplayNameAsc")
    items = [{"id": "b", "displayName": "X"}, {"id": "a", "displayName": "x"}]
    assert [i["id"] for i in sorted(items, key=key, reverse=descending)] == ["a", "b"]
    key, descending = sort_order(None)
    assert key({"id": "q"}) == ("q",) and not descending
    assert sort_order("ModifiedDesc")[1] is True


@pytest.mark.parametrize(
    ("full", "given", "family"),
    [("Anna Maria Svensson", "Anna Maria", "Svensson"), ("Lina", "Lina", ""), ("  Ali  Hassan ", "Ali", "Hassan")],
)
def test_names_split_at_the_last_word(full, given, family):
    assert split_name(full) == (given, family)


def test_deletions_map_rows_to_entities_for_whoever_may_know_them():
    teacher, group = UUID(int=1), UUID(int=2)
    at = datetime(2026, 9, 1, tzinfo=UTC)
    rows = [{"source": "teacher", "id": teacher, "deleted_at": at}, {"source": "group", "id": group, "deleted_at": at},
            {"source": "learner", "id": UUID(int=3), "deleted_at": at}]  # fmt: skip
    staff = deletions(rows, [], Access(staff=True))
    assert grouped(staff, None)["duties"] == [str(duty_id(teacher))]
    assert grouped(staff, None)["activitites"] == [str(group)] and grouped(staff, None)["persons"] == [str(teacher)]
    public = grouped(deletions(rows, [], Access()), ["Person", "Group"])
    assert public == {"persons": [], "groups": [str(group)]}


def test_municipality_settings_are_checked_and_named():
    env = {"LOTSEN_SFI_MUNICIPALITY_CODE": "0180", "LOTSEN_SFI_MUNICIPALITY_ORGNO": "2120000142"}
    config = Ss12000Config.from_env(env)
    assert config.municipality_code == "0180" and config.municipality_name == "Exempelstads kommun"
    with pytest.raises(SettingsError, match="LOTSEN_SFI_MUNICIPALITY_CODE"):
        Ss12000Config.from_env({"LOTSEN_SFI_MUNICIPALITY_CODE": "180"})
