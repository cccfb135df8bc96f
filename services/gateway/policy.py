"""The one route table: which upstream serves a path, and who may call it.

Scopes and roles here are a coarse first gate; each service decides what a caller may see or change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.errors import Forbidden, NotFound, Unauthorized
from shared.identity import Identity

ANY_PERSON = frozenset({"*"})


@dataclass(frozen=True, slots=True)
class Rule:
    """Access to a set of paths: methods, anonymous or not, the roles (people) and scopes (systems) allowed."""

    methods: frozenset[str]
    pattern: re.Pattern[str]
    anonymous: bool = False
    roles: frozenset[str] = ANY_PERSON
    scopes: frozenset[str] = frozenset()
    anonymous_with_header: str | None = None
    upload: bool = False


@dataclass(frozen=True, slots=True)
class Upstream:
    """A service behind the gateway: public prefix and name."""

    name: str
    prefix: str


UPSTREAMS = (Upstream("validation", "/api/validation"), Upstream("sfi", "/api/sfi"))

_READ = frozenset({"GET", "HEAD"})
_WRITE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ALL = _READ | _WRITE


def _rule(methods: frozenset[str], path: str, **kw) -> Rule:
    return Rule(methods, re.compile(path), **kw)


_ID = r"[^/]+"
_STATISTICS = frozenset({"auditor", "admin"})
RULES: tuple[Rule, ...] = (
    # Public reads: the role catalogue, SFI courses, the published schedule and its feeds.
    _rule(_READ, r"/api/validation/v1/roles", anonymous=True, scopes=frozenset({"validation:read"})),
    _rule(
        _READ,
        r"/api/sfi/v1/(courses|groups|venues|teachers)(/.*)?",
        anonymous=True,
        scopes=frozenset({"schedule:read"}),
    ),
    # SS 12000: the schedule is public, persons and duties are not (learners need ss12000:persons in the service).
    _rule(
        _READ,
        r"/api/sfi/v1/ss12000/(persons|duties)(/.*)?",
        roles=frozenset({"sfi_admin", "teacher"}),
        scopes=frozenset({"schedule:read", "ss12000:persons"}),
    ),
    _rule(_READ, r"/api/sfi/v1/ss12000/.*", anonymous=True, scopes=frozenset({"schedule:read", "ss12000:persons"})),
    # "Does it fit me?": constraints in, published groups out; nothing is stored for anonymous callers.
    _rule(frozenset({"POST"}), r"/api/sfi/v1/matches", anonymous=True, scopes=frozenset({"schedule:read"})),
    # Applying for SFI without e-ID (issue 18): anyone applies (limited per client address like every anonymous
    # call) and follows it with the tracking code; SFI administrators list and place them (people only).
    _rule(
        frozenset({"POST"}),
        r"/api/sfi/v1/enrolment-applications",
        anonymous=True,
        scopes=frozenset({"enrolment:write"}),
    ),
    _rule(
        _READ,
        rf"/api/sfi/v1/enrolment-applications/{_ID}",
        anonymous_with_header="X-Tracking-Code",
        scopes=frozenset({"enrolment:write"}),
    ),
    _rule(_ALL, r"/api/sfi/v1/enrolment-applications(/.*)?", roles=frozenset({"sfi_admin"}), scopes=frozenset()),
    # Enrolment, wait-lists and offers: people, or systems with enrolment:write.
    _rule(_WRITE, rf"/api/sfi/v1/groups/{_ID}/enrolments(/.*)?", scopes=frozenset({"enrolment:write"})),
    _rule(_ALL, r"/api/sfi/v1/(enrolments|offers)/.*", scopes=frozenset({"enrolment:write"})),
    # Work placements (issue 22): people only, except the offers and the yearly figure, which systems reading the
    # schedule may read, and offers and workplaces, which systems writing it may write. The service decides what
    # each person may see: staff everything, a workplace contact their workplace, a learner their own.
    _rule(
        _READ,
        r"/api/sfi/v1/placements/figures",
        roles=frozenset({"sfi_admin", "caseworker", "auditor", "admin"}),
        scopes=frozenset({"schedule:read"}),
    ),
    _rule(
        _READ,
        rf"/api/sfi/v1/placements/{_ID}/candidates",
        roles=frozenset({"sfi_admin", "caseworker"}),
        scopes=frozenset(),
    ),
    _rule(frozenset({"POST"}), rf"/api/sfi/v1/placements/(matches|{_ID}/agreements)", scopes=frozenset()),
    _rule(_ALL, r"/api/sfi/v1/placement-agreements(/.*)?", scopes=frozenset()),
    _rule(_READ, r"/api/sfi/v1/placements(/.*)?", scopes=frozenset({"schedule:read"})),
    _rule(
        _READ,
        r"/api/sfi/v1/workplaces(/.*)?",
        roles=frozenset({"sfi_admin", "caseworker", "workplace_contact"}),
        scopes=frozenset(),
    ),
    _rule(
        _WRITE,
        r"/api/sfi/v1/(placements|workplaces)(/.*)?",
        roles=frozenset({"sfi_admin"}),
        scopes=frozenset({"schedule:write"}),
    ),
    # Uploads of documents to an application: streamed, with the larger body limit and deadline.
    _rule(
        frozenset({"POST", "PUT"}),
        rf"/api/validation/v1/applications/{_ID}/documents(/.*)?",
        anonymous_with_header="X-Tracking-Code",
        scopes=frozenset({"validation:write"}),
        upload=True,
    ),
    # The anonymous validation application, and following it with the tracking code.
    _rule(
        frozenset({"POST"}), r"/api/validation/v1/applications", anonymous=True, scopes=frozenset({"validation:write"})
    ),
    _rule(
        _ALL,
        rf"/api/validation/v1/applications/{_ID}(/.*)?",
        anonymous_with_header="X-Tracking-Code",
        scopes=frozenset({"validation:read", "validation:write"}),
    ),
    # Skills mappings (issue 22): the occupation register and the shortage lists are public; anyone records a mapping
    # (without a sign-in the answer carries a tracking code) and reads it with the code, as its owner or as staff.
    _rule(
        _READ,
        r"/api/validation/v1/(occupations|shortage-occupations(/[^/]+)?)",  # a bad municipality is the service's 404
        anonymous=True,
        scopes=frozenset({"validation:read"}),
    ),
    _rule(
        frozenset({"POST"}),
        r"/api/validation/v1/skills-mappings",
        anonymous=True,
        scopes=frozenset({"validation:write"}),
    ),
    _rule(
        _ALL,
        rf"/api/validation/v1/skills-mappings/{_ID}(/.*)?",
        anonymous_with_header="X-Tracking-Code",
        scopes=frozenset({"validation:read", "validation:write"}),
    ),
    # The gateway's composition of a mapping with the open placements; proposals from it by caseworkers only.
    _rule(
        _READ,
        rf"/api/skills/v1/mappings/{_ID}",
        anonymous_with_header="X-Tracking-Code",
        scopes=frozenset({"validation:read"}),
    ),
    _rule(
        frozenset({"POST"}),
        rf"/api/skills/v1/mappings/{_ID}/placement-proposals",
        roles=frozenset({"caseworker"}),
        scopes=frozenset(),
    ),
    # Follow-up: outcome records and facts by caseworkers or systems with outcomes:write; the figures (aggregates
    # only) for auditors, administrators and statistics:read, at each service and as the gateway's document.
    _rule(
        _ALL,
        r"/api/sfi/v1/follow-up/(outcomes|persons)(/.*)?",
        roles=frozenset({"caseworker"}),
        scopes=frozenset({"outcomes:write"}),
    ),
    _rule(
        _READ, r"/api/(sfi|validation)/v1/follow-up/figures", roles=_STATISTICS, scopes=frozenset({"statistics:read"})
    ),
    _rule(
        _READ,
        r"/api/follow-up/v1/(targets|targets\.csv|metrics)",
        roles=_STATISTICS,
        scopes=frozenset({"statistics:read"}),
    ),
    # Webhook subscriptions: SFI administrators, or systems with webhooks:manage (never another person).
    _rule(_ALL, r"/api/sfi/v1/webhooks(/.*)?", roles=frozenset({"sfi_admin"}), scopes=frozenset({"webhooks:manage"})),
    # Searching cases (by reference, name or personal number, in the body): staff; a read, whatever the method.
    _rule(
        frozenset({"POST"}),
        r"/api/validation/v1/cases/search",
        roles=frozenset({"caseworker", "auditor"}),
        scopes=frozenset({"validation:read"}),
    ),
    # Everything else below each prefix: signed-in people, or systems with the service's scopes.
    _rule(_READ, r"/api/validation/v1/.*", scopes=frozenset({"validation:read"})),
    _rule(_WRITE, r"/api/validation/v1/.*", scopes=frozenset({"validation:write"})),
    _rule(_READ, r"/api/sfi/v1/.*", scopes=frozenset({"schedule:read"})),
    _rule(_WRITE, r"/api/sfi/v1/.*", scopes=frozenset({"schedule:write"})),
    # The gateway's own routes: key management for admins, the overview for people, the API document.
    _rule(_ALL, r"/api/gateway/v1/keys(/.*)?", roles=frozenset({"admin"}), scopes=frozenset({"admin"})),
    _rule(_READ, r"/api/me/overview", scopes=frozenset()),
    _rule(_READ, r"/api/(openapi\.json|docs(/.*)?)", anonymous=True, scopes=frozenset({"*"})),
)


def find_upstream(path: str) -> tuple[Upstream, str] | None:
    """The upstream serving ``path`` and the path to ask it for."""
    for up in UPSTREAMS:
        if path.startswith(up.prefix + "/"):
            return up, path[len(up.prefix) :]
    return None


_SEEN_PATHS = 10_000
_MEMO_PATH_LENGTH = 256  # longer paths are matched each time: the memo must not become a way to fill memory
_rule_memo: dict[tuple[str, str], Rule | None] = {}


def rule_for(method: str, path: str) -> Rule | None:
    """The first rule matching ``method`` and ``path`` (memoised: paths repeat, the regexes cost)."""
    key = (method, path)
    try:
        return _rule_memo[key]
    except KeyError:
        pass
    found = next((r for r in RULES if method in r.methods and r.pattern.fullmatch(path)), None)
    if len(path) <= _MEMO_PATH_LENGTH:
        if len(_rule_memo) >= _SEEN_PATHS:  # paths carry ids: keep the memo bounded
            _rule_memo.clear()
        _rule_memo[key] = found
    return found


def authorise(method: str, path: str, identity: Identity, headers) -> Rule:
    """Apply the first matching rule and return it: 401 for missing credentials, 403 for missing roles/scopes."""
    rule = rule_for("GET" if method == "OPTIONS" else method, path)
    if rule is None:
        raise NotFound("No such API route")
    if identity.kind == "anonymous":
        if rule.anonymous or (rule.anonymous_with_header and headers.get(rule.anonymous_with_header)):
            return rule
        raise Unauthorized("Sign in or send an API key", headers={"WWW-Authenticate": 'Bearer realm="lotsen"'})
    if identity.kind == "system":
        if "admin" in identity.scopes or "*" in rule.scopes or not identity.scopes.isdisjoint(rule.scopes):
            return rule
        needed = " or ".join(sorted(rule.scopes)) or "admin"
        raise Forbidden(f"This key lacks the scope: {needed}")
    if rule.roles is ANY_PERSON or not identity.roles.isdisjoint(rule.roles):
        return rule
    raise Forbidden(f"Requires one of the roles: {', '.join(sorted(rule.roles))}")
