"""schemathesis over the merged OpenAPI document, through the gateway: every check, three identities, no failure.

The main run is schemathesis' own command line (``schemathesis run --checks all``), as a consumer of the API would
run it, with bounded examples per operation; the upload run drives the Python API (one Hypothesis run per
operation) to post multipart bodies to a case that exists.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

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


# Every check schemathesis has (``--checks all``), less one, and why:
# - positive_data_acceptance: a schema-valid request must be accepted. The services also apply rules that span
#   fields or state, which the JSON Schemas (one per field, from marshmallow) cannot say, and refuse them with a
#   clear 4xx naming the field, as the house rules ask: a course named when constraints are given (matches), an
#   email or a phone, SFI courses A-D for kind sfi, exactly one of learnerId and personalNumber, at least one
#   field in a PATCH; a pageToken only as the list issued it (an opaque signed token: any other string is 400);
#   If-Match on updates (428 without it). Each of these has its own tests beside the service.
EXCLUDED_CHECKS = ("positive_data_acceptance",)
# Who runs it, with which phases, examples per operation and workers. The coverage phase (boundary values, every
# undeclared method for 405 with Allow, missing required headers; it generates every case the document defines, so
# it has no example bound) runs once, anonymously: routing, 405 and input validation come before identity, so the
# other identities would add minutes and nothing else. Every run uses one worker: Hypothesis parses lambda sources
# there, and CPython 3.11's parser is not safe across threads ("AST constructor recursion depth mismatch").
# The signed-in runs fuzz every operation with their roles.
RUNS = {
    "anonymous": ((), "examples,coverage,fuzzing", 2, 1),
    "caseworker": (("caseworker",), "examples,fuzzing", 2, 1),
    "sfi_admin": (("sfi_admin",), "examples,fuzzing", 2, 1),
}


def schemathesis_cli(stack: Stack, roles: tuple[str, ...], phases: str, examples: int, workers: int):
    """``schemathesis run --checks all`` against the gateway's merged document, as ``roles`` (none: anonymous)."""
    auth = ["-H", "Authorization: " + bearer(f"st-{'-'.join(roles)}", roles)["Authorization"]] if roles else []
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", stack.url() + "/api/openapi.json",
        "--checks", "all", "--exclude-checks", ",".join(EXCLUDED_CHECKS), "--phases", phases,
        "--max-examples", str(examples), "--generation-deterministic", "--no-shrink", "--workers", str(workers),
        # NUL in text is refused everywhere (PostgreSQL cannot store it) with a 4xx naming the field; the
        # document's string schemas do not spell that out, so schemathesis is asked not to generate it.
        "--generation-allow-x00", "false",
        "--suppress-health-check", "all",  # Hypothesis' timing health checks would make the run depend on the load
        "--request-timeout", str(HANG), "--output-truncate", "false", *auth,
    ]  # fmt: skip
    # run in the stack's home: the CLI keeps a cache in its working folder, which must not land in the checkout
    return subprocess.run(command, capture_output=True, text=True, timeout=15 * 60, check=False, cwd=stack.home)


@pytest.mark.parametrize("who", list(RUNS))
def test_schemathesis_with_all_checks_through_the_gateway_finds_nothing(stack: Stack, who: str):
    run = schemathesis_cli(stack, *RUNS[who])
    out = run.stdout + run.stderr
    tested = re.search(r"Tested: (\d+)", out)
    assert tested is not None and int(tested.group(1)) >= 100, f"too few operations tested:\n{out[-3000:]}"
    report = next((out[out.find(h) :] for h in ("ERRORS", "FAILURES") if h in out), out[-5000:])
    assert run.returncode == 0, report[:20000]


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
