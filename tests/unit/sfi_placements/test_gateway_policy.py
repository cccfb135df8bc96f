"""The gateway's first gate for work placements: who may call which placement route at all."""

from __future__ import annotations

import pytest

from services.gateway.policy import authorise
from shared.errors import Forbidden, Unauthorized
from shared.identity import Identity

ID = "6b2b332b-648c-43b7-8ed1-91b603577b20"


def person(*roles: str) -> Identity:
    return Identity(sub="p", kind="person", roles=frozenset(roles))


def system(*scopes: str) -> Identity:
    return Identity(sub="s", kind="system", scopes=frozenset(scopes))


ANONYMOUS = Identity(sub="a", kind="anonymous")
CASES = [
    # method, path, caller, allowed
    ("GET", "/api/sfi/v1/placements", person("resident"), True),
    ("GET", f"/api/sfi/v1/placements/{ID}", person("workplace_contact"), True),
    ("GET", "/api/sfi/v1/placements", system("schedule:read"), True),
    ("GET", "/api/sfi/v1/placements", ANONYMOUS, False),
    ("POST", "/api/sfi/v1/placements", person("sfi_admin"), True),
    ("POST", "/api/sfi/v1/placements", person("resident"), False),
    ("POST", "/api/sfi/v1/placements", person("caseworker"), False),
    ("PUT", f"/api/sfi/v1/placements/{ID}", system("schedule:write"), True),
    ("PUT", f"/api/sfi/v1/placements/{ID}", system("schedule:read"), False),
    ("POST", "/api/sfi/v1/workplaces", person("sfi_admin"), True),
    ("GET", "/api/sfi/v1/workplaces", person("workplace_contact"), True),
    ("GET", "/api/sfi/v1/workplaces", person("resident"), False),
    ("GET", "/api/sfi/v1/workplaces", system("schedule:read"), False),
    ("POST", "/api/sfi/v1/placements/matches", person("resident"), True),
    ("POST", "/api/sfi/v1/placements/matches", ANONYMOUS, False),
    ("POST", "/api/sfi/v1/placements/matches", system("schedule:read"), False),
    ("POST", f"/api/sfi/v1/placements/{ID}/agreements", person("resident"), True),
    ("POST", f"/api/sfi/v1/placements/{ID}/agreements", system("schedule:write"), False),
    ("GET", f"/api/sfi/v1/placements/{ID}/candidates", person("caseworker"), True),
    ("GET", f"/api/sfi/v1/placements/{ID}/candidates", person("resident"), False),
    ("GET", f"/api/sfi/v1/placements/{ID}/candidates", system("schedule:read"), False),
    ("GET", "/api/sfi/v1/placement-agreements", person("workplace_contact"), True),
    ("PATCH", f"/api/sfi/v1/placement-agreements/{ID}", person("workplace_contact"), True),
    ("POST", f"/api/sfi/v1/placement-agreements/{ID}/transitions", person("resident"), True),
    ("GET", "/api/sfi/v1/placement-agreements", system("schedule:read", "enrolment:write"), False),
    ("GET", "/api/sfi/v1/placement-agreements", system("admin"), True),
    ("GET", "/api/sfi/v1/placements/figures", person("auditor"), True),
    ("GET", "/api/sfi/v1/placements/figures", person("resident"), False),
    ("GET", "/api/sfi/v1/placements/figures", system("schedule:read"), True),
]


@pytest.mark.parametrize(("method", "path", "caller", "allowed"), CASES)
def test_placement_routes_are_gated_by_role_and_scope(method, path, caller, allowed):
    if allowed:
        authorise(method, path, caller, {})
    else:
        with pytest.raises(Unauthorized if caller.anonymous else Forbidden):
            authorise(method, path, caller, {})
