"""Use cases of the occupation register and the shortage lists: read them, and replace a list by a new version."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import asyncpg

from services.validation.applications.domain import CASEWORKER_ROLE, WRITE_SCOPE, require_version
from services.validation.shortage import queries
from services.validation.shortage.domain import (
    Occupation,
    ShortageList,
    duplicate_codes,
    list_from_row,
    register_of,
)
from shared.db import transaction
from shared.errors import FieldError, Forbidden, NotFound, PreconditionFailed, ValidationFailed
from shared.identity import Identity


async def register(conn: asyncpg.Connection) -> dict[str, Occupation]:
    """The occupation register by SSYK code."""
    return register_of(await queries.occupations(conn))


async def current_list(conn: asyncpg.Connection, *, municipality: str, version: int | None = None) -> ShortageList:
    """A municipality's shortage list: the latest version, or the one asked for (version 0 when it has none)."""
    row = await queries.shortage_list(conn, municipality=municipality, version=version)
    return list_from_row(row, municipality=municipality)


def require_editor(identity: Identity) -> str:
    """Caseworkers, and systems holding ``validation:write`` (an import of the forecasts), edit the lists."""
    if identity.kind == "system" and identity.has_scope(WRITE_SCOPE):
        return identity.consumer or identity.sub
    identity.require_role(CASEWORKER_ROLE)
    if identity.kind != "person":
        raise Forbidden("Shortage lists are edited by caseworkers")
    return identity.sub


def _entry_errors(entries: list[Mapping[str, Any]], known: Mapping[str, Occupation], today: date) -> list[FieldError]:
    errors = [FieldError(f"/entries/{i}/ssyk", "is already in the list") for i in duplicate_codes(entries)]
    errors += [
        FieldError(f"/entries/{i}/sourceDate", "must not be in the future")
        for i, e in enumerate(entries)
        if e["sourceDate"] > today
    ]
    errors += [
        FieldError(f"/entries/{i}/title", f"give the title: SSYK {e['ssyk']} is not in the occupation register")
        for i, e in enumerate(entries)
        if e["ssyk"] not in known and not e.get("title")
    ]
    return errors


def _check_version(if_match: str | None, latest: int) -> None:
    """The first version needs no If-Match; every later one must name the version it replaces."""
    if latest > 0:
        require_version(if_match, latest)
    elif if_match is not None and if_match.strip() not in ("*", '"v0"'):
        raise PreconditionFailed("The municipality has no shortage list yet; send no If-Match to create it")


async def replace(
    pool: asyncpg.Pool,
    *,
    identity: Identity,
    municipality: str,
    if_match: str | None,
    data: Mapping[str, Any],
    today: date,
) -> tuple[ShortageList, dict[str, Occupation]]:
    """Store the list as the municipality's next version (the old ones stay, unchanged, as history)."""
    editor = require_editor(identity)
    entries = data["entries"]
    async with transaction(pool) as conn:
        known = await register(conn)
        errors = _entry_errors(entries, known, today)
        if errors:
            raise ValidationFailed(errors)
        latest = await queries.lock_municipality(conn, municipality=municipality)
        _check_version(if_match, latest)
        await queries.insert_version(
            conn, municipality=municipality, version=latest + 1, note=data["note"], created_by=editor, entries=entries
        )
        return await current_list(conn, municipality=municipality), known


async def read(
    pool: asyncpg.Pool, *, municipality: str, version: int | None
) -> tuple[ShortageList, dict[str, Occupation]]:
    """A municipality's list with the register its titles come from (404 for a version it never had)."""
    async with pool.acquire() as conn:
        found = await current_list(conn, municipality=municipality, version=version)
        if version is not None and found.version == 0:
            raise NotFound(f"Municipality {municipality} has no version {version} of its shortage list")
        return found, await register(conn)


async def occupations(pool: asyncpg.Pool) -> dict[str, Occupation]:
    """The occupation register."""
    async with pool.acquire() as conn:
        return await register(conn)
