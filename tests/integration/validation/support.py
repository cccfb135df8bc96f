"""Callers and example applications for the validation tests."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from tests.helpers import Fresh, identity_header

# Signed on each use: assertions expire after the gateway's usual few seconds, and the suite runs longer.
ANONYMOUS = Fresh(lambda: identity_header("anonymous", kind="anonymous", roles=()))
RESIDENT_A = Fresh(lambda: identity_header("resident-a", roles=("resident",)))
RESIDENT_B = Fresh(lambda: identity_header("resident-b", roles=("resident",)))
CASEWORKER = Fresh(lambda: identity_header("caseworker-1", roles=("caseworker",)))
CASEWORKER_2 = Fresh(lambda: identity_header("caseworker-2", roles=("caseworker",)))
AUDITOR = Fresh(lambda: identity_header("auditor-1", roles=("auditor",)))

FOREIGN_NURSE: dict[str, Any] = {
    "name": {"given": "Amina", "family": "Haddad"},
    "identity": {"number": "811218-9876"},
    "contact": {"email": "amina@example.org", "phone": "+46 70 123 45 67"},
    "preferredLanguage": "en",
    "targetRole": "underskoterska",
    "education": [
        {
            "country": "SY",
            "institution": "Damascus Nursing Institute",
            "programme": "Practical nursing",
            "field": "care",
            "startYear": 2024,
            "startedOn": "2024-09-01",
            "endYear": 2025,
            "hours": 1800,
            "language": "ar",
            "courseCodes": ["ANOANA01", "OMVOMV01", "SOASOC01"],
        }
    ],
    "experience": [
        {"employer": "Solgårdens äldreboende", "role": "Vårdbiträde", "from": "2025-01-01", "extentPercent": 20}
    ],
    "swedishLevel": {"kind": "sfi", "course": "C"},
}


def application(**changes: Any) -> dict[str, Any]:
    """A copy of the example application with top-level fields changed (None removes a field)."""
    body = copy.deepcopy(FOREIGN_NURSE)
    for key, value in changes.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def key() -> dict[str, str]:
    """A fresh Idempotency-Key header."""
    return {"Idempotency-Key": str(uuid.uuid4())}


async def submit(client, headers=ANONYMOUS, **changes: Any) -> dict[str, Any]:
    """Submit an application and return the 201 body."""
    resp = await client.post("/v1/applications", json=application(**changes), headers={**headers, **key()})
    assert resp.status == 201, await resp.text()
    return await resp.json()


def tracking(body: dict[str, Any]) -> dict[str, str]:
    """Anonymous caller plus the case's tracking code."""
    return {**ANONYMOUS, "X-Tracking-Code": body["trackingCode"]}


async def move(client, case: dict[str, Any], to: str, headers=CASEWORKER, **extra: Any):
    """POST a transition with the case's current ETag; return the response."""
    return await client.post(
        f"/v1/applications/{case['id']}/transitions",
        json={"to": to, **extra},
        headers={**headers, "If-Match": f'"v{case["version"]}"'},
    )


async def move_ok(client, case: dict[str, Any], to: str, headers=CASEWORKER, **extra: Any) -> dict[str, Any]:
    """A transition that must succeed; returns the new case."""
    resp = await move(client, case, to, headers, **extra)
    assert resp.status == 200, await resp.text()
    return await resp.json()


def future_booking(place: str = "Vårdcentralen Öster") -> dict[str, Any]:
    """An assessment booking a month ahead."""
    import datetime

    day = datetime.date.today() + datetime.timedelta(days=30)
    return {"date": day.isoformat(), "place": place, "assessor": "Karin Lärare"}


async def to_assessed(client, case: dict[str, Any]) -> dict[str, Any]:
    """Walk a submitted case to ``assessed``."""
    case = await move_ok(client, case, "mapping")
    case = await move_ok(client, case, "assessment_scheduled", assessment=future_booking())
    return await move_ok(client, case, "assessed")


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def upload(client, case: dict[str, Any], headers, *, kind="diploma", content=PDF_BYTES, name="diploma.pdf"):
    """POST one file as multipart/form-data; return the response."""
    import aiohttp

    form = aiohttp.FormData()
    form.add_field("kind", kind)
    form.add_field("file", content, filename=name, content_type="application/pdf")
    return await client.post(f"/v1/applications/{case['id']}/documents", data=form, headers=headers)
