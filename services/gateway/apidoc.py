"""The merged OpenAPI document: each service's paths under its public prefix, one problem schema."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import aiohttp

from services.gateway.policy import UPSTREAMS
from services.gateway.upstream import UpstreamPool
from shared.identity import HEADER, Identity, sign_identity

_REF = re.compile(r'"#/components/schemas/([^"]+)"')
SHARED_COMPONENTS = ("Problem",)


def _prefix_schemas(doc: dict[str, Any], tag: str) -> dict[str, Any]:
    """Rename a service's schemas to ``<Tag><Name>`` so two services may use the same name."""

    def rename(name: str) -> str:
        return name if name in SHARED_COMPONENTS else f"{tag}{name}"

    text = _REF.sub(lambda m: f'"#/components/schemas/{rename(m.group(1))}"', json.dumps(doc))
    out = json.loads(text)
    schemas = out.get("components", {}).get("schemas", {})
    out.setdefault("components", {})["schemas"] = {rename(k): v for k, v in schemas.items()}
    return out


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
        tag = up.name.capitalize()
        doc = _prefix_schemas(doc, tag)
        for path, ops in doc.get("paths", {}).items():
            merged.setdefault("paths", {})[up.prefix + path] = ops
        for kind, items in doc.get("components", {}).items():
            if kind == "securitySchemes":
                continue
            components.setdefault(kind, {}).update(items)
    if missing:
        merged["x-incomplete"] = missing
    return merged


async def fetch_service_docs(pools: dict[str, UpstreamPool], secret: bytes) -> dict[str, dict[str, Any]]:
    """Ask each service for its document concurrently; a service that is down is left out."""

    async def one(pool: UpstreamPool) -> tuple[str, dict[str, Any] | None]:
        ident = Identity(sub="gateway", kind="system", scopes=frozenset({"openapi:read"}), consumer="gateway")
        try:
            async with pool.session.get(
                pool.pick() + "/openapi.json",
                headers={HEADER: sign_identity(ident, secret)},
                timeout=aiohttp.ClientTimeout(total=3),
            ) as resp:
                if resp.status != 200:
                    return pool.name, None
                return pool.name, json.loads(await resp.read())
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return pool.name, None

    results = await asyncio.gather(*(one(p) for p in pools.values()))
    return {name: doc for name, doc in results if doc is not None}
