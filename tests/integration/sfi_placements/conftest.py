"""Helpers for placement tests: the sfi app on the real database, workplaces and offers made through its API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.helpers import identity_header

# Fixtures re-used: the real gateway and its settings, and the sfi app on the test database.
from tests.integration.gateway.conftest import clock as clock
from tests.integration.gateway.conftest import gateway as gateway
from tests.integration.gateway.conftest import gateway_env as gateway_env
from tests.integration.sfi_enrolment.conftest import TODAY, Api, admin
from tests.integration.sfi_enrolment.conftest import api as api

TUE_THU_AFTERNOON = [{"weekdays": [2, 4], "start": "13:00", "end": "17:00"}]


def caseworker() -> dict[str, str]:
    """The identity header of a caseworker."""
    return identity_header("caseworker-1", roles=("caseworker",))


def contact(sub: str = "contact-1") -> dict[str, str]:
    """The identity header of a workplace contact person."""
    return identity_header(sub, roles=("workplace_contact",))


def workplace_body(**overrides: Any) -> dict[str, Any]:
    """A municipal elderly-care unit."""
    body = {
        "name": "Lindgårdens äldreboende", "employerKind": "municipal", "sector": "elderly_care",
        "organisation": "Vård- och omsorgsförvaltningen", "street": "Lindvägen 40", "city": "Staden",
        "district": "Öster", "latitude": 59.339, "longitude": 18.101,
        "contact": {"name": "Eva Lind", "phone": "070-123 45 67", "subject": "contact-1"},
    }  # fmt: skip
    body.update(overrides)
    return body


def placement_body(workplace_id: str, **overrides: Any) -> dict[str, Any]:
    """A Tue/Thu 13–17 språkpraktik in elderly care from today for three months."""
    body = {
        "workplaceId": workplace_id, "title": "Språkpraktik i äldreomsorgen", "occupation": "5321",
        "kind": "sprakpraktik", "hours": TUE_THU_AFTERNOON, "startDate": TODAY.isoformat(),
        "endDate": (TODAY + timedelta(days=90)).isoformat(), "seats": 3, "sfiLevel": "B",
        "mentor": {"name": "Maja Handledare", "email": "maja@example.se"}, "languages": ["ar", "so"],
    }  # fmt: skip
    body.update(overrides)
    return body


async def make_workplace(api: Api, **overrides: Any) -> dict[str, Any]:
    """Register a workplace as the SFI administrator."""
    return await api.create("/v1/workplaces", workplace_body(**overrides))


async def make_placement(api: Api, workplace_id: str, **overrides: Any) -> dict[str, Any]:
    """Publish a placement offer as the SFI administrator."""
    return await api.create("/v1/placements", placement_body(workplace_id, **overrides))


async def propose(api: Api, placement_id: str, learner_id: str, **body: Any) -> dict[str, Any]:
    """Propose the placement to the learner as the administrator."""
    return await api.create(f"/v1/placements/{placement_id}/agreements", {"learnerId": learner_id, **body})


async def move(api: Api, agreement: dict[str, Any], to: str, *, status: int = 200, headers=None, **body: Any):
    """Take an agreement to its next state under If-Match; the answer."""
    hdrs = {**(headers or admin()), "If-Match": f'"v{agreement["version"]}"'}
    _, answer = await api.call("POST", f"/v1/placement-agreements/{agreement['id']}/transitions",
                               json={"to": to, **body}, headers=hdrs, status=status)  # fmt: skip
    return answer
