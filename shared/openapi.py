"""Endpoints declared once, registered as routes and described in OpenAPI 3.1 from marshmallow schemas."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow
from aiohttp import web
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SchemaRef = type[marshmallow.Schema] | marshmallow.Schema

_REASONS = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No content",
    304: "Not modified",
    400: "Malformed request",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed (the Allow header lists the path's methods)",
    409: "Conflict with the current state",
    412: "Stale If-Match",
    413: "Too large",
    415: "Wrong media type",
    422: "Invalid field",
    428: "If-Match required",
    429: "Too many requests",
    503: "Dependency down",
}
_PATH_PARAM = re.compile(r"{([^}:]+)(?::[^}]*)?}")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One route: where, what it does, and the schemas that describe its input and output."""

    method: str
    path: str
    handler: Handler
    summary: str
    operation_id: str
    tags: tuple[str, ...] = ()
    body: SchemaRef | None = None
    query: SchemaRef | None = None
    response: SchemaRef | None = None
    status: int = 200
    public: bool = False
    # Open to anonymous callers, who may also sign in (the answer depends on who asks): security is optional.
    anonymous: bool = False
    errors: tuple[int, ...] = (400, 422)
    media: str = "application/json"
    response_media: str = "application/json"
    headers: tuple[str, ...] = ()
    description: str = ""
    # a description, or a whole response object (an API with its own error shape, like SS 12000's)
    extra_responses: Mapping[int, str | dict[str, Any]] = field(default_factory=dict)
    # JSON schemas of path parameters by name (default: any string), e.g. {"id": {"type": "string", "format": "uuid"}}
    path_schemas: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    # answers 304 to a current If-None-Match; None: every JSON GET does (shared.etag.json_response answers them all)
    conditional: bool | None = None


HTTP_NOTE = (
    "Every GET also answers HEAD (the same headers, no body). A method a path does not declare is answered 405 "
    "with an Allow header naming the path's methods (problem+json, before authentication). JSON answers carry an "
    "ETag; a GET whose If-None-Match names the current one is answered 304 without a body."
)


ENDPOINTS = web.AppKey("endpoints", list[Endpoint])


def register(app: web.Application, endpoints: Iterable[Endpoint]) -> None:
    """Add routes for ``endpoints`` and remember them for the OpenAPI document.

    Every GET answers HEAD too, with the same handler (aiohttp sends the headers, Content-Length included, and
    no body): ``add_route("GET")``, unlike ``add_get``, adds no HEAD. Methods a path does not declare are 405
    with ``Allow`` (aiohttp's router, mapped to problem+json by the ``problems`` middleware).
    """
    for ep in endpoints:
        resource = app.router.add_resource(ep.path, name=ep.operation_id)
        resource.add_route(ep.method, ep.handler)
        if ep.method == "GET":
            resource.add_route("HEAD", ep.handler)
        app[ENDPOINTS].append(ep)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status", "detail", "request_id"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["pointer", "message"],
                "properties": {"pointer": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}


def _schema_ref(spec: APISpec, schema: SchemaRef) -> Any:
    plugin = next(p for p in spec.plugins if isinstance(p, MarshmallowPlugin))
    return plugin.converter.resolve_nested_schema(schema)


def _operation(spec: APISpec, ep: Endpoint) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": dict(ep.path_schemas.get(name, {"type": "string"}))}
        for name in _PATH_PARAM.findall(ep.path)
    ]
    if ep.query is not None:
        params.append({"in": "query", "schema": ep.query})
    conditional = ep.conditional
    if conditional is None:
        conditional = ep.method == "GET" and ep.status == 200 and ep.response_media == "application/json"
    headers = (*ep.headers, "If-None-Match") if conditional and "If-None-Match" not in ep.headers else ep.headers
    for header in headers:
        params.append({"name": header, "in": "header", "required": False, "schema": {"type": "string"}})
    op: dict[str, Any] = {
        "operationId": ep.operation_id,
        "summary": ep.summary,
        "tags": list(ep.tags),
        "parameters": params,
        "responses": {},
    }
    if ep.description:
        op["description"] = ep.description
    if ep.public:
        op["security"] = []
    elif ep.anonymous:
        op["security"] = [{}, {"bearer": []}, {"apiKey": []}]
    if ep.body is not None:
        op["requestBody"] = {"required": True, "content": {ep.media: {"schema": _schema_ref(spec, ep.body)}}}
    ok: dict[str, Any] = {"description": _REASONS.get(ep.status, "OK")}
    if ep.response is not None:
        ok["content"] = {ep.response_media: {"schema": _schema_ref(spec, ep.response)}}
    elif ep.status != 204 and ep.response_media != "application/json":
        ok["content"] = {ep.response_media: {"schema": {"type": "string"}}}
    op["responses"][str(ep.status)] = ok
    if conditional:
        op["responses"]["304"] = {"description": "Not modified: If-None-Match names the current ETag; no body"}
    codes = set(ep.errors) | ({401, 403} if not (ep.public or ep.anonymous) else set()) | {503}
    for code in sorted(codes):
        op["responses"][str(code)] = {"$ref": f"#/components/responses/Problem{code}"}
    for code, extra in ep.extra_responses.items():
        op["responses"][str(code)] = {"description": extra} if isinstance(extra, str) else extra
    return op


def build_spec(title: str, version: str, endpoints: Iterable[Endpoint], description: str = "") -> dict[str, Any]:
    """An OpenAPI 3.1 document for ``endpoints``, with the shared problem schema and responses."""
    spec = APISpec(
        title=title,
        version=version,
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": f"{description}\n\n{HTTP_NOTE}" if description else HTTP_NOTE},
    )
    spec.components.schema("Problem", PROBLEM_SCHEMA)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.security_scheme("apiKey", {"type": "apiKey", "in": "header", "name": "X-API-Key"})
    for code, reason in _REASONS.items():
        if code >= 400:
            spec.components.response(
                f"Problem{code}",
                {
                    "description": reason,
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                },
            )
    by_path: dict[str, dict[str, Any]] = {}
    for ep in endpoints:
        path = _PATH_PARAM.sub(lambda m: "{" + m.group(1) + "}", ep.path)
        by_path.setdefault(path, {})[ep.method.lower()] = _operation(spec, ep)
    for path, ops in by_path.items():
        spec.path(path=path, operations=ops)
    doc = spec.to_dict()
    doc["security"] = [{"bearer": []}, {"apiKey": []}]
    return doc
