"""The gateway's first gate for skills mappings and shortage lists: who may call which route at all."""

from __future__ import annotations

import pytest

from services.gateway.policy import authorise
from shared.errors import Forbidden, Unauthorized
from shared.identity import Identity

ID = "6b2b332b-648c-43b7-8ed1-91b603577b20"
CODE = {"X-Tracking-Code": "ABCD-EFGH-JKMN-PQRS-TVWX"}


def person(*roles: str) -> Identity:
    return Identity(sub="p", kind="person", roles=frozenset(roles))


def system(*scopes: str) -> Identity:
    return Identity(sub="s", kind="system", scopes=frozenset(scopes))


ANONYMOUS = Identity(sub="a", kind="anonymous")
CASES = [
    # method, path, caller, headers, allowed
    ("GET", "/api/validation/v1/shortage-occupations", ANONYMOUS, {}, True),
    ("GET", "/api/validation/v1/shortage-occupations/0880", ANONYMOUS, {}, True),
    ("GET", "/api/validation/v1/occupations", ANONYMOUS, {}, True),
    ("GET", "/api/validation/v1/shortage-occupations", system("schedule:read"), {}, False),
    ("PUT", "/api/validation/v1/shortage-occupations/0880", ANONYMOUS, {}, False),
    ("PUT", "/api/validation/v1/shortage-occupations/0880", person("caseworker"), {}, True),
    ("PUT", "/api/validation/v1/shortage-occupations/0880", system("validation:write"), {}, True),
    ("POST", "/api/validation/v1/skills-mappings", ANONYMOUS, {}, True),
    ("GET", "/api/validation/v1/skills-mappings", ANONYMOUS, {}, False),
    ("GET", "/api/validation/v1/skills-mappings", person("resident"), {}, True),
    ("GET", f"/api/validation/v1/skills-mappings/{ID}", ANONYMOUS, {}, False),
    ("GET", f"/api/validation/v1/skills-mappings/{ID}", ANONYMOUS, CODE, True),
    ("PUT", f"/api/validation/v1/skills-mappings/{ID}", ANONYMOUS, CODE, True),
    ("POST", "/api/validation/v1/skills-mappings/lookup", ANONYMOUS, CODE, True),
    ("POST", f"/api/validation/v1/skills-mappings/{ID}/applications", person("caseworker"), {}, True),
    ("GET", f"/api/skills/v1/mappings/{ID}", ANONYMOUS, {}, False),
    ("GET", f"/api/skills/v1/mappings/{ID}", ANONYMOUS, CODE, True),
    ("GET", f"/api/skills/v1/mappings/{ID}", person("resident"), {}, True),
    ("POST", f"/api/skills/v1/mappings/{ID}/placement-proposals", person("caseworker"), {}, True),
    ("POST", f"/api/skills/v1/mappings/{ID}/placement-proposals", person("resident"), {}, False),
    ("POST", f"/api/skills/v1/mappings/{ID}/placement-proposals", person("sfi_admin"), {}, False),
    ("POST", f"/api/skills/v1/mappings/{ID}/placement-proposals", ANONYMOUS, CODE, False),
    ("POST", f"/api/skills/v1/mappings/{ID}/placement-proposals", system("validation:write"), {}, False),
]


@pytest.mark.parametrize(("method", "path", "caller", "headers", "allowed"), CASES)
def test_who_passes_the_gate(method, path, caller, headers, allowed):
    if allowed:
        authorise(method, path, caller, headers)
    else:
        with pytest.raises((Unauthorized, Forbidden)):
            authorise(method, path, caller, headers)
