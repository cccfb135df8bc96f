"""The gateway's route table for SFI applications without e-ID (issue 18): public submit and follow, staff places."""

from __future__ import annotations

import pytest

from services.gateway.policy import authorise
from shared.errors import Forbidden, Unauthorized
from shared.identity import Identity

BASE = "/api/sfi/v1/enrolment-applications"
ANON = Identity(sub="anonymous", kind="anonymous", consumer="ip:192.0.2.1")
ADMIN = Identity(sub="a", kind="person", roles=frozenset({"sfi_admin"}))
RESIDENT = Identity(sub="r", kind="person", roles=frozenset({"resident"}))
ENROLMENT_KEY = Identity(sub="k", kind="system", scopes=frozenset({"enrolment:write"}))
CODE = {"X-Tracking-Code": "ABCD-EFGH-JKMN-PQRS-TVWX"}


@pytest.mark.parametrize(
    ("method", "path", "who", "headers", "outcome"),
    [
        ("POST", BASE, ANON, {}, None),
        ("POST", BASE, RESIDENT, {}, None),
        ("GET", f"{BASE}/SFI-2026-ABCDEFGH", ANON, CODE, None),
        ("HEAD", f"{BASE}/SFI-2026-ABCDEFGH", ANON, CODE, None),
        ("GET", f"{BASE}/SFI-2026-ABCDEFGH", ANON, {}, Unauthorized),
        ("GET", f"{BASE}/SFI-2026-ABCDEFGH", ADMIN, {}, None),
        ("GET", BASE, ANON, {}, Unauthorized),
        ("GET", BASE, ANON, CODE, Unauthorized),
        ("GET", BASE, RESIDENT, {}, Forbidden),
        ("GET", BASE, ADMIN, {}, None),
        ("GET", BASE, ENROLMENT_KEY, {}, Forbidden),
        ("POST", f"{BASE}/SFI-2026-ABCDEFGH/placement", ANON, CODE, Unauthorized),
        ("POST", f"{BASE}/SFI-2026-ABCDEFGH/placement", RESIDENT, {}, Forbidden),
        ("POST", f"{BASE}/SFI-2026-ABCDEFGH/placement", ENROLMENT_KEY, {}, Forbidden),
        ("POST", f"{BASE}/SFI-2026-ABCDEFGH/placement", ADMIN, {}, None),
        ("POST", f"{BASE}/SFI-2026-ABCDEFGH/rejection", ADMIN, {}, None),
        ("POST", f"{BASE}/SFI-2026-ABCDEFGH/rejection", RESIDENT, {}, Forbidden),
    ],
)
def test_who_may_call_the_application_routes(method, path, who, headers, outcome):
    if outcome is None:
        authorise(method, path, who, headers)
    else:
        with pytest.raises(outcome):
            authorise(method, path, who, headers)
