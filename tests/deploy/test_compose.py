"""deploy/compose.yaml is valid for Docker Compose v2 and describes the topology we promise."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.deploy.tools import DEPLOY, compose_config

COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"
LOTSEN_SERVICES = ("migrate", "validation-1", "validation-2", "sfi-schedule-1", "sfi-schedule-2", "gateway")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the compose file beside a copy of .env.example (never the operator's deploy/.env)."""
    shutil.copy(COMPOSE, tmp_path / "compose.yaml")
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env.example")
    return tmp_path


@pytest.fixture
def rendered(project: Path) -> dict:
    """The compose model after interpolation, as Compose itself resolves it."""
    verdict = compose_config(project / "compose.yaml", project / ".env.example", "--format", "json")
    assert verdict.ok, verdict.output
    return json.loads(verdict.output[verdict.output.index("{") :])


def test_compose_file_is_accepted_by_compose_v2_with_the_example_env(project):
    verdict = compose_config(project / "compose.yaml", project / ".env.example", "--quiet")
    assert verdict.ok, verdict.output


def test_missing_secrets_stop_compose_before_anything_starts(project):
    empty = project / "empty.env"
    empty.write_text("")
    verdict = compose_config(project / "compose.yaml", empty, "--quiet")
    assert not verdict.ok
    assert "required variable" in verdict.output and "deploy/.env" in verdict.output


def test_postgres_16_with_healthcheck_and_a_named_volume(rendered):
    pg = rendered["services"]["postgres"]
    assert pg["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])
    assert [v["source"] for v in pg["volumes"] if v["type"] == "volume"] == ["pgdata"]
    assert "ports" not in pg


def test_every_lotsen_service_waits_for_the_one_shot_migration(rendered):
    services = rendered["services"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["restart"] == "no"
    for name in LOTSEN_SERVICES[1:]:
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name


def test_two_replicas_of_each_backend_and_the_gateway_knows_both(rendered):
    services = rendered["services"]
    assert [n for n in services if services[n].get("command") == ["serve", "validation"]] == [
        "validation-1",
        "validation-2",
    ]
    assert [n for n in services if services[n].get("command") == ["serve", "sfi_schedule"]] == [
        "sfi-schedule-1",
        "sfi-schedule-2",
    ]
    env = services["gateway"]["environment"]
    assert env["LOTSEN_VALIDATION_URL"] == "http://validation-1:8081,http://validation-2:8081"
    assert env["LOTSEN_SFI_URL"] == "http://sfi-schedule-1:8082,http://sfi-schedule-2:8082"


def test_only_the_gateway_publishes_a_port(rendered):
    published = {name: s["ports"] for name, s in rendered["services"].items() if s.get("ports")}
    assert list(published) == ["gateway"]
    assert [(p["target"], p["published"]) for p in published["gateway"]] == [(8080, "8080")]


def test_lotsen_containers_run_locked_down_in_production_mode(rendered):
    for name in LOTSEN_SERVICES:
        service = rendered["services"][name]
        assert service["image"] == "lotsen:latest", name
        assert service["read_only"] is True and service["user"] == "10001:10001", name
        assert service["cap_drop"] == ["ALL"] and "no-new-privileges:true" in service["security_opt"], name
        assert any(t.startswith("/tmp") for t in service["tmpfs"]), name
        env = service["environment"]
        assert env["LOTSEN_ENV"] == "production" and env["LOTSEN_HOME"] == "/tmp/lotsen", name
        assert env["LOTSEN_VALIDATION_HOST"] == env["LOTSEN_SFI_HOST"] == "0.0.0.0", name  # noqa: S104
        assert env["DATABASE_URL"].startswith("postgresql://lotsen:") and "@postgres:5432/lotsen" in env["DATABASE_URL"]


def test_secrets_come_from_the_env_file(rendered):
    example = dict(
        line.split("=", 1) for line in ENV_EXAMPLE.read_text().splitlines() if line and not line.startswith("#")
    )
    env = rendered["services"]["gateway"]["environment"]
    assert env["LOTSEN_INTERNAL_SECRET"] == example["LOTSEN_INTERNAL_SECRET"]
    assert env["LOTSEN_JWT_SECRET"] == example["LOTSEN_JWT_SECRET"]
    assert f":{example['POSTGRES_PASSWORD']}@" in env["DATABASE_URL"]


def test_the_real_env_file_is_not_tracked_by_git():
    ignored = (DEPLOY.parent / ".gitignore").read_text().splitlines()
    assert "deploy/.env" in ignored


# Each breakage is made from the real file, so the check is known to reject what it must reject.
BREAKAGES = [
    pytest.param("name: lotsen\n", "name: lotsen\n  bad-indent: [\n", id="yaml-syntax-error"),
    pytest.param('command: ["migrate"]', 'comand: ["migrate"]', id="misspelled-service-key"),
    pytest.param("condition: service_completed_successfully", "condition: service_finished", id="bad-condition"),
    pytest.param("retries: 10", "retries: ten", id="wrong-type"),
    pytest.param("  migrate:\n", "  migrate-job:\n", id="dependency-on-undefined-service"),
    pytest.param("volumes:\n  pgdata:\n", "", id="undeclared-volume"),
]


@pytest.mark.parametrize(("original", "broken"), BREAKAGES)
def test_a_broken_compose_file_is_rejected(project, original, broken):
    text = (project / "compose.yaml").read_text()
    assert original in text, "the breakage no longer applies to compose.yaml; update the test"
    (project / "compose.yaml").write_text(text.replace(original, broken, 1))
    verdict = compose_config(project / "compose.yaml", project / ".env.example", "--quiet")
    assert not verdict.ok, f"compose accepted a broken file:\n{verdict.output}"


def test_every_sign_in_setting_the_gateway_reads_reaches_its_container(rendered):
    """Each ``LOTSEN_OIDC_*`` name the gateway's settings read is passed through (empty = its default)."""
    source = (Path(__file__).parents[2] / "services/gateway/oidc/config.py").read_text()
    read = set(re.findall(r'"(LOTSEN_OIDC_[A-Z_]+)"', source))
    assert len(read) > 10
    env = rendered["services"]["gateway"]["environment"]
    assert read <= set(env), sorted(read - set(env))
    assert read <= set(re.findall(r"# (LOTSEN_OIDC_[A-Z_]+)=", ENV_EXAMPLE.read_text()))


def test_every_notification_setting_the_services_read_reaches_their_containers(rendered):
    """Each ``LOTSEN_SMTP_*``, ``LOTSEN_SMS_*``, ``LOTSEN_OUTBOX_*`` and SFI notification setting is passed through."""
    root = Path(__file__).parents[2]
    outbox = (root / "shared/outbox/settings.py").read_text()
    read = set(re.findall(r'"(LOTSEN_(?:SMTP|SMS|OUTBOX)_[A-Z_]+)"', outbox))
    sfi = (root / "services/sfi_schedule/config.py").read_text()
    read |= set(re.findall(r'"(LOTSEN_SFI_(?:ADMIN_[A-Z_]+|OFFER_REMINDER_HOURS))"', sfi))
    assert {"LOTSEN_SMTP_HOST", "LOTSEN_SMTP_PASSWORD", "LOTSEN_SMS_ADAPTER", "LOTSEN_SFI_ADMIN_EMAILS"} <= read
    for name in ("validation-1", "validation-2", "sfi-schedule-1", "sfi-schedule-2"):
        env = rendered["services"][name]["environment"]
        assert read <= set(env), (name, sorted(read - set(env)))
    assert read <= set(re.findall(r"# (LOTSEN_[A-Z_]+)=", ENV_EXAMPLE.read_text()))
