"""A caseworker turns a mapping into a validation application in one step.

The application gets the mapping's education, work and Swedish (dates estimated as in the mapping's own
pre-check), the occupation's validation role, and what an application needs that a mapping does not keep:
contact, and an identity number or the ID document checked. It belongs to whoever the mapping belongs to: the
signed-in resident, or the holder of the mapping's tracking code, whose one code then opens both.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications.domain import CASEWORKER_ROLE, Access
from services.validation.applications.present import application_json, receipt_json
from services.validation.applications.schemas import ApplicationCreateSchema
from services.validation.applications.service import checked_against_today, compute_precheck, insert_case, load_role
from services.validation.catalogue import queries as catalogue
from services.validation.shortage import service as shortage
from services.validation.skills import queries
from services.validation.skills.domain import application_details
from services.validation.skills.evaluate import titles_sv
from services.validation.skills.service import SCHEMA, find
from shared.body import load_with, schema_instance
from shared.db import transaction
from shared.errors import Forbidden, ValidationFailed
from shared.idempotency import Outcome, request_fingerprint, run_once
from shared.identity import Identity

_PERSONAL = ("name", "identity", "noSwedishNumber", "protectedIdentity", "contact", "claims")


def application_input(
    mapping: Mapping[str, Any], data: Mapping[str, Any], *, role_code: str, today: date, titles: Mapping[str, str]
) -> dict[str, Any]:
    """The application the caseworker sends, as the applicant would have written it."""
    details = mapping["details"]
    body: dict[str, Any] = {
        **application_details(details, today=today, titles=titles),
        "targetRole": role_code,
        "preferredLanguage": data.get("preferredLanguage") or mapping["preferred_language"],
        **{k: data[k] for k in _PERSONAL if k in data},
    }
    if "name" not in body and details.get("name"):
        body["name"] = details["name"]
    return load_with(schema_instance(ApplicationCreateSchema), body)


def _role_code(data: Mapping[str, Any], register: Mapping[str, Any]) -> str:
    if "targetRole" in data:
        return data["targetRole"]
    occupation = register.get(data["ssyk"])
    if occupation is None or occupation.role_code is None:
        raise ValidationFailed.field("/ssyk", "Lotsen has no validation role for this occupation")
    return occupation.role_code


async def to_application(
    pool: asyncpg.Pool, *, mapping_id: UUID, identity: Identity, data: Mapping[str, Any], key: str | None, today: date
) -> Outcome:
    """Make the application, link it to the mapping, answer with the case (a replay: its public receipt)."""
    identity.require_role(CASEWORKER_ROLE)
    if identity.kind != "person":
        raise Forbidden("Caseworkers make applications of skills mappings")
    async with transaction(pool) as conn:
        found = await find(conn, mapping_id=mapping_id, identity=identity, tracking_code=None, lock=True)
        register = await shortage.register(conn)
        role = await load_role(conn, code=_role_code(data, register))
        if role is None:
            raise ValidationFailed.field("/targetRole", "is not a role in the catalogue (see GET /v1/roles)")
        loaded = application_input(found.row, data, role_code=role.code, today=today, titles=titles_sv(register))
        number = checked_against_today(loaded, today=today)
        details = schema_instance(ApplicationCreateSchema).dump(loaded)
        fingerprint = request_fingerprint("application-from-mapping", str(mapping_id), details)
        details.pop("identity", None)

        async def work() -> Outcome:
            precheck = compute_precheck(
                role, details, document_kinds=(), has_swedish_number=number is not None, today=today,
                points=await catalogue.course_points(conn), lang=loaded["preferredLanguage"],
            )  # fmt: skip
            row = await insert_case(
                conn, loaded, details, role=role, number=number, owner=found.row["owner_sub"],
                tracking_hash=found.row["tracking_code_hash"], today=today, precheck=precheck, actor=identity.sub,
                actor_role="caseworker",
            )  # fmt: skip
            await queries.link_application(
                conn, mapping_id=mapping_id, application_id=row["id"], ssyk=data.get("ssyk"), created_by=identity.sub
            )
            body = application_json(row, access=Access("caseworker", identity.sub), precheck=precheck)
            return Outcome(201, body, keep=receipt_json(row))

        return await run_once(conn, schema=SCHEMA, consumer=identity.consumer or identity.sub, key=key,
                              fingerprint=fingerprint, work=work)  # fmt: skip
