"""The merged OpenAPI document: each service's paths under its public prefix, one problem schema.

The same document names the route template of every proxied path, so metrics and logs are labelled
``/api/sfi/v1/groups/{id}`` rather than with raw paths.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from typing import Any

from aiohttp import web

from services.gateway.policy import UPSTREAMS, rule_for
from services.gateway.upstream import UpstreamPool, ask
from shared.identity import HEADER, Identity, sign_identity

log = logging.getLogger("lotsen.gateway.apidoc")
_REF = re.compile(r'"#/components/schemas/([^"]+)"')
_PARAM = re.compile(r"\{[^}/]+\}")
SHARED_COMPONENTS = ("Problem",)
DOC_TTL = 300.0
RETRY_INCOMPLETE = 2.0
DOC_DEADLINE = 3.0
SEEN_PATHS = 10_000
MEMO_PATH_LENGTH = 256  # longer paths are not kept: 10 000 of them must not add up to much memory


def _prefix_schemas(doc: dict[str, Any], tag: str) -> dict[str, Any]:
    """Rename a service's schemas to ``<Tag><Name>`` so two services may use the same name."""

    def rename(name: str) -> str:
        return name if name in SHARED_COMPONENTS else f"{tag}{name}"

    text = _REF.sub(lambda m: f'"#/components/schemas/{rename(m.group(1))}"', json.dumps(doc))
    out = json.loads(text)
    schemas = out.get("components", {}).get("schemas", {})
    out.setdefault("components", {})["schemas"] = {rename(k): v for k, v in schemas.items()}
    return out


_SAMPLE_SEGMENT = "1000"  # stands for a path parameter when the route table is asked about a template
_CREDENTIALS = [{"bearer": []}, {"apiKey": []}]
_OPERATIONS = frozenset({"get", "put", "post", "delete", "patch"})
_PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _gateway_status(responses: dict[str, Any], code: int) -> None:
    """Declare ``code`` as the gateway answers it (problem+json), beside what the service declared for it."""
    existing = responses.get(str(code))
    if existing is None:
        responses[str(code)] = {"$ref": f"#/components/responses/Problem{code}"}
    elif "$ref" not in existing:  # a service's own shape (SS 12000's {code, message}): the gateway's is problem+json
        existing.setdefault("content", {}).update(_PROBLEM_CONTENT)


def apply_route_table(path: str, operations: dict[str, Any]) -> None:
    """State each operation's security as the gateway's route table applies it, and the statuses that follow.

    The route table (``policy.RULES``) is what lets a request through, so the document is derived from it rather
    than from each service's document alone: anonymous access is optional security (``{}`` first);
    everything else needs a bearer token or an API key (an anonymous applicant's ``X-Tracking-Code`` is a header
    the service checks, answering 404 for a wrong one, so that a guess learns nothing). Any credential may be
    refused (401) and any caller limited (429); 403 where roles or scopes decide.
    """
    concrete = _PARAM.sub(_SAMPLE_SEGMENT, path)
    for method, op in operations.items():
        if method not in _OPERATIONS or not isinstance(op, dict):
            continue
        rule = rule_for(method.upper(), concrete)
        if rule is None:
            continue
        responses = op.setdefault("responses", {})
        # Open to anonymous callers where the gateway lets them through and the service serves them too (its own
        # document says ``security: []``, or lists ``{}`` among its options); the service may still ask more (a
        # teacher's feed is for staff).
        declared = op.get("security")
        anonymous = rule.anonymous and (declared == [] or {} in (declared or []))
        op["security"] = [{}, *_CREDENTIALS] if anonymous else list(_CREDENTIALS)
        # A route an anonymous caller opens with a tracking code declares the code as a header parameter, not as
        # a security scheme: a wrong code is answered like an unknown reference (404, no enumeration), which a
        # security scheme's 401 for bad credentials would contradict.
        codes = (401, 429) if anonymous else (401, 403, 429)
        for code in codes:
            _gateway_status(responses, code)


def merge(gateway_doc: dict[str, Any], service_docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Put every service's paths under its prefix into the gateway's own document."""
    merged = json.loads(json.dumps(gateway_doc))
    merged["info"]["title"] = "Lotsen API"
    components = merged.setdefault("components", {})
    missing = []
    for up in UPSTREAMS:
        doc = service_docs.get(up.name)
        if doc is None:
            missing.append(up.name)
            continue
        doc = _prefix_schemas(doc, up.name.capitalize())
        for path, ops in doc.get("paths", {}).items():
            merged.setdefault("paths", {})[up.prefix + path] = ops
        for kind, items in doc.get("components", {}).items():
            if kind == "securitySchemes":
                continue
            components.setdefault(kind, {}).update(items)
        for tag in doc.get("tags", []):
            merged.setdefault("tags", []).append(tag)
    for path, ops in merged.get("paths", {}).items():
        apply_route_table(path, ops)
    if missing:
        merged["x-incomplete"] = missing
    return merged


def compile_templates(paths: list[str]) -> list[tuple[re.Pattern[str], str]]:
    """Matchers for path templates; literal segments win over parameters (``/groups/search`` first)."""
    ordered = sorted(paths, key=lambda p: (len(_PARAM.findall(p)), p))
    out = []
    for path in ordered:
        pattern = "".join(
            "[^/]+" if _PARAM.fullmatch(part) else re.escape(part) for part in re.split(r"(\{[^}/]+\})", path)
        )
        out.append((re.compile(f"^{pattern}$"), path))
    return out


_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def declared_methods(operations: dict[str, Any]) -> frozenset[str]:
    """The methods of one path item, upper-case, HEAD wherever GET (every service answers HEAD for GET)."""
    methods = {m.upper() for m in operations if m in _METHODS}
    if "GET" in methods:
        methods.add("HEAD")
    return frozenset(methods)


class DocCache:
    """The merged document (rebuilt every few minutes, sooner while a service is missing) and its templates."""

    def __init__(self, own_doc: bytes) -> None:
        self._own = own_doc
        self.doc: dict[str, Any] | None = None
        self._expires = 0.0
        self._templates: list[tuple[re.Pattern[str], str]] = []
        self._seen: dict[str, str] = {}  # path -> template, so a path is matched against ~70 patterns once
        self._methods: dict[str, frozenset[str]] = {}  # template -> the methods its document declares
        self._allowed: dict[str, frozenset[str] | None] = {}  # path -> the methods of every template it matches
        self._lock = asyncio.Lock()

    async def get(self, pools: dict, secret: bytes) -> dict[str, Any]:
        """The merged document, rebuilt when stale or incomplete (a part missing is asked for again at once)."""
        if self._stale():
            async with self._lock:
                if self._stale():
                    await self.refresh(pools, secret)
        return self.doc

    def _stale(self) -> bool:
        return self.doc is None or bool(self.doc.get("x-incomplete")) or time.monotonic() > self._expires

    async def refresh(self, pools: dict, secret: bytes) -> None:
        """Fetch every service's document and rebuild."""
        doc = merge(json.loads(self._own), await fetch_service_docs(pools, secret))
        self.doc = doc
        ttl = RETRY_INCOMPLETE if doc.get("x-incomplete") else DOC_TTL
        self._expires = time.monotonic() + ttl
        self._templates = compile_templates(list(doc.get("paths", {})))
        self._methods = {path: declared_methods(ops) for path, ops in doc.get("paths", {}).items()}
        self._seen = {}
        self._allowed = {}

    def template_for(self, path: str) -> str:
        """The documented template of ``path``, else ``<prefix>/{tail}`` (bounded label cardinality)."""
        template = self._seen.get(path)
        if template is None:
            template = self._match(path)
            if len(path) <= MEMO_PATH_LENGTH:  # a long path is matched each time rather than kept
                if len(self._seen) >= SEEN_PATHS:  # paths carry ids: keep the memo bounded
                    self._seen.clear()
                self._seen[path] = template
        return template

    def allowed_methods(self, path: str) -> frozenset[str] | None:
        """The methods ``path`` answers, as the services' routers would (the union over every template it
        matches: ``/groups/search`` and ``/groups/{id}``), HEAD wherever GET; None for a path no template matches.
        """
        try:
            return self._allowed[path]
        except KeyError:
            pass
        found = [self._methods[t] for pattern, t in self._templates if pattern.match(path) and t in self._methods]
        allowed = frozenset().union(*found) if found else None
        if len(path) <= MEMO_PATH_LENGTH:
            if len(self._allowed) >= SEEN_PATHS:
                self._allowed.clear()
            self._allowed[path] = allowed
        return allowed

    def _match(self, path: str) -> str:
        for pattern, template in self._templates:
            if pattern.match(path):
                return template
        for up in UPSTREAMS:
            if path.startswith(up.prefix + "/"):
                return up.prefix + "/{tail}"
        return "unmatched"

    async def run(self, pools: dict, secret: bytes) -> None:
        """Keep the document (and so the metric labels) fresh in the background."""
        while True:
            with contextlib.suppress(Exception):
                await self.get(pools, secret)
            await asyncio.sleep(RETRY_INCOMPLETE if self.doc is None or self.doc.get("x-incomplete") else DOC_TTL)


DOC_CACHE = web.AppKey("doc_cache", DocCache)


async def fetch_service_docs(pools: dict, secret: bytes) -> dict[str, dict[str, Any]]:
    """Ask each service for its document concurrently; a service that is down is left out."""

    ident = Identity(sub="gateway", kind="system", scopes=frozenset({"openapi:read"}), consumer="gateway")

    async def one(pool: UpstreamPool) -> tuple[str, dict[str, Any] | None]:
        headers = {HEADER: sign_identity(ident, secret)}
        for replica in pool.replicas:  # the first that answers: replicas serve the same document
            answer = await ask(replica, "/openapi.json", headers, DOC_DEADLINE)
            if answer is not None:
                status, body = answer
                try:
                    return pool.name, json.loads(body) if status == 200 else None
                except ValueError:
                    return pool.name, None
        return pool.name, None

    results = await asyncio.gather(*(one(p) for p in pools.values()))
    return {name: doc for name, doc in results if doc is not None}
