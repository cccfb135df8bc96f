"""Pure rules of an application: references, tracking codes, access, versions and pre-check facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from services.validation.precheck.domain import Education, Facts
from services.validation.precheck.experience import Experience
from shared import tracking
from shared.errors import Forbidden, NotFound, PreconditionFailed, PreconditionRequired
from shared.etag import etag_of_version
from shared.identity import Identity
from shared.tracking import tracking_code_matches

APPLICANT_ROLE = "resident"
CASEWORKER_ROLE = "caseworker"
AUDITOR_ROLE = "auditor"
WRITE_SCOPE = "validation:write"
Level = Literal["owner", "caseworker", "auditor"]


def new_reference(year: int) -> str:
    """A reference number that reveals neither order nor volume: ``VAL-2025-7K3M9QXD``."""
    return tracking.new_reference("VAL", year)


@dataclass(frozen=True, slots=True)
class Access:
    """What the caller may do with one case."""

    level: Level
    actor: str
    writable: bool = True

    @property
    def is_caseworker(self) -> bool:
        """Caseworkers change cases and see full identity numbers."""
        return self.level == "caseworker"

    @property
    def is_owner(self) -> bool:
        """The applicant themself."""
        return self.level == "owner"

    @property
    def role(self) -> str:
        """The actor role written to the event and audit logs."""
        return {"owner": "applicant", "caseworker": "caseworker", "auditor": "auditor"}[self.level]

    def require_writable(self) -> None:
        """403 for readers who may not change the case: auditors, and systems without ``validation:write``."""
        if not self.writable:
            raise Forbidden("This access to the case is read-only")


def access_to(
    identity: Identity, *, owner_sub: str | None, tracking_hash: bytes | None, tracking_code: str | None
) -> Access:
    """Who the caller is to this case; anyone else gets 404 so the case's existence is not revealed."""
    if identity.kind == "person" and identity.has_role(CASEWORKER_ROLE):
        return Access("caseworker", identity.sub)
    if identity.kind == "person" and identity.has_role(AUDITOR_ROLE):
        return Access("auditor", identity.sub, writable=False)
    if identity.kind == "person" and owner_sub is not None and identity.sub == owner_sub:
        return Access("owner", identity.sub)
    if tracking_code_matches(tracking_code, tracking_hash):
        # A system holding the code acts for the applicant, but only a key with the write scope may change
        # the case: a validation:read key reads it, and nothing more.
        writable = identity.kind != "system" or identity.has_scope(WRITE_SCOPE)
        return Access("owner", "tracking-code", writable=writable)
    raise NotFound("No such application")


def sees_contact(access: Access, *, protected_identity: bool, assigned_to: str | None) -> bool:
    """Address, phone and e-mail of a protected identity: only the applicant and the assigned caseworker.

    Anyone else with access to the case (auditors, caseworkers it is not assigned to) reads it without
    them; an unassigned case shows them to nobody but the applicant until a caseworker takes it.
    """
    if not protected_identity:
        return True
    return access.is_owner or (access.is_caseworker and assigned_to is not None and access.actor == assigned_to)


def require_version(if_match: str | None, version: int) -> None:
    """``If-Match`` against the row's version, checked under the row lock: 428 missing, 412 stale."""
    if if_match is None:
        raise PreconditionRequired("Send If-Match with the ETag you last read")
    current = etag_of_version(version)
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if if_match.strip() != "*" and current not in tags:
        raise PreconditionFailed("The case changed since you read it; read it again and retry")


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def facts_of(details: Mapping[str, Any], *, document_kinds: Iterable[str], has_swedish_number: bool) -> Facts:
    """The pre-check's view of stored application details."""
    education = tuple(
        Education(
            country=e["country"],
            start_year=e["startYear"],
            language=e.get("language") or "sv",
            field=e.get("field") or "other",
            course_codes=tuple(e.get("courseCodes") or ()),
            started_on=_date(e.get("startedOn")),
        )
        for e in details.get("education") or ()
    )
    experience = tuple(_experience(x) for x in details.get("experience") or ())
    swedish = details.get("swedishLevel") or {}
    claims = frozenset(k for k, v in (details.get("claims") or {}).items() if v is True)
    return Facts(
        education=education,
        experience=experience,
        swedish_kind=swedish.get("kind", "none"),
        swedish_course=swedish.get("course"),
        claims=claims,
        document_kinds=frozenset(document_kinds),
        has_swedish_number=has_swedish_number,
    )


def _experience(entry: Mapping[str, Any]) -> Experience:
    """A stored experience entry; the caseworker's SSYK mapping wins over the applicant's own code."""
    mapped, declared = entry.get("mappedSsyk"), entry.get("ssyk")
    ssyk, source = (mapped, "caseworker") if mapped else (declared, "applicant") if declared else (None, None)
    return Experience(
        entry["employer"], date.fromisoformat(entry["from"]), _date(entry.get("to")), entry["extentPercent"],
        ssyk=ssyk, ssyk_source=source,
    )  # fmt: skip


def own_workplaces(details: Mapping[str, Any], *, on: date) -> list[str]:
    """Employers the applicant works for on ``on`` (an assessment must take place elsewhere)."""
    return [
        x["employer"]
        for x in details.get("experience") or ()
        if date.fromisoformat(x["from"]) <= on and (not x.get("to") or date.fromisoformat(x["to"]) >= on)
    ]
