"""schemathesis over the merged OpenAPI document, through the gateway: no 5xx, answers match the schema.

Driven through schemathesis' Python API (one Hypothesis run per operation) rather than its pytest
plugin, whose lazy fixture loader does not work with this pytest version; the document only exists once
the suite runs, so it cannot be loaded at import time.
"""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.faults.conftest import bearer
from tests.faults.payloads import application
from tests.faults.stack import Stack
from tests.waiting import HANG

pytestmark = pytest.mark.e2e
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = 4  # per operation: bounded so the whole run stays around half a minute


def run_operation(operation, base_url: str, headers: dict[str, str], examples: int = EXAMPLES, **fixed) -> None:
    """Generate a few requests for one operation and validate every answer (``fixed`` parts stay as given)."""

    @given(case=operation.as_strategy(**fixed))
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def check(case) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=HANG)

    check()


def summary(exc: BaseException) -> str:
    """The gist of a schemathesis failure: which check, what was violated, the answer, how to reproduce it."""
    lines = [line.strip(" |+-") for line in str(exc).splitlines()]
    words = ("not allowed", "is not", "required", "Server error", "Content-Type")
    picked = [ln for ln in lines if ln.startswith(("ST", "[", "curl")) or any(w in ln for w in words)]
    return "\n    ".join(dict.fromkeys(picked[:12])) or str(exc)[:800]


def test_generated_requests_never_get_a_5xx_and_answers_match_the_schema(stack: Stack):
    schema = schemathesis.openapi.from_url(stack.url() + "/api/openapi.json", timeout=HANG)
    failures, ran = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        ran += 1
        try:
            run_operation(operation, stack.url(), bearer())
        except (Exception, BaseExceptionGroup) as exc:  # collect all operations' failures, then report them together
            failures.append(f"{operation.label}: {summary(exc)}")
    assert ran >= 20, "the merged document lists too few operations"
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_generated_uploads_to_a_real_case_never_get_a_5xx(stack: Stack, mode):
    """Random ids stop at 404 before the body is read: here multipart bodies reach a case that exists."""
    request = urllib.request.Request(  # noqa: S310 - http URL we built
        stack.url() + "/api/validation/v1/applications",
        data=json.dumps(application()).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex},
    )
    with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310
        case = json.load(resp)
    schema = schemathesis.openapi.from_url(stack.url() + "/api/openapi.json", timeout=10)
    upload = schema.find_operation_by_id("uploadDocument")
    code = {"X-Tracking-Code": case["trackingCode"]}
    try:
        run_operation(upload, stack.url(), code, 25, generation_mode=mode, path_parameters={"id": case["id"]})
    except (Exception, BaseExceptionGroup) as exc:
        pytest.fail(f"{upload.label}: {summary(exc)}")
