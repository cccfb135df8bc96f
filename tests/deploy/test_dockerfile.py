"""deploy/Dockerfile: lint-clean, one non-root image for every service, a health check that works.

No container engine exists here, so the image is not built; these checks catch what can be caught
without one (hadolint, the build context, the instructions, the health-check script itself).
"""

from __future__ import annotations

import fnmatch
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from tests.deploy.tools import DEPLOY, ROOT, hadolint
from tests.waiting import HANG

DOCKERFILE = DEPLOY / "Dockerfile"


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = text.replace("\\\n", " ")
    pairs = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            pairs.append((word.upper(), " ".join(rest.split())))
    return pairs


def _final_stage() -> list[tuple[str, str]]:
    pairs = _instructions(DOCKERFILE.read_text())
    last_from = max(i for i, (word, _) in enumerate(pairs) if word == "FROM")
    return pairs[last_from:]


def test_dockerfile_passes_hadolint():
    verdict = hadolint(DOCKERFILE)
    assert verdict.ok, verdict.output


@pytest.mark.parametrize(
    ("original", "broken"),
    [
        pytest.param("USER 10001:10001", "USER root", id="runs-as-root"),
        pytest.param('ENTRYPOINT ["lotsen"]', "ENTRYPOINT lotsen", id="shell-form-entrypoint"),
        pytest.param("WORKDIR /opt/lotsen", "WORKDIR opt/lotsen", id="relative-workdir"),
        pytest.param("EXPOSE 8080 8081 8082", "EXPOSE 80800", id="invalid-port"),
    ],
)
def test_hadolint_rejects_a_broken_dockerfile(tmp_path, original, broken):
    text = DOCKERFILE.read_text()
    assert original in text, "the breakage no longer applies to the Dockerfile; update the test"
    (tmp_path / "Dockerfile").write_text(text.replace(original, broken, 1))
    assert not hadolint(tmp_path / "Dockerfile").ok


def test_multi_stage_build_with_a_slim_python_311_runtime():
    pairs = _instructions(DOCKERFILE.read_text())
    froms = [rest for word, rest in pairs if word == "FROM"]
    assert froms == ["${PYTHON_IMAGE} AS builder", "${PYTHON_IMAGE} AS runtime"]
    assert ("ARG", "PYTHON_IMAGE=python:3.11-slim-bookworm") in pairs
    runtime = _final_stage()
    assert ("COPY", "--from=builder /opt/lotsen /opt/lotsen") in runtime
    assert not [rest for word, rest in runtime if word == "RUN" and "pip" in rest], "no installs in the runtime"


def test_one_image_runs_every_service_as_a_non_root_user():
    runtime = dict(_final_stage())
    assert runtime["USER"] == "10001:10001"
    assert json.loads(runtime["ENTRYPOINT"]) == ["lotsen"]
    assert json.loads(runtime["CMD"]) == ["serve", "gateway"]
    assert runtime["EXPOSE"].split() == ["8080", "8081", "8082", "9080"]
    env = runtime["ENV"]
    for setting in ("LOTSEN_HOME=/tmp/lotsen", "LOTSEN_ENV=production", "PYTHONDONTWRITEBYTECODE=1"):
        assert setting in env


def test_healthcheck_uses_the_bundled_python_script():
    runtime = dict(_final_stage())
    check = runtime["HEALTHCHECK"]
    assert check.endswith('CMD ["python", "/opt/lotsen/healthcheck.py"]')
    assert ("COPY", "deploy/healthcheck.py /opt/lotsen/healthcheck.py") in _instructions(DOCKERFILE.read_text())


def test_every_copied_source_is_inside_the_build_context():
    """A COPY of a path that .dockerignore leaves out would fail only at build time; catch it here."""
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines()]
    patterns = [p for p in patterns if p and not p.startswith("#")]

    def included(path: str) -> bool:
        keep = True
        for pattern in patterns:
            negate = pattern.startswith("!")
            bare = pattern.lstrip("!").rstrip("/")
            if fnmatch.fnmatch(path, bare) or path.startswith(bare + "/"):
                keep = negate
        return keep

    sources = []
    for word, rest in _instructions(DOCKERFILE.read_text()):
        if word == "COPY" and not rest.startswith("--from"):
            sources.extend(rest.split()[:-1])
    assert sources, "no COPY found"
    for source in sources:
        assert (ROOT / source).exists(), source
        assert included(source.rstrip("/")), f"{source} is excluded by .dockerignore"
    assert not included(".venv") and not included(".git") and not included("deploy/.env")


# -- the health-check script ---------------------------------------------------------------------


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def health_server() -> Iterator[tuple[http.server.HTTPServer, type[_Health]]]:
    """A tiny server on loopback answering /healthz with a configurable status."""
    handler = type("Health", (_Health,), {})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server, handler
    server.shutdown()
    server.server_close()


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


def _healthcheck(**ports: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_")}
    env.update({"LOTSEN_GATEWAY_PORT": _closed_port(), "LOTSEN_VALIDATION_PORT": _closed_port()})
    env.update({"LOTSEN_SFI_PORT": _closed_port(), **ports})
    return subprocess.run(
        [sys.executable, str(DEPLOY / "healthcheck.py")], env=env, timeout=HANG, check=False
    ).returncode


@pytest.mark.parametrize("setting", ["LOTSEN_GATEWAY_PORT", "LOTSEN_VALIDATION_PORT", "LOTSEN_SFI_PORT"])
def test_healthcheck_passes_when_the_service_answers_healthz(health_server, setting):
    server, _ = health_server
    assert _healthcheck(**{setting: str(server.server_address[1])}) == 0


def test_healthcheck_fails_when_healthz_is_not_200(health_server):
    server, handler = health_server
    handler.status = 503
    assert _healthcheck(LOTSEN_VALIDATION_PORT=str(server.server_address[1])) == 1


def test_healthcheck_fails_when_nothing_listens():
    assert _healthcheck() == 1
