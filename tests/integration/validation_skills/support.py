"""Callers, example mappings and the demo shortage list for the skills-mapping tests."""

from __future__ import annotations

import copy
import uuid
from datetime import date
from typing import Any

from services.validation.shortage.demo import DEMO_ENTRIES, DEMO_MUNICIPALITY
from tests.helpers import Fresh, identity_header

TODAY = date(2026, 9, 15)
ANONYMOUS = Fresh(lambda: identity_header("anonymous", kind="anonymous", roles=()))
RESIDENT = Fresh(lambda: identity_header("resident-a", roles=("resident",)))
OTHER_RESIDENT = Fresh(lambda: identity_header("resident-b", roles=("resident",)))
CASEWORKER = Fresh(lambda: identity_header("caseworker-1", roles=("caseworker",)))
AUDITOR = Fresh(lambda: identity_header("auditor-1", roles=("auditor",)))
SFI_ADMIN = Fresh(lambda: identity_header("sfiadmin-1", roles=("sfi_admin",)))

CARE_WORKER: dict[str, Any] = {
    "name": {"given": "Amal", "family": "Hassan"},
    "preferredLanguage": "en",
    "education": [{"level": "upper_secondary", "field": "other", "country": "SY", "years": 3, "endYear": 2012}],
    "experience": [{"ssyk": "5330", "title": "Vårdbiträde", "years": 3, "extentPercent": 100}],
    "swedish": {"kind": "sfi", "course": "C"},
    "languages": [{"code": "ar", "level": "native"}],
    "drivingLicence": ["B"],
}
BUS_DRIVER: dict[str, Any] = {
    "preferredLanguage": "en",
    "education": [{"level": "upper_secondary", "field": "transport", "country": "IQ", "years": 3, "endYear": 2005}],
    "experience": [{"ssyk": "8331", "title": "Bus driver", "years": 8, "extentPercent": 100, "endYear": 2023}],
    "swedish": {"kind": "none"},
    "drivingLicence": ["B", "D"],
}


def mapping(base: dict[str, Any] = CARE_WORKER, **changes: Any) -> dict[str, Any]:
    """A copy of an example mapping with top-level fields changed (None removes one)."""
    body = copy.deepcopy(base)
    for name, value in changes.items():
        if value is None:
            body.pop(name, None)
        else:
            body[name] = value
    return body


def key() -> dict[str, str]:
    """A fresh Idempotency-Key header."""
    return {"Idempotency-Key": str(uuid.uuid4())}


def wire_entries(entries=DEMO_ENTRIES) -> list[dict[str, Any]]:
    """Shortage entries as JSON."""
    return [{**e, "sourceDate": e["sourceDate"].isoformat()} for e in entries]


async def put_shortage(client, entries=None, *, headers=CASEWORKER, if_match: str | None = None, status: int = 200,
                       municipality: str = DEMO_MUNICIPALITY, prefix: str = "") -> Any:  # fmt: skip
    """Store a shortage list (the demo one unless given) and return the answer."""
    hdrs = {**headers, **({"If-Match": if_match} if if_match else {})}
    body = {"note": "test", "entries": wire_entries() if entries is None else entries}
    resp = await client.put(f"{prefix}/v1/shortage-occupations/{municipality}", json=body, headers=hdrs)
    answer = await resp.json()
    assert resp.status == status, answer
    return answer


async def create(client, body: dict[str, Any] | None = None, *, headers=RESIDENT, status: int = 201,
                 prefix: str = "") -> Any:  # fmt: skip
    """Record a mapping and return the answer."""
    resp = await client.post(f"{prefix}/v1/skills-mappings", json=body or mapping(), headers={**headers, **key()})
    answer = await resp.json()
    assert resp.status == status, answer
    return answer
