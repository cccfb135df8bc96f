"""Malformed request bodies derived from an OpenAPI document: each case is (content type, bytes) per operation."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

WRITE_METHODS = ("post", "put", "patch", "delete")
MEGABYTE = 1024 * 1024
JSON = "application/json"


@dataclass(frozen=True, slots=True)
class Operation:
    """One write operation of the merged document."""

    method: str
    path: str
    body_schema: dict[str, Any]
    media: tuple[str, ...]

    @property
    def label(self) -> str:
        """``POST /api/…`` for messages."""
        return f"{self.method.upper()} {self.path}"


def resolve(doc: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """Follow ``$ref`` (and a lone ``allOf``) to the schema object itself."""
    while "$ref" in schema and depth < 20:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
        depth += 1
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return resolve(doc, schema["allOf"][0], depth + 1)
    return schema


def write_operations(doc: dict[str, Any]) -> list[Operation]:
    """Every POST/PUT/PATCH/DELETE below ``/api/`` with its request body schema (if any)."""
    ops = []
    for path, item in doc["paths"].items():
        for method in WRITE_METHODS:
            op = item.get(method)
            if op is None:
                continue
            content = op.get("requestBody", {}).get("content", {})
            media = tuple(content)
            schema = resolve(doc, next(iter(content.values()), {}).get("schema", {})) if content else {}
            ops.append(Operation(method, path, schema, media))
    return ops


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type", "object" if "properties" in schema else "string")
    return set(kind) if isinstance(kind, list) else {kind}


def _wrong(schema: dict[str, Any]) -> Any:
    """A value of a type the schema does not allow."""
    kinds = _types(schema)
    for value, kind in (({"x": 1}, "object"), ([1, 2], "array"), (12345, "integer"), ("text", "string")):
        if kind not in kinds and not (kind == "integer" and "number" in kinds):
            return value
    return True


def fill(doc: dict[str, Any], schema: dict[str, Any], leaf: Callable[[dict[str, Any]], Any], depth: int = 0) -> Any:
    """An instance shaped like ``schema`` (objects and arrays followed) whose every leaf is ``leaf(schema)``."""
    schema = resolve(doc, schema)
    kinds = _types(schema)
    if depth < 4 and "object" in kinds and schema.get("properties"):
        return {name: fill(doc, sub, leaf, depth + 1) for name, sub in schema["properties"].items()}
    if depth < 4 and "array" in kinds and isinstance(schema.get("items"), dict):
        return [fill(doc, schema["items"], leaf, depth + 1)]
    return leaf(schema)


def _numbers_or(value: Any, raw: str) -> Callable[[dict[str, Any]], Any]:
    """Leaves: a marker replaced by ``raw`` JSON text for numbers, ``value`` elsewhere."""

    def leaf(schema: dict[str, Any]) -> Any:
        return "__RAW__" if _types(schema) & {"integer", "number"} else value

    leaf.raw = raw  # type: ignore[attr-defined]
    return leaf


def _dump(data: Any, raw: str = "") -> bytes:
    text = json.dumps(data)
    if raw:
        text = text.replace('"__RAW__"', raw)
    return text.encode()


def _deep(levels: int) -> bytes:
    return b'{"a":' * levels + b"1" + b"}" * levels


@dataclass(frozen=True, slots=True)
class Case:
    """One kind of bad input: a name and how to build (content type, body) for an operation."""

    name: str
    build: Callable[[dict[str, Any], Operation], tuple[str | None, bytes]]


def _schema_case(leaf: Callable[[dict[str, Any]], Any], raw: str = "") -> Callable:
    def build(doc: dict[str, Any], op: Operation) -> tuple[str, bytes]:
        data = fill(doc, op.body_schema, leaf) if op.body_schema else leaf({})
        return JSON, _dump(data if isinstance(data, dict) else {"value": data}, raw)

    return build


def _fixed(ctype: str | None, body: bytes) -> Callable:
    return lambda doc, op: (ctype, body)


HUGE_INT = "9" * 5000
CASES: tuple[Case, ...] = (
    Case("empty-body", _fixed(JSON, b"")),
    Case("whitespace-body", _fixed(JSON, b"  \n ")),
    Case("truncated-json", _fixed(JSON, b'{"name": {"given": "Am')),
    Case("json-array", _fixed(JSON, b'[{"name": "x"}]')),
    Case("json-scalar", _fixed(JSON, b'"just a string"')),
    Case("json-null", _fixed(JSON, b"null")),
    Case("nan-literal", _fixed(JSON, b'{"capacity": NaN, "seats": Infinity}')),
    Case("wrong-types", _schema_case(_wrong)),
    Case("all-null", _schema_case(lambda s: None)),
    Case("float-1e400", _schema_case(lambda s: "__RAW__", "1e400")),
    Case("int-5000-digits", _schema_case(lambda s: "__RAW__", HUGE_INT)),
    Case("int-2-pow-70", _schema_case(lambda s: 2**70)),
    Case("negative-numbers", _schema_case(lambda s: -(2**31) - 1)),
    Case("nul-in-strings", _schema_case(lambda s: "a\u0000b")),
    Case("nul-in-key", _fixed(JSON, b'{"na\\u0000me": "x"}')),
    Case("raw-nul-byte", _fixed(JSON, b'{"name": "a\x00b"}')),
    Case("lone-surrogate", _schema_case(lambda s: "\ud800x")),
    Case("invalid-utf8", _fixed(JSON, b'{"name": "\xff\xfe\xc3\x28"}')),
    Case("latin1-declared", _fixed("application/json; charset=latin-1", '{"name": "Åsa"}'.encode("latin-1"))),
    Case("megabyte-strings", _schema_case(lambda s: "x" * (MEGABYTE + 10))),
    Case("deep-nesting-objects", _fixed(JSON, _deep(2000))),
    Case("deep-nesting-arrays", _fixed(JSON, b"[" * 100_000 + b"]" * 100_000)),
    Case("text-plain", _fixed("text/plain", b'{"name": "x"}')),
    Case("form-urlencoded", _fixed("application/x-www-form-urlencoded", b"name=x&capacity=3")),
    Case("xml", _fixed("application/xml", b"<name>x</name>")),
    Case("no-content-type", _fixed(None, b'{"name": "x"}')),
    Case("multipart-no-boundary", _fixed("multipart/form-data", b"--x\r\nContent-Disposition: form-data\r\n\r\n")),
    Case(
        "multipart-truncated",
        _fixed(
            "multipart/form-data; boundary=XyZ",
            b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
            b"Content-Type: application/pdf\r\n\r\n%PDF-1.4 cut off here",
        ),
    ),
)
