"""The gateway's first gate for SS 12000: the schedule is public, persons and duties are for staff and systems."""

from __future__ import annotations

import pytest

from services.gateway.keys.domain import KEY_SCOPES
from services.gateway.policy import authorise
from shared.errors import Forbidden, Unauthorized
from shared.identity import Identity

ANON = Identity(sub="anonymous", kind="anonymous")


def person(*roles: str) -> Identity:
    return Identity(sub="p", kind="person", roles=frozenset(roles))


def system(*scopes: str) -> Identity:
    return Identity(sub="s", kind="system", scopes=frozenset(scopes))


@pytest.mark.parametrize(
    ("path", "who", "outcome"),
    [
        ("/api/sfi/v1/ss12000/activities", ANON, None),
        ("/api/sfi/v1/ss12000/calendarEvents", ANON, None),
        ("/api/sfi/v1/ss12000/deletedEntities", ANON, None),
        ("/api/sfi/v1/ss12000/persons", ANON, Unauthorized),
        ("/api/sfi/v1/ss12000/duties/d1", ANON, Unauthorized),
        ("/api/sfi/v1/ss12000/persons", person("resident"), Forbidden),
        ("/api/sfi/v1/ss12000/persons", person("sfi_admin"), None),
        ("/api/sfi/v1/ss12000/persons/p1", person("teacher"), None),
        ("/api/sfi/v1/ss12000/persons", system("schedule:read"), None),
        ("/api/sfi/v1/ss12000/persons", system("ss12000:persons"), None),
        ("/api/sfi/v1/ss12000/groups", system("ss12000:persons"), None),
        ("/api/sfi/v1/ss12000/persons", system("ss12000:civicNo"), Forbidden),  # only on top of ss12000:persons
        ("/api/sfi/v1/ss12000/persons", system("validation:read"), Forbidden),
    ],
)
def test_ss12000_routes(path, who, outcome):
    if outcome is None:
        authorise("GET", path, who, {})
    else:
        with pytest.raises(outcome):
            authorise("GET", path, who, {})


def test_keys_can_hold_the_ss12000_scopes():
    assert {"ss12000:persons", "ss12000:civicNo"} <= set(KEY_SCOPES)
